"""People: named officials (Person) and the titles sources report them holding at an
organisation (Position)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partnerships.models.organisations import Organisation
from partnerships.models.sources import Source


class Person(models.Model):
    """A named official or head of an institution, as public sources name them."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    name_ja = models.CharField(_("Japanese name"), max_length=100, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.name


class PositionQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related("person", "organisation", "source")


class Position(models.Model):
    """A person's title at an organisation, as of the date a source reported it."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="positions", verbose_name=_("person")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="positions",
        verbose_name=_("organisation"),
    )
    title = models.CharField(
        _("title"), max_length=200, help_text=_("As the source gives it, e.g. Kepala Sekolah.")
    )
    as_of = models.DateField(_("as of"), help_text=_("When the source saw this person in office."))
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="positions",
        verbose_name=_("source"),
    )

    objects = PositionQuerySet.as_manager()

    class Meta:
        ordering = ["-as_of", "person__name"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation", "title"],
                name="position_unique",
                violation_error_message=_("This person already holds this title here."),
            ),
        ]

    def __str__(self):
        return f"{self.person}, {self.title} ({self.organisation})"
