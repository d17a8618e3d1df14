"""Events: dated happenings between organisations, with their status derived from the
date."""

from django.db import models
from django.db.models import Case, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerships.models.organisations import Organisation
from partnerships.models.sources import Source
from portal.models import Regency


class EventQuerySet(models.QuerySet):
    def with_status(self, today=None):
        """Annotate `status_code` as of `today` (Jakarta time): planned while the date is ahead,
        held from that day on. Keep in step with Event.status_on()."""
        today = today or timezone.localdate()
        return self.annotate(
            status_code=Case(
                When(date__gt=today, then=Value(Event.Status.PLANNED)),
                default=Value(Event.Status.HELD),
                output_field=models.CharField(),
            )
        )


class Event(models.Model):
    """A dated happening that involves organisations: an audience, a launch, a visit, a forum
    where agreements are signed. Whether it is still planned follows from its date, never
    stored: a source's "will be held" turns into "was held" on the day."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meeting or audience")
        LAUNCH = "launch", _("Launch")
        VISIT = "visit", _("Visit")
        FORUM = "forum", _("Forum")
        SIGNING = "signing", _("Signing ceremony")
        OPENING = "opening", _("Opening")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")

    name = models.CharField(_("name"), max_length=250)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    venue = models.CharField(_("venue"), max_length=250, blank=True)
    regency = models.ForeignKey(
        Regency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("city or regency"),
    )
    participants = models.ManyToManyField(
        Organisation, blank=True, related_name="events", verbose_name=_("participants")
    )
    summary = models.TextField(_("summary"), blank=True)
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("source"),
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "name"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.UniqueConstraint(
                fields=["name", "date"],
                name="event_name_date_unique",
                violation_error_message=_("An event with this name on this date already exists."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.date:%Y-%m-%d})"

    def status_on(self, today):
        """The status on a given day; the same rule as EventQuerySet.with_status()."""
        return self.Status.PLANNED if self.date > today else self.Status.HELD

    @property
    def status(self):
        code = getattr(self, "status_code", None) or self.status_on(timezone.localdate())
        return self.Status(code)
