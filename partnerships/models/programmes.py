"""Programmes: the reference list of what an agreement serves."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Programme(models.Model):
    """What an agreement serves: an industry class, apprenticeship in Japan... (loaded by
    migration; curators may add more)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100, help_text=_("In Indonesian."))
    # Reference data shows in the page's language: one name per language of the interface.
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    name_ja = models.CharField(_("name in Japanese"), max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_domestic = models.BooleanField(
        _("domestic"),
        default=False,
        help_text=_(
            "Its trainees stay in Indonesia and end with an outcome (placement, business, "
            "study), not a departure to Japan."
        ),
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self):
        return self.localized_name

    @property
    def localized_name(self):
        """The name in the active language, the Indonesian one when none is recorded."""
        language = (translation.get_language() or "id").split("-")[0]
        return getattr(self, f"name_{language}", "") or self.name
