"""Trainees' records are deleted five years after they leave the programme, with their stage
changes and their history, as the privacy notice says."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from trainees import services
from trainees.models import Stage, StageChange, Trainee

D = datetime.date


@pytest.fixture
def trainees(trainee_factory, cohort_factory):
    cohort = cohort_factory()
    made = {
        name: trainee_factory(cohort=cohort)
        for name in [
            "old_return",
            "old_withdrawn",
            "old_outcome",
            "recent_return",
            "old_in_japan",
            "old_but_edited",
        ]
    }
    long_ago = D(2019, 3, 1)
    then = timezone.make_aware(datetime.datetime(2019, 3, 1))
    recently = timezone.now()

    def set_(name, **fields):
        Trainee.objects.filter(pk=made[name].pk).update(**fields)

    set_(
        "old_return",
        stage=Stage.RETURNED,
        stage_since=long_ago,
        departed_on=D(2016, 1, 1),
        returned_on=long_ago,
        updated_at=then,
    )
    set_("old_withdrawn", stage=Stage.WITHDRAWN, stage_since=long_ago, updated_at=then)
    set_(
        "old_outcome",
        stage=Stage.IN_TRAINING,
        outcome="placed",
        stage_since=long_ago,
        updated_at=then,
    )
    set_(
        "recent_return",
        stage=Stage.RETURNED,
        stage_since=D(2024, 3, 1),
        departed_on=D(2021, 1, 1),
        returned_on=D(2024, 3, 1),
        updated_at=recently,
    )
    set_(
        "old_in_japan",
        stage=Stage.IN_JAPAN,
        stage_since=long_ago,
        departed_on=long_ago,
        updated_at=then,
    )  # still in the programme, however old
    set_("old_but_edited", stage=Stage.WITHDRAWN, stage_since=long_ago, updated_at=recently)
    return made


def test_only_those_who_left_five_years_ago_are_deleted_with_their_history(trainees):
    gone = [trainees[n].pk for n in ("old_return", "old_withdrawn", "old_outcome")]
    kept = [trainees[n].pk for n in ("recent_return", "old_in_japan", "old_but_edited")]
    assert StageChange.objects.filter(trainee__in=gone).exists()
    assert Trainee.history.filter(id__in=gone).exists()

    assert services.purge_expired_trainees(today=D(2026, 11, 23)) == 3

    assert set(Trainee.objects.values_list("pk", flat=True)) == set(kept)
    assert not StageChange.objects.filter(trainee__in=gone).exists()
    assert not Trainee.history.filter(id__in=gone).exists()
    assert Trainee.history.filter(id__in=kept).exists()


def test_the_command_counts_first_with_dry_run(trainees):
    out = io.StringIO()
    call_command("purge_trainees", "--dry-run", stdout=out)
    assert "Would delete 3 " in out.getvalue()
    assert Trainee.objects.count() == 6
    call_command("purge_trainees", stdout=out)
    assert "Deleted 3 " in out.getvalue()
    assert Trainee.objects.count() == 3


def test_the_cutoff_on_29_february(trainees):
    assert services.expired_trainees(today=D(2028, 2, 29)).count() == 3
