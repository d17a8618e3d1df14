"""Reads of trainees' records that aggregate: what the pages above (the workspace) show of them."""

import datetime

from django.db.models import Count, Max
from django.utils import timezone

from partnerships.models import Organisation
from trainees.models import Stage, StageChange

# "Recent": the partners' moves of the last RECENT_DAYS. The workspace lists the newest few;
# older ones are in each trainee's timeline.
RECENT_DAYS = 90


def recent_partner_moves(institution_ids, limit=10):
    """The newest moves the cohorts' partners recorded on the cohorts of `institution_ids`, one
    row per partner, cohort, stage and date with how many trainees made it: dicts of
    partner_id, partner_name, partner_slug, cohort_id, cohort_name, intake_year, stage,
    stage_label, date, count and recorded_at (the last of them). One grouped query, whatever
    the number of moves; no trainee's name (the head opens the cohort for those, and that look
    is logged)."""
    if not institution_ids:
        return []
    since = timezone.now() - datetime.timedelta(days=RECENT_DAYS)
    rows = (
        # stagechange_partner_recent_idx: the partners' rows only, newest first.
        StageChange.objects.filter(
            partner__isnull=False,
            recorded_at__gte=since,
            trainee__cohort__institution__in=list(institution_ids),
        )
        .values(
            "partner_id",
            "trainee__cohort_id",
            "stage",
            "date",
        )
        .annotate(
            count=Count("pk"),
            recorded_at=Max("recorded_at"),
            partner_name=Max("partner__name"),
            partner_slug=Max("partner__slug"),
            partner_name_ja=Max("partner__name_ja"),
            partner_kind=Max("partner__kind"),
            cohort_name=Max("trainee__cohort__name"),
            intake_year=Max("trainee__cohort__intake_year"),
        )
        .order_by("-recorded_at", "partner_id", "trainee__cohort_id", "stage")[:limit]
    )
    return [
        {
            "partner_id": row["partner_id"],
            "partner_name": row["partner_name"],
            "partner_slug": row["partner_slug"],
            # An unsaved stand-in, so that the page names the partner as everywhere else
            # (its Japanese name on Japanese pages: portal's org_name filter).
            "partner": Organisation(
                pk=row["partner_id"],
                name=row["partner_name"],
                name_ja=row["partner_name_ja"],
                kind=row["partner_kind"],
                slug=row["partner_slug"],
            ),
            "cohort_id": row["trainee__cohort_id"],
            "cohort_name": row["cohort_name"],
            "intake_year": row["intake_year"],
            "stage": row["stage"],
            "stage_label": Stage(row["stage"]).label,
            "date": row["date"],
            "count": row["count"],
            "recorded_at": row["recorded_at"],
        }
        for row in rows
    ]
