from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    """The officials' dashboards and their reports: above partnerships and trainees."""

    name = "dashboards"
    verbose_name = _("Dashboards")
