"""Figures: numbers officials reported about an organisation, each with its source."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partnerships.models.organisations import Organisation
from partnerships.models.sources import Source


class FigureQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related("organisation", "source")


class Figure(models.Model):
    """A figure an official reported (participants sent, placement rate...), with its date and
    its source. Reported figures are kept apart from the totals the portal counts itself."""

    class Metric(models.TextChoices):
        PARTICIPANTS_SENT = "participants_sent", _("Participants sent to Japan")
        PARTICIPANTS_IN_JAPAN = "participants_in_japan", _("Participants in Japan now")
        CANDIDATES_IN_TRAINING = "candidates_in_training", _("Candidates in training and selection")
        ALUMNI_PLACED_RATE = "alumni_placed_rate", _("Alumni placed in industry")
        ALUMNI_ENTREPRENEUR_RATE = "alumni_entrepreneur_rate", _("Alumni who became entrepreneurs")
        ALUMNI_PLACED = "alumni_placed", _("Alumni sent to industry")
        AGREEMENTS_SIGNED = "agreements_signed", _("Agreements signed")
        AGREEMENTS_TARGET = "agreements_target", _("Agreements targeted")
        LEARNING_GROUPS = "learning_groups", _("Learning groups (rombel)")
        CONSTRUCTION_PROGRESS = "construction_progress", _("Construction progress")

    class Unit(models.TextChoices):
        # The units as the admin's choice names them. "people" has a context of its own:
        # Person's plural is also "people" (notable people: "tokoh", "人物"), a head count is not
        # ("orang", "人"). Pages write a figure with its unit as one phrase (figure_value).
        PEOPLE = "people", pgettext_lazy("unit of a count", "people")
        PERCENT = "percent", pgettext_lazy("unit of a count", "%")
        AGREEMENTS = "agreements", pgettext_lazy("unit of a count", "agreements")
        GROUPS = "groups", pgettext_lazy("unit of a count", "groups")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="figures",
        verbose_name=_("organisation"),
    )
    metric = models.CharField(_("metric"), max_length=40, choices=Metric.choices)
    value = models.DecimalField(
        _("value"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0, _("A figure cannot be negative."))],
    )
    value_max = models.DecimalField(
        _("upper value"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("For a range such as 90-95%."),
    )
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    as_of = models.DateField(_("as of"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="figures",
        verbose_name=_("source"),
    )

    objects = FigureQuerySet.as_manager()

    class Meta:
        ordering = ["-as_of", "metric"]
        verbose_name = _("reported figure")
        verbose_name_plural = _("reported figures")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "metric", "as_of"],
                name="figure_unique_per_date",
                violation_error_message=_(
                    "This figure is already recorded for this organisation on this date."
                ),
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="figure_value_not_negative",
                violation_error_message=_("A figure cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(value_max__isnull=True) | Q(value_max__gt=models.F("value")),
                name="figure_range_ordered",
                violation_error_message=_("The upper value must be larger than the value."),
            ),
            models.CheckConstraint(
                condition=~Q(unit="percent")
                | Q(value__lte=100, value_max__isnull=True)
                | Q(value__lte=100, value_max__lte=100),
                name="figure_percent_at_most_100",
                violation_error_message=_("A percentage is at most 100."),
            ),
        ]

    def __str__(self):
        return f"{self.get_metric_display()}: {self.value} ({self.organisation})"

    def clean(self):
        super().clean()
        errors = {}
        if self.value is not None and self.value_max is not None and self.value_max <= self.value:
            errors["value_max"] = _("The upper value must be larger than the value.")
        if self.unit == self.Unit.PERCENT:
            for name in ("value", "value_max"):
                if (getattr(self, name) or 0) > 100:
                    errors.setdefault(name, _("A percentage is at most 100."))
        if errors:
            raise ValidationError(errors)
