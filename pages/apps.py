from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    """The site's own pages: home, workspace, About, privacy, contact, language."""

    name = "pages"
    verbose_name = _("Site pages")
