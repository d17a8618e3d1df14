from django.urls import path

from partnerships import lookups, views

app_name = "partnerships"

urlpatterns = [
    path("lookup/organisations/", lookups.organisations, name="lookup-organisations"),
    path("lookup/agreements/", lookups.agreements, name="lookup-agreements"),
    path("organisations/", views.OrganisationListView.as_view(), name="organisation-list"),
    path(
        "organisations/<slug:slug>/",
        views.OrganisationDetailView.as_view(),
        name="organisation-detail",
    ),
    path(
        "organisations/<slug:slug>/edit/",
        views.OrganisationUpdateView.as_view(),
        name="organisation-edit",
    ),
    path(
        "organisations/<slug:slug>/history/",
        views.OrganisationHistoryView.as_view(),
        name="organisation-history",
    ),
    path("partnerships/", views.AgreementListView.as_view(), name="agreement-list"),
    path("partnerships/<int:pk>/", views.AgreementDetailView.as_view(), name="agreement-detail"),
    path(
        "partnerships/<int:pk>/document/",
        views.agreement_document,
        name="agreement-document",
    ),
    path(
        "partnerships/<int:pk>/history/",
        views.AgreementHistoryView.as_view(),
        name="agreement-history",
    ),
    path("events/<int:pk>/", views.EventDetailView.as_view(), name="event-detail"),
]
