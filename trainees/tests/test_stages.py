import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from partnerships.models import Programme
from trainees import services
from trainees.models import (
    FINAL_STAGES,
    FUNNEL,
    Cohort,
    Stage,
    StageChange,
    Trainee,
    allowed_moves,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def move(trainee, stage, date, **kwargs):
    services.move_trainee(trainee=trainee, stage=stage, date=date, **kwargs)
    trainee.refresh_from_db()


def test_a_new_trainee_starts_registered_with_a_first_step(trainee_factory):
    trainee = trainee_factory()
    assert trainee.stage == Stage.REGISTERED
    (step,) = trainee.stage_changes.all()
    assert (step.stage, step.date) == (Stage.REGISTERED, D(2025, 7, 1))


def test_the_whole_way_to_japan_and_back(trainee_factory, user_factory):
    trainee = trainee_factory()
    head = user_factory()
    steps = [
        (Stage.IN_TRAINING, D(2025, 7, 12)),
        (Stage.SELECTION, D(2025, 10, 1)),
        (Stage.PASSED, D(2025, 10, 3)),
        (Stage.PRE_DEPARTURE, D(2025, 11, 1)),
        (Stage.DEPARTED, D(2026, 2, 1)),
        (Stage.IN_JAPAN, D(2026, 2, 2)),
        (Stage.RETURNED, D(2026, 11, 1)),
    ]
    for stage, date in steps:
        move(trainee, stage, date, note="ok", user=head)
    trainee.refresh_from_db()
    assert trainee.stage == Stage.RETURNED
    assert (trainee.departed_on, trainee.returned_on) == (D(2026, 2, 1), D(2026, 11, 1))
    assert [c.stage for c in trainee.stage_changes.all()] == [Stage.REGISTERED] + [
        s for s, _ in steps
    ]
    assert trainee.stage_changes.last().recorded_by == head
    # Every save of the trainee is in its history.
    assert trainee.history.count() == len(steps) + 1


@pytest.mark.parametrize(
    "path, refused",
    [
        ([], Stage.SELECTION),  # skipping training
        ([], Stage.DEPARTED),
        ([Stage.IN_TRAINING, Stage.SELECTION], Stage.PRE_DEPARTURE),  # no result yet
        ([Stage.IN_TRAINING, Stage.SELECTION, Stage.NOT_PASSED], Stage.PRE_DEPARTURE),
        ([Stage.WITHDRAWN], Stage.IN_TRAINING),  # withdrawal is final
        ([Stage.IN_TRAINING], Stage.REGISTERED),  # no way back
    ],
)
def test_moves_that_are_refused(trainee_factory, path, refused):
    trainee = trainee_factory()
    day = D(2025, 8, 1)
    for stage in path:
        move(trainee, stage, day)
    with pytest.raises(ValidationError, match="tidak dapat berpindah dari"):
        move(trainee, refused, day)
    assert trainee.stage_changes.count() == len(path) + 1


def test_withdrawal_from_any_stage_that_is_not_final():
    for stage in Stage:
        moves = allowed_moves(stage)
        assert (Stage.WITHDRAWN in moves) == (stage not in FINAL_STAGES)


def test_a_second_try_at_selection(trainee_factory):
    trainee = trainee_factory()
    for stage in [Stage.IN_TRAINING, Stage.SELECTION, Stage.NOT_PASSED, Stage.SELECTION]:
        move(trainee, stage, D(2025, 9, 1))
    move(trainee, Stage.PASSED, D(2025, 9, 2))
    assert trainee.stage == Stage.PASSED


def test_dates_never_run_backwards_nor_into_the_future(trainee_factory):
    trainee = trainee_factory()
    move(trainee, Stage.IN_TRAINING, D(2025, 8, 1))
    with pytest.raises(ValidationError, match="tidak pernah mundur"):
        move(trainee, Stage.SELECTION, D(2025, 7, 31))
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="masa depan"):
        move(trainee, Stage.SELECTION, tomorrow)
    assert trainee.stage == Stage.IN_TRAINING


