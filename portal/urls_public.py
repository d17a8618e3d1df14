from django.urls import path

from portal import lookups, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("me/", views.dashboard, name="dashboard"),
    path("provinces/", views.ProvinceListView.as_view(), name="province-list"),
    path("provinces/<str:code>/", views.ProvinceDetailView.as_view(), name="province-detail"),
    path("lookup/organisations/", lookups.organisations, name="lookup-organisations"),
    path("lookup/agreements/", lookups.agreements, name="lookup-agreements"),
]
