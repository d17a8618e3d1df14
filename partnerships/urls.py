from django.urls import path

from partnerships import views

app_name = "partnerships"

urlpatterns = [
    path("organisations/", views.OrganisationListView.as_view(), name="organisation-list"),
    path(
        "organisations/<slug:slug>/",
        views.OrganisationDetailView.as_view(),
        name="organisation-detail",
    ),
    path("partnerships/", views.AgreementListView.as_view(), name="agreement-list"),
    path("partnerships/<int:pk>/", views.AgreementDetailView.as_view(), name="agreement-detail"),
    path(
        "partnerships/<int:pk>/document/",
        views.agreement_document,
        name="agreement-document",
    ),
    path("events/<int:pk>/", views.EventDetailView.as_view(), name="event-detail"),
]
