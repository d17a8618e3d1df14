"""Trainees' records are deleted five years after they leave the programme, with their stage
changes and their history, as the privacy notice says: decided by stage and age alone."""

import datetime
import importlib
import io

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from partnerships.models import Programme
from trainees import services
from trainees.models import FINAL_STAGES, DataAccess, Stage, StageChange, Trainee

D = datetime.date
LONG_AGO = D(2019, 3, 1)
THEN = timezone.make_aware(datetime.datetime(2019, 3, 1))
TODAY = D(2026, 11, 23)
JAPAN_DATES = {
    Stage.DEPARTED: {"departed_on": LONG_AGO},
    Stage.IN_JAPAN: {"departed_on": LONG_AGO},
    Stage.RETURNED: {"departed_on": D(2016, 1, 1), "returned_on": LONG_AGO},
}


def set_(trainee, **fields):
    Trainee.objects.filter(pk=trainee.pk).update(**fields)


@pytest.mark.parametrize("stage", Stage.values)
def test_an_old_record_is_deleted_only_at_a_final_stage(stage, trainee_factory, cohort_factory):
    domestic = Programme.objects.get(code="domestic-placement")
    cohort = cohort_factory(programme=domestic) if stage == Stage.COMPLETED else cohort_factory()
    trainee = trainee_factory(cohort=cohort)
    final = stage in FINAL_STAGES
    set_(
        trainee,
        stage=stage,
        stage_since=LONG_AGO,
        updated_at=THEN,
        outcome="placed" if final else "",
        **JAPAN_DATES.get(stage, {}),
    )
    assert services.purge_expired_trainees(today=TODAY) == (1 if final else 0)
    assert Trainee.objects.filter(pk=trainee.pk).exists() is not final
    assert StageChange.objects.filter(trainee_id=trainee.pk).exists() is not final
    assert Trainee.history.filter(id=trainee.pk).exists() is not final


@pytest.mark.parametrize("stage", sorted(FINAL_STAGES))
@pytest.mark.parametrize(
    ("since", "updated"),
    [
        (D(2024, 3, 1), THEN),  # the stage is recent
        (LONG_AGO, None),  # the record was edited recently
    ],
)
def test_a_recent_change_keeps_the_record(stage, since, updated, trainee_factory):
    trainee = trainee_factory()
    fields = {"stage": stage, "stage_since": since, **JAPAN_DATES.get(stage, {})}
    if stage == Stage.RETURNED:
        fields["returned_on"] = since
    set_(trainee, updated_at=updated or timezone.now(), **fields)
    assert services.purge_expired_trainees(today=TODAY) == 0


def test_an_outcome_needs_a_final_stage(trainee_factory, cohort_factory):
    domestic = Programme.objects.get(code="domestic-placement")
    trainee = trainee_factory(cohort=cohort_factory(programme=domestic))
    set_(trainee, stage=Stage.IN_TRAINING)
    with (
        pytest.raises(IntegrityError, match="trainee_outcome_at_final_stage"),
        transaction.atomic(),
    ):
        set_(trainee, outcome="placed")
    trainee.refresh_from_db()
    trainee.outcome = "placed"
    with pytest.raises(ValidationError) as error:
        trainee.full_clean()
    assert "Selesai program" in " ".join(error.value.message_dict["outcome"])


