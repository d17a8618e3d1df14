from django.urls import path

from portal import lookups, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("me/", views.dashboard, name="dashboard"),
    path("dashboard/", views.national_dashboard, name="national-dashboard"),
    path("dashboard/report.<str:fmt>", views.dashboard_report, name="national-report"),
    path("provinces/", views.ProvinceListView.as_view(), name="province-list"),
    path("provinces/<str:code>/report.<str:fmt>", views.dashboard_report, name="province-report"),
    path("provinces/<str:code>/", views.ProvinceDetailView.as_view(), name="province-detail"),
    path("about/", views.IdentityPage.as_view(template_name="portal/about.html"), name="about"),
    path(
        "privacy/",
        views.IdentityPage.as_view(template_name="portal/privacy.html"),
        name="privacy",
    ),
    path(
        "contact/",
        views.IdentityPage.as_view(template_name="portal/contact.html"),
        name="contact",
    ),
    path("lookup/organisations/", lookups.organisations, name="lookup-organisations"),
    path("lookup/agreements/", lookups.agreements, name="lookup-agreements"),
]
