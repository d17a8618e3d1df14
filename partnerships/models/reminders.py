"""ExpiryReminder: the record that one expiry reminder was sent (the sending itself is in
partnerships/reminders.py)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerships.models.agreements import Agreement


class ExpiryReminder(models.Model):
    """One reminder that an agreement expires soon, sent at one threshold (90, 30 or 7 days)
    before one expiry date. The row is the claim: the unique constraint makes sure that
    concurrent workers send it once (partnerships/reminders.py). An agreement extended to a new
    date is reminded again."""

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="expiry_reminders",
        verbose_name=_("agreement"),
    )
    expires_on = models.DateField(_("expiry date reminded of"))
    threshold = models.PositiveSmallIntegerField(_("days before expiry"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        ordering = ["-sent_at", "pk"]
        verbose_name = _("expiry reminder")
        verbose_name_plural = _("expiry reminders")
        constraints = [
            # Also the index of reminders.due_reminders(): which thresholds were sent.
            models.UniqueConstraint(
                fields=["agreement", "expires_on", "threshold"],
                name="expiry_reminder_once",
                violation_error_message=_(
                    "This reminder has already been sent for this agreement and expiry date."
                ),
            ),
        ]

    def __str__(self):
        return _("%(agreement)s: %(days)d days before %(date)s") % {
            "agreement": self.agreement,
            "days": self.threshold,
            "date": self.expires_on,
        }