def test_the_trainee_form_says_to_record_the_stage_first(
    client, walls, cohort_factory, trainee_factory
):
    from django.urls import reverse

    domestic = Programme.objects.get(code="domestic-placement")
    cohort = cohort_factory(institution=walls.school, programme=domestic)
    trainee = trainee_factory(cohort=cohort)
    client.force_login(walls.owner)
    url = reverse("trainees:trainee-edit", args=[trainee.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(outcome="placed", version=trainee.version)
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Selesai program" in response.content.decode()
    trainee.refresh_from_db()
    assert trainee.outcome == ""


def test_the_migration_completes_domestic_trainees_and_clears_the_others(
    trainee_factory, cohort_factory
):
    """Rows written before the rule: an outcome at a stage that is not final. The cohort of the
    second moved to a programme in Japan after the outcome was typed; they are in Japan now."""
    migration = importlib.import_module("trainees.migrations.0006_outcome_at_final_stage")
    domestic = Programme.objects.get(code="domestic-placement")
    at_home = trainee_factory(cohort=cohort_factory(programme=domestic))
    in_japan = trainee_factory()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks before ALTER TABLE
        cursor.execute(
            "ALTER TABLE trainees_trainee DROP CONSTRAINT trainee_outcome_at_final_stage"
        )
    set_(
        at_home,
        stage=Stage.PASSED,
        stage_since=D(2020, 1, 10),
        outcome="placed",
        updated_at=THEN.replace(year=2020, month=6),
    )
    set_(
        in_japan,
        stage=Stage.IN_JAPAN,
        departed_on=LONG_AGO,
        stage_since=LONG_AGO,
        outcome="placed",
        updated_at=THEN,
    )
    versions = {t.pk: Trainee.objects.get(pk=t.pk).version for t in (at_home, in_japan)}

    migration.bring_in_line(apps, None)

    at_home.refresh_from_db()
    in_japan.refresh_from_db()
    assert (at_home.stage, at_home.outcome, at_home.stage_since) == (
        Stage.COMPLETED,
        "placed",
        D(2020, 6, 1),
    )
    assert at_home.updated_at == THEN.replace(year=2020, month=6)  # the clock is not reset
    assert at_home.stage_changes.filter(stage=Stage.COMPLETED, date=D(2020, 6, 1)).exists()
    assert (in_japan.stage, in_japan.outcome) == (Stage.IN_JAPAN, "")
    for trainee in (at_home, in_japan):
        assert trainee.version == versions[trainee.pk] + 1
        assert trainee.history.filter(history_change_reason=migration.REASON).exists()
    # Now the rule holds for every row, and the one in Japan is never purged.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "ALTER TABLE trainees_trainee ADD CONSTRAINT trainee_outcome_at_final_stage "
            "CHECK (outcome = '' OR stage IN ('completed', 'returned', 'withdrawn'))"
        )
    assert services.purge_expired_trainees(today=TODAY) == 1  # the one at home, long done
    assert Trainee.objects.filter(pk=in_japan.pk).exists()


@pytest.fixture
def old_and_new(trainee_factory, cohort_factory):
    cohort = cohort_factory()
    old = [trainee_factory(cohort=cohort, full_name=f"Lama Fiktif {n}") for n in range(3)]
    kept = trainee_factory(cohort=cohort, full_name="Baru Fiktif")
    for trainee in old:
        set_(trainee, stage=Stage.WITHDRAWN, stage_since=LONG_AGO, updated_at=THEN)
    return cohort, old, kept


def test_the_command_lists_first_and_deletes_with_confirm(old_and_new):
    cohort, old, kept = old_and_new
    out = io.StringIO()
    call_command("purge_trainees", stdout=out)
    listing = out.getvalue()
    assert "Would delete 3 " in listing
    for trainee in old:
        assert f"trainee {trainee.pk}  cohort {cohort.pk}  withdrawn" in listing
    assert "Fiktif" not in listing  # record numbers, never names
    assert Trainee.objects.count() == 4
    assert not DataAccess.objects.exists()

    call_command("purge_trainees", "--confirm", stdout=out)
    assert "Deleted 3 " in out.getvalue()
    assert list(Trainee.objects.all()) == [kept]
    (entry,) = DataAccess.objects.all()
    assert (entry.action, entry.count, entry.cohort_id, entry.institution_id) == (
        DataAccess.Action.PURGE,
        3,
        cohort.pk,
        cohort.institution_id,
    )
    assert entry.username == "purge_trainees"
    assert entry.detail.startswith("withdrawn; no change since before ")


def test_the_cutoff_on_29_february(old_and_new):
    assert services.retention_cutoff(D(2028, 2, 29)) == D(2023, 2, 28)
    assert services.expired_trainees(today=D(2028, 2, 29)).count() == 3
