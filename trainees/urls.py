from django.urls import path

from trainees import views

app_name = "trainees"

urlpatterns = [
    path("cohorts/", views.CohortListView.as_view(), name="cohort-list"),
    path("cohorts/new/", views.CohortCreateView.as_view(), name="cohort-create"),
    path("cohorts/<int:pk>/", views.CohortDetailView.as_view(), name="cohort-detail"),
    path("cohorts/<int:pk>/edit/", views.CohortUpdateView.as_view(), name="cohort-edit"),
    path("cohorts/<int:pk>/move/", views.cohort_move, name="cohort-move"),
    path("cohorts/<int:pk>/import/", views.cohort_import, name="cohort-import"),
    path("cohorts/<int:pk>/roster/", views.cohort_export, name="cohort-export"),
    path(
        "cohorts/<int:pk>/trainees/new/",
        views.TraineeCreateView.as_view(),
        name="trainee-create",
    ),
    path("cohorts/template.<str:fmt>", views.roster_template, name="roster-template"),
    path("trainees/<int:pk>/", views.TraineeDetailView.as_view(), name="trainee-detail"),
    path("trainees/<int:pk>/edit/", views.TraineeUpdateView.as_view(), name="trainee-edit"),
    path("trainees/<int:pk>/move/", views.trainee_move, name="trainee-move"),
    path("cohorts/<int:pk>/history/", views.CohortHistoryView.as_view(), name="cohort-history"),
    path("trainees/<int:pk>/history/", views.TraineeHistoryView.as_view(), name="trainee-history"),
    path(
        "organisations/<slug:slug>/data-access/",
        views.DataAccessListView.as_view(),
        name="data-access",
    ),
]
