"""The access log of trainees' personal data: who opened what, when (trainees.models.DataAccess).

Every view that shows a trainee's record or a roster, every roster export and import, and the
curators' pages of trainees write an entry here, after the access check and before the data is
sent. Entries name trainees, cohorts and institutions by id, never by name: the log itself holds
no personal data of the trainees.
"""

import datetime
from collections import Counter

from django.db import transaction
from django.utils import timezone

from trainees.models import DataAccess

Action = DataAccess.Action


def _account(user):
    if user is not None and user.is_authenticated:
        return {"user_id": user.pk, "username": user.get_username()}
    return {"user_id": None, "username": ""}


def record(user, action, *, cohort=None, trainee=None, count=1, detail=""):
    """One entry: `user` did `action` on `trainee` (one record) or on `count` trainees of
    `cohort`. The institution is the cohort's, whose heads read the entry."""
    if trainee is not None and cohort is None:
        cohort = trainee.cohort
    DataAccess.objects.create(
        **_account(user),
        action=action,
        institution_id=cohort.institution_id if cohort is not None else None,
        cohort=cohort,
        trainee=trainee,
        count=count,
        detail=detail[:200],
    )


def record_trainees(user, action, trainees, *, detail=""):
    """Entries for a page listing trainees of several cohorts (the curators' lists): one per
    cohort, so that each institution's heads see what was opened of theirs. `trainees` need
    their cohort's id and institution's id (`cohort__institution_id` through select_related or
    values)."""
    per_cohort = Counter()
    institutions = {}
    for trainee in trainees:
        per_cohort[trainee.cohort_id] += 1
        institutions[trainee.cohort_id] = trainee.cohort.institution_id
    DataAccess.objects.bulk_create(
        [
            DataAccess(
                **_account(user),
                action=action,
                institution_id=institutions[cohort_id],
                cohort_id=cohort_id,
                count=count,
                detail=detail[:200],
            )
            for cohort_id, count in per_cohort.items()
        ]
    )


PURGE_ACCOUNT = "purge_trainees"


def record_purge(groups, *, cutoff):
    """Entries for the trainees deleted at the end of their retention: `groups` counts them per
    (cohort id, institution id, stage). The entry says why: the final stage they were at, and
    that nothing changed on their record since before `cutoff`."""
    DataAccess.objects.bulk_create(
        [
            DataAccess(
                username=PURGE_ACCOUNT,
                action=Action.PURGE,
                institution_id=institution_id,
                cohort_id=cohort_id,
                count=count,
                detail=f"{stage}; no change since before {cutoff.isoformat()}",
            )
            for (cohort_id, institution_id, stage), count in sorted(groups.items())
        ]
    )


def retention_cutoff(now=None):
    return (now or timezone.now()) - datetime.timedelta(days=DataAccess.RETENTION_DAYS)


@transaction.atomic
def purge(*, now=None) -> int:
    """Delete the entries older than DataAccess.RETENTION_DAYS (the database refuses to delete
    younger ones). Returns how many went."""
    deleted, _per_model = DataAccess.objects.filter(at__lt=retention_cutoff(now)).delete()
    return deleted
