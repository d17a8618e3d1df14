"""seed_bulk: bulk data of national shape, at a small scale, that keeps every rule of the models:
the database's constraints (COPY does not bypass them) and clean()'s, the stage moves, one
"+" history row per record, every agreement status."""

import io
from collections import Counter, defaultdict

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone

from devtools import bulk
from partnerships.models import Agreement, AgreementParty, Event, Organisation
from portal.models import Membership, User
from trainees.models import INSTITUTION_KINDS, Cohort, Stage, StageChange, Trainee, allowed_moves

SCALE = 0.002  # 40 organisations, 40 agreements, 20 cohorts, 600 trainees

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.slow,  # seeds bulk data
]


@pytest.fixture(scope="module", autouse=True)
def output(django_db_setup, django_db_blocker):
    """Load once for the module, in a transaction rolled back after its last test."""
    with django_db_blocker.unblock(), transaction.atomic():
        stdout = io.StringIO()
        call_command("seed_bulk", scale=SCALE, allow_production=True, stdout=stdout)
        yield stdout.getvalue()
        transaction.set_rollback(True)


def expected(key):
    return bulk.scaled(key, SCALE)


def test_counts_follow_the_scale(output):
    kinds = Counter(
        Organisation.objects.filter(slug__startswith=bulk.PREFIX).values_list("kind", flat=True)
    )
    assert kinds == {
        "school": expected("school"),
        "training_centre": sum(expected(k) for k in ("blk", "bbpvp", "lpk", "lpk_so")),
        "japanese_partner": sum(
            expected(k) for k in ("jp_supervising", "jp_company", "jp_foundation", "jp_prefectural")
        ),
        "government": expected("government"),
        "association": expected("association"),
        "industry": expected("industry"),
    }
    assert Agreement.objects.count() == expected("agreements")
    parties = AgreementParty.objects.count() / Agreement.objects.count()
    assert 2.2 <= parties <= 2.8
    assert Cohort.objects.count() == expected("cohorts")
    assert Trainee.objects.count() == expected("trainees")
    changes = StageChange.objects.count() / Trainee.objects.count()
    assert 3.5 <= changes <= 7
    forum = Event.objects.get(name=bulk.FORUM[0])
    assert forum.agreements.count() == expected("forum_agreements")
    assert set(forum.participants.all()) == set(
        Organisation.objects.filter(agreement_parties__agreement__event=forum)
    )
    statuses = Event.objects.with_status().values_list("status_code", flat=True)
    assert set(statuses) == set(Event.Status.values)
    roles = Counter(Membership.objects.values_list("role", flat=True))
    assert roles["head"] + roles["staff"] == expected("users")
    assert roles["official"] == 38
    assert "Bulk data loaded" in output and "bulk-head-00001" in output


def test_every_record_passes_full_clean():
    today = timezone.localdate()
    samples = [
        *(Organisation.objects.filter(kind=kind).first() for kind in Organisation.Kind.values),
        *Agreement.objects.order_by("?")[:30],
        *AgreementParty.objects.order_by("?")[:30],
        *Event.objects.all(),
        *Cohort.objects.order_by("?")[:20],
        *Trainee.objects.order_by("?")[:60],
        *StageChange.objects.order_by("?")[:60],
        *User.objects.order_by("?")[:10],
        *Membership.objects.order_by("?")[:10],
    ]
    for record in samples:
        record.full_clean()
    assert all(record.is_demo for record in samples if hasattr(record, "is_demo")), (
        "bulk records are marked as demo data"
    )
    assert not StageChange.objects.filter(date__gt=today).exists()


def test_rules_the_database_does_not_check():
    assert not Trainee.objects.exclude(host_organisation=None).exclude(
        host_organisation__kind="japanese_partner"
    )
    assert not Cohort.objects.exclude(institution__kind__in=INSTITUTION_KINDS)
    assert not Organisation.objects.exclude(regency=None).exclude(regency__province=F("province"))
    assert not Agreement.objects.exclude(terminated_on=None).filter(termination_reason="")
    assert not Organisation.objects.exclude(npsn=None).exclude(kind="school")
    assert Organisation.objects.filter(kind="school", npsn=None).count() == 0
    # Departed trainees have a host in Japan; most trainees have an NISN, some none.
    assert not Trainee.objects.exclude(departed_on=None).filter(host_organisation=None)
    assert Trainee.objects.filter(nisn=None).exists()
    assert Trainee.objects.exclude(nisn=None).count() > Trainee.objects.count() * 0.8
    # Associations have members and a curator verified agreements.
    assert (
        Organisation.objects.filter(kind="association").annotate(n=Count("members")).filter(n__gt=0)
    )
    assert not Agreement.objects.exclude(verified_at=None).filter(verified_by=None)


def test_timelines_follow_the_stage_rules():
    today = timezone.localdate()
    steps = defaultdict(list)
    for trainee_id, stage, date in StageChange.objects.order_by(
        "trainee", "date", "pk"
    ).values_list("trainee", "stage", "date"):
        steps[trainee_id].append((stage, date))
    trainees = Trainee.objects.select_related("cohort__programme")
    domestic = 0
    for trainee in trainees:
        timeline = steps[trainee.pk]
        assert timeline[0][0] == Stage.REGISTERED
        for (before, on), (after, later) in zip(timeline, timeline[1:], strict=False):
            assert after in allowed_moves(before, domestic=trainee.cohort.is_domestic)
            assert on <= later <= today
        assert timeline[-1] == (trainee.stage, trainee.stage_since)
        dates = dict(timeline)
        assert trainee.departed_on == dates.get(Stage.DEPARTED)
        assert trainee.returned_on == dates.get(Stage.RETURNED)
        domestic += trainee.cohort.is_domestic
    assert domestic, "some cohorts run a domestic programme"
    reached = Counter(Trainee.objects.values_list("stage", flat=True))
    assert {Stage.REGISTERED, Stage.IN_TRAINING, Stage.IN_JAPAN, Stage.RETURNED} <= set(reached)


@pytest.mark.parametrize(
    "model", [Organisation, Agreement, AgreementParty, Cohort, Trainee, User, Membership]
)
def test_each_record_has_its_creation_history_row(model):
    created = model.history.filter(history_type="+")
    assert sorted(created.values_list("id", flat=True)) == sorted(
        model.objects.values_list("pk", flat=True)
    )
    assert model.history.count() == model.objects.count()


def test_agreements_cover_every_status():
    statuses = Counter(Agreement.objects.with_status().values_list("status_code", flat=True))
    assert set(statuses) == set(Agreement.Status.values)
    for agreement in Agreement.objects.with_status()[:50]:
        assert agreement.status_on(timezone.localdate()) == agreement.status_code


def test_accounts_share_the_published_password():
    head = User.objects.get(username="bulk-head-00001")
    assert head.check_password(bulk.PASSWORD)
    (membership,) = head.memberships.all()
    assert membership.organisation.cohorts.exists()
    curator = User.objects.get(username="bulk-curator")
    assert curator.is_curator and curator.groups.filter(name="Kurator").exists()


def test_refuses_a_second_load():
    with pytest.raises(CommandError, match="already holds bulk data"):
        call_command("seed_bulk", scale=SCALE, allow_production=True)


def test_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--allow-production"):
        call_command("seed_bulk", scale=SCALE)
