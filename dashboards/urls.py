from django.urls import path

from dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("dashboard/", views.national_dashboard, name="national"),
    path("dashboard/report.<str:fmt>", views.dashboard_report, name="national-report"),
    path("provinces/", views.ProvinceListView.as_view(), name="province-list"),
    path("provinces/<str:code>/report.<str:fmt>", views.dashboard_report, name="province-report"),
    path("provinces/<str:code>/", views.ProvinceDetailView.as_view(), name="province"),
]
