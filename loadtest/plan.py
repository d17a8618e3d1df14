"""Write the load test's plan (JSON on stdout): what readers open and what each writer edits.

    DATABASE_URL=... python loadtest/plan.py --writers 2 > plan.json

Readers get agreement, event and province ids of the bulk data; each writer gets a bulk head
(`bulk-head-00001`, ...: heads of the institutions that run the most cohorts, devtools/bulk/),
the cohorts of the head's institution, trainees of them still at "registered" (each is moved
once, to "in training") and trainees to edit with their current fields.
"""

import argparse
import json
import os
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
django.setup()

from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from devtools.bulk import PASSWORD  # noqa: E402
from partnerships.models import Agreement, Event  # noqa: E402
from portal.models import Membership, Province  # noqa: E402
from trainees.forms import TraineeForm  # noqa: E402
from trainees.models import Cohort, Stage, Trainee  # noqa: E402

TRAINEE_FIELDS = list(TraineeForm.Meta.fields)  # what the edit form sends back


def form_values(trainee):
    values = {}
    for name in TRAINEE_FIELDS:
        field = Trainee._meta.get_field(name)
        value = getattr(trainee, field.attname)
        values[name] = "" if value is None else str(value)
    return values


def writer(membership):
    cohorts = list(Cohort.objects.filter(institution_id=membership.organisation_id).order_by("pk"))
    trainees = Trainee.objects.filter(cohort__in=cohorts).order_by("pk")
    registered = list(trainees.filter(stage=Stage.REGISTERED).values("pk", "cohort_id")[:2000])
    to_edit = [
        {"pk": t.pk, "fields": form_values(t)}
        for t in trainees.exclude(stage=Stage.REGISTERED)[:50]
    ]
    return {
        "username": membership.user.username,
        "password": PASSWORD,
        "cohorts": [c.pk for c in cohorts],
        "registered": [[row["cohort_id"], row["pk"]] for row in registered],
        "edit": to_edit,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--writers", type=int, default=2)
    args = parser.parse_args()
    heads = (
        Membership.objects.filter(role=Membership.Role.HEAD, user__username__startswith="bulk-")
        .select_related("user")
        .order_by("user__username")[: args.writers]
    )
    agreements = list(Agreement.objects.order_by("pk").values_list("pk", flat=True))
    biggest_event = Event.objects.annotate(n=Count("agreements")).order_by("-n", "pk").first()
    plan = {
        "today": timezone.localdate().isoformat(),
        "agreements": agreements[:: max(1, len(agreements) // 200)],
        "events": list(Event.objects.order_by("pk").values_list("pk", flat=True)[:50]),
        "forum": biggest_event.pk,
        "provinces": list(Province.objects.values_list("code", flat=True)),
        "search": ["pemagangan", "kelas industri", "bahasa", "Jepang"],
        "writers": [writer(m) for m in heads],
    }
    if len(plan["writers"]) < args.writers:
        sys.exit(f"Only {len(plan['writers'])} bulk heads: seed with more --users.")
    json.dump(plan, sys.stdout)


if __name__ == "__main__":
    main()
