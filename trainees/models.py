# Cohorts, trainees and their stage history arrive with their own issue.