def test_domestic_programmes_do_not_go_to_japan(trainee_factory, cohort_factory):
    cohort = cohort_factory(programme=Programme.objects.get(code="domestic-placement"))
    trainee = trainee_factory(cohort=cohort)
    for stage in [Stage.IN_TRAINING, Stage.SELECTION, Stage.PASSED]:
        move(trainee, stage, D(2025, 9, 1))
    with pytest.raises(ValidationError):
        move(trainee, Stage.PRE_DEPARTURE, D(2025, 9, 2))


def test_nisn_is_ten_digits_and_unique_when_given(trainee_factory):
    first = trainee_factory(nisn="0051234567")
    with pytest.raises(ValidationError) as caught:
        Trainee(
            cohort=first.cohort,
            full_name="X",
            nisn="12345",
            sex="M",
            birth_date=D(2008, 1, 1),
            home_institution=first.home_institution,
        ).full_clean()
    assert "nisn" in caught.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        trainee_factory(nisn="0051234567")
    # Without an NISN, as many as needed.
    trainee_factory(nisn=None)
    trainee_factory(nisn=None)
    assert Trainee.objects.filter(nisn__isnull=True).count() == 2


def test_cohort_totals_are_computed_in_the_database(cohort_factory, trainee_factory):
    cohort = cohort_factory()
    trainees = [trainee_factory(cohort=cohort) for _ in range(4)]
    move(trainees[0], Stage.IN_TRAINING, D(2025, 8, 1))
    move(trainees[1], Stage.WITHDRAWN, D(2025, 8, 1))
    totals = Cohort.objects.with_totals().get(pk=cohort.pk)
    assert totals.trainee_count == 4
    assert totals.count_registered == 2
    assert totals.count_in_training == 1
    assert totals.count_withdrawn == 1
    assert FUNNEL[0] == Stage.REGISTERED
    assert StageChange.objects.filter(trainee__cohort=cohort).count() == 6


def test_trainees_are_walled_tighter_than_cohorts(walls, cohort_factory, trainee_factory):
    cohort = cohort_factory(institution=walls.school)
    trainee = trainee_factory(cohort=cohort)

    def ids(model, user):
        return set(model.objects.visible_to(user).values_list("pk", flat=True))

    assert ids(Cohort, walls.owner) == {cohort.pk}
    assert ids(Trainee, walls.owner) == {trainee.pk}
    assert ids(Trainee, walls.staff) == {trainee.pk}
    # Officials read the cohort (its totals), never the trainees' names.
    assert ids(Cohort, walls.official) == {cohort.pk}
    assert ids(Trainee, walls.official) == set()
    for outsider in (walls.other, walls.far_official):
        assert ids(Cohort, outsider) == set()
        assert ids(Trainee, outsider) == set()
    assert ids(Trainee, walls.curator) == {trainee.pk}
    # Staff change cohorts and trainees; officials never.
    roles = ("head", "staff")
    assert set(Trainee.objects.changeable_by(walls.staff, roles).values_list("pk", flat=True)) == {
        trainee.pk
    }
    assert not Trainee.objects.changeable_by(walls.official, roles).exists()


def test_a_domestic_programme_ends_when_the_trainee_completes_it(trainee_factory, cohort_factory):
    domestic = Programme.objects.get(code="domestic-placement")
    trainee = trainee_factory(cohort=cohort_factory(programme=domestic))
    move(trainee, Stage.IN_TRAINING, D(2025, 8, 1))
    assert Stage.COMPLETED in allowed_moves(trainee.stage, domestic=True)
    move(trainee, Stage.COMPLETED, D(2025, 12, 1))
    assert trainee.stage == Stage.COMPLETED
    assert allowed_moves(Stage.COMPLETED, domestic=True) == []  # final: not even withdrawal
    trainee.outcome = Trainee.Outcome.PLACED
    trainee.full_clean()  # an outcome is valid now


def test_a_programme_in_japan_is_not_completed_at_home(trainee_factory):
    trainee = trainee_factory()
    for stage in (Stage.IN_TRAINING, Stage.NOT_PASSED, Stage.PASSED):
        assert Stage.COMPLETED not in allowed_moves(stage, domestic=False)
    move(trainee, Stage.IN_TRAINING, D(2025, 8, 1))
    with pytest.raises(ValidationError, match="Selesai program|Completed"):
        move(trainee, Stage.COMPLETED, D(2025, 12, 1))
