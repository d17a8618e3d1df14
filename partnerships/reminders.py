"""Reminders that an agreement in force expires soon: 90, 30 and 7 days before its expiry date.

`send_due_reminders()` runs daily (the `send_reminders` command enqueues the task
partnerships.tasks.send_expiry_reminders). Each reminder is sent once per agreement, expiry date
and threshold, however many workers run at once and however often the job runs:

- The row of ExpiryReminder is the claim. It is inserted before the mails go out, inside the
  same transaction; a second worker that reaches the same reminder fails on the unique
  constraint (or waits for the first one's transaction and then fails on it) and skips it.
- The mails are sent inside that transaction, after the insert. If sending fails (the mail
  server is down) the exception rolls the claim back and fails the task: the next run sends
  the reminder again. The price is "at least once": if the mail server accepted some mails
  before failing, or the database commit fails after the mails left, some recipients get the
  reminder twice on the next run. Never twice because two workers raced, never silently lost.

An agreement first seen past a lower threshold (a 20-day-old expiry, say) is reminded at that
threshold only: no burst of 90, 30 and 7 at once. Nothing personal is logged: only counts and
agreement ids.
"""

import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from partnerships.models import Agreement, ExpiryReminder
from portal.models import Membership
from portal.roles import CURATORS

logger = logging.getLogger(__name__)

THRESHOLDS = (90, 30, 7)
HORIZON = max(THRESHOLDS)


def threshold_for(days_left):
    """The smallest threshold at or above `days_left` (7 for 0 to 7 days, 30 for 8 to 30,
    90 for 31 to 90); None outside 0..90."""
    if days_left is None or not 0 <= days_left <= HORIZON:
        return None
    return min(t for t in THRESHOLDS if t >= days_left)


def days_left(expires_on, *, today=None):
    """Whole days from today (Jakarta time) to the expiry date; None without a date."""
    if expires_on is None:
        return None
    return (expires_on - (today or timezone.localdate())).days


def due_reminders(*, today):
    """The (agreement, threshold) pairs to remind of today, in two queries whatever the number
    of agreements: agreements in force expiring within 90 days, with their parties, and the
    thresholds already sent for their current expiry dates."""
    agreements = list(
        Agreement.objects.active(today)
        .filter(expires_on__lte=today + datetime.timedelta(days=HORIZON))
        .prefetch_related("parties__organisation")
        .order_by("expires_on", "pk")
    )
    due = []
    for agreement in agreements:
        threshold = threshold_for(days_left(agreement.expires_on, today=today))
        if threshold is not None:
            due.append((agreement, threshold))
    if not due:
        return []
    sent = set(
        ExpiryReminder.objects.filter(
            agreement__in=[agreement.pk for agreement, _threshold in due]
        ).values_list("agreement_id", "expires_on", "threshold")
    )
    return [
        (agreement, threshold)
        for agreement, threshold in due
        if (agreement.pk, agreement.expires_on, threshold) not in sent
    ]


def recipients(agreement):
    """Who is reminded: the curators and the heads and staff of every party, active, with an
    email address, each once."""
    return recipients_of([agreement])[agreement.pk]


def recipients_of(agreements):
    """recipients() of each agreement, as {agreement pk: [users]}, in two queries however many
    agreements: the curators once, and the heads and staff of every party at once."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    curators = list(users.filter(CURATORS).order_by("pk"))
    parties = {
        agreement.pk: {party.organisation_id for party in agreement.parties.all()}
        for agreement in agreements
    }
    staff = defaultdict(set)  # organisation id -> its heads and staff
    for membership in Membership.objects.filter(
        role__in=Membership.INSTITUTION_ROLES,
        organisation__in=set().union(*parties.values()),
        user__in=users,
    ).select_related("user"):
        staff[membership.organisation_id].add(membership.user)
    result = {}
    for pk, organisations in parties.items():
        people = {user.pk: user for user in curators}
        for organisation in organisations:
            people.update((user.pk, user) for user in staff[organisation])
        result[pk] = [people[key] for key in sorted(people)]
    return result


def render_reminder(agreement, *, threshold, today, user, base_url):
    """The subject and body of one reminder, in the user's language (the site's default when
    they have not chosen one)."""
    language = user.language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "user": user,
            "agreement": agreement,
            "parties": [party.organisation.name for party in agreement.parties.all()],
            "expires_on": agreement.expires_on,
            "days_left": days_left(agreement.expires_on, today=today),
            "threshold": threshold,
            "link": base_url.rstrip("/") + agreement.get_absolute_url(),
        }
        subject = render_to_string(
            "partnerships/emails/expiry_reminder_subject.txt", context
        ).strip()
        body = render_to_string("partnerships/emails/expiry_reminder_body.txt", context)
    return " ".join(subject.split()), body


def send_due_reminders(*, today=None, base_url=None):
    """Send every reminder due today; return the number of mails sent. Links point at
    `base_url`, by default settings.PORTAL_BASE_URL."""
    today = today or timezone.localdate()
    base_url = base_url or settings.PORTAL_BASE_URL
    sent = 0
    due = due_reminders(today=today)
    reminded = recipients_of([agreement for agreement, _threshold in due])
    for agreement, threshold in due:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    reminder = ExpiryReminder.objects.create(
                        agreement=agreement,
                        expires_on=agreement.expires_on,
                        threshold=threshold,
                    )
            except IntegrityError:
                # Another worker claimed it (and sent it, or will roll back and retry later).
                continue
            users = reminded[agreement.pk]
            for user in users:
                subject, body = render_reminder(
                    agreement, threshold=threshold, today=today, user=user, base_url=base_url
                )
                send_mail(
                    subject=subject,
                    message=body,
                    from_email=None,
                    recipient_list=[user.email],
                )
            reminder.recipient_count = len(users)
            reminder.save(update_fields=["recipient_count"])
        sent += len(users)
        logger.info(
            "Expiry reminder sent: agreement %s, %s days, %s recipients",
            agreement.pk,
            threshold,
            len(users),
        )
    return sent
