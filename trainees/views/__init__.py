"""Cohort and trainee pages. Every view passes through portal.access: trainees are seen and
changed only by their institution's heads and staff and by curators; officials of the province
see a cohort's totals, never its names. One module per subject; trainees/urls.py and the tests
name the views from here."""

from trainees.views.access_log import DataAccessListView
from trainees.views.cohorts import (
    ROLES,
    ROSTER_PAGE_SIZE,
    CohortCreateView,
    CohortDetailView,
    CohortHistoryView,
    CohortListView,
    CohortUpdateView,
    cohort_move,
    funnel,
    roster_queryset,
)
from trainees.views.rosters import cohort_export, cohort_import, roster_template
from trainees.views.trainees import (
    TraineeCreateView,
    TraineeDetailView,
    TraineeHistoryView,
    TraineeUpdateView,
    trainee_move,
)

__all__ = [
    "ROLES",
    "ROSTER_PAGE_SIZE",
    "CohortCreateView",
    "CohortDetailView",
    "CohortHistoryView",
    "CohortListView",
    "CohortUpdateView",
    "DataAccessListView",
    "TraineeCreateView",
    "TraineeDetailView",
    "TraineeHistoryView",
    "TraineeUpdateView",
    "cohort_export",
    "cohort_import",
    "cohort_move",
    "funnel",
    "roster_queryset",
    "roster_template",
    "trainee_move",
]
