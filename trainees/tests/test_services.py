"""The one home of the trainee rules: registering and moving go through trainees.services, and
the form views, the admin and the demo obey the same rules."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partnerships.models import Programme
from trainees import services
from trainees.models import Stage, StageChange, Trainee

pytestmark = pytest.mark.django_db
D = datetime.date
S = Stage


@pytest.fixture
def cohort(walls, cohort_factory):
    return cohort_factory(institution=walls.school)


def new(cohort, full_name, **fields):
    """An unsaved trainee of `cohort`'s institution, for the services to register."""
    fields = {"sex": "F", "birth_date": D(2008, 1, 1), **fields}
    return Trainee(full_name=full_name, home_institution=cohort.institution, **fields)


def test_saving_a_trainee_has_no_side_effects(cohort):
    trainee = Trainee.objects.create(
        cohort=cohort,
        full_name="Tanpa Langkah",
        sex="F",
        birth_date=D(2008, 1, 1),
        home_institution=cohort.institution,
    )
    assert not trainee.stage_changes.exists()  # the timeline is the service's business


def test_registering_starts_the_timeline_with_history(cohort, user_factory):
    head = user_factory()
    (trainee,) = services.register_trainees(
        cohort=cohort,
        trainees=[new(cohort, "Ani Fiktif")],
        user=head,
    )
    assert (trainee.stage, trainee.stage_since) == (S.REGISTERED, timezone.localdate())
    (step,) = trainee.stage_changes.all()
    assert (step.stage, step.recorded_by) == (S.REGISTERED, head)
    assert trainee.history.get().history_user == head


def test_registering_refuses_an_invalid_trainee_and_saves_none(cohort):
    good = new(cohort, "Baik")
    bad = Trainee(full_name="Buruk", sex="X", birth_date=D(2008, 1, 1))
    with pytest.raises(ValidationError, match="Buruk"):
        services.register_trainees(cohort=cohort, trainees=[good, bad])
    assert not Trainee.objects.exists()


def _ready(cohort, trainee_factory, count):
    trainees = [trainee_factory(cohort=cohort) for _ in range(count)]
    return [t.pk for t in trainees]


def test_a_bulk_move_costs_the_same_queries_for_5_or_60_trainees(cohort, trainee_factory):
    counts = []
    for count in (5, 60):
        ids = _ready(cohort, trainee_factory, count)
        with CaptureQueriesContext(connection) as queries:
            moved = services.move_trainees(
                cohort=cohort, trainee_ids=ids, stage=S.IN_TRAINING, date=D(2025, 8, 1)
            )
        assert len(moved) == count
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 8, counts
    assert Trainee.objects.filter(stage=S.IN_TRAINING).count() == 65


def test_a_bulk_move_writes_history_timeline_and_version(cohort, trainee_factory, walls):
    ids = _ready(cohort, trainee_factory, 3)
    before = {t.pk: t.version for t in Trainee.objects.filter(pk__in=ids)}
    services.move_trainees(
        cohort=cohort,
        trainee_ids=ids,
        stage=S.IN_TRAINING,
        date=D(2025, 8, 1),
        note="kelas dimulai",
        user=walls.staff,
    )
    for trainee in Trainee.objects.filter(pk__in=ids):
        assert trainee.version == before[trainee.pk] + 1
        latest = trainee.history.order_by("-history_id").first()
        assert (latest.stage, latest.history_user) == (S.IN_TRAINING, walls.staff)
        step = trainee.stage_changes.order_by("-pk").first()
        assert (step.stage, step.note, step.recorded_by) == (
            S.IN_TRAINING,
            "kelas dimulai",
            walls.staff,
        )


def test_an_edit_form_opened_before_a_move_is_refused_as_stale(client, walls, cohort):
    trainee = services.register_trainees(
        cohort=cohort,
        trainees=[new(cohort, "Lama")],
    )[0]
    seen = trainee.version
    services.move_trainees(
        cohort=cohort, trainee_ids=[trainee.pk], stage=S.IN_TRAINING, date=timezone.localdate()
    )
    client.force_login(walls.staff)
    response = client.post(
        reverse("trainees:trainee-edit", args=[trainee.pk]),
        {
            "full_name": "Lama Diubah",
            "sex": "F",
            "birth_date": "2008-01-01",
            "home_institution": cohort.institution.pk,
            "seen_version": seen,
        },
    )
    assert response.status_code == 200  # the form again, with the conflict
    trainee.refresh_from_db()
    assert trainee.full_name == "Lama"


def test_a_refused_bulk_move_names_everyone_and_saves_nothing(cohort, trainee_factory):
    ids = _ready(cohort, trainee_factory, 3)
    services.move_trainee(
        trainee=Trainee.objects.get(pk=ids[0]), stage=S.IN_TRAINING, date=D(2025, 8, 1)
    )
    with pytest.raises(services.MoveRefused) as refused:
        services.move_trainees(
            cohort=cohort, trainee_ids=ids, stage=S.SELECTION, date=D(2025, 8, 2)
        )
    assert len(refused.value.failures) == 2  # the two still registered
    assert not Trainee.objects.filter(stage=S.SELECTION).exists()
    assert StageChange.objects.filter(stage=S.SELECTION).count() == 0


def test_a_curator_added_domestic_programme_stops_before_japan(cohort_factory, trainee_factory):
    programme = Programme.objects.create(code="magang-industri-lokal", name="Magang lokal")
    programme.is_domestic = True
    programme.save()
    cohort = cohort_factory(programme=programme)
    trainee = trainee_factory(cohort=cohort)
    for stage in (S.IN_TRAINING, S.SELECTION, S.PASSED):
        services.move_trainee(trainee=trainee, stage=stage, date=D(2025, 9, 1))
    with pytest.raises(ValidationError):
        services.move_trainee(trainee=trainee, stage=S.PRE_DEPARTURE, date=D(2025, 9, 2))


def test_the_seeded_domestic_programme_is_marked_domestic():
    assert list(Programme.objects.filter(is_domestic=True).values_list("code", flat=True)) == [
        "domestic-placement"
    ]


TODAY = datetime.date(2026, 6, 1)


@pytest.mark.parametrize(
    "entry, domestic, fields",
    [
        ({"stage": S.REGISTERED}, False, set()),
        ({"stage": S.PRE_DEPARTURE, "since": D(2026, 1, 1)}, False, set()),
        ({"stage": S.DEPARTED, "departed_on": D(2026, 1, 1)}, False, set()),
        ({"stage": S.IN_JAPAN, "since": D(2026, 1, 2), "departed_on": D(2026, 1, 1)}, False, set()),
        (
            {"stage": S.RETURNED, "departed_on": D(2023, 1, 1), "returned_on": D(2026, 1, 1)},
            False,
            set(),
        ),
        ({"stage": S.IN_JAPAN}, False, {"departed_on"}),  # in Japan, never left?
        ({"stage": S.IN_JAPAN, "departed_on": D(2026, 1, 1)}, True, {"stage"}),  # domestic
        ({"stage": S.PRE_DEPARTURE}, True, {"stage"}),
        ({"stage": S.PASSED, "departed_on": D(2026, 1, 1)}, False, {"departed_on"}),
        (
            {"stage": S.RETURNED, "departed_on": D(2026, 2, 1), "returned_on": D(2026, 1, 1)},
            False,
            {"returned_on"},
        ),
        (
            {"stage": S.IN_JAPAN, "since": D(2025, 1, 1), "departed_on": D(2026, 1, 1)},
            False,
            {"stage_date"},
        ),  # fmt: skip
        ({"stage": S.IN_TRAINING, "since": D(2026, 6, 2)}, False, {"stage_date"}),  # future
        ({"stage": "flying"}, False, {"stage"}),
    ],
)
def test_entry_rules(entry, domestic, fields):
    problems = services.entry_problems(**entry, domestic=domestic, today=TODAY)
    assert set(problems) == fields, problems


def test_registering_in_japan_records_the_departure_in_the_timeline(cohort):
    (trainee,) = services.register_trainees(
        cohort=cohort,
        trainees=[
            new(
                cohort,
                "Sudah di Jepang",
                birth_date=D(2000, 1, 1),
                stage=S.IN_JAPAN,
                stage_since=D(2024, 3, 2),
                departed_on=D(2024, 3, 1),
            )
        ],
    )
    steps = list(trainee.stage_changes.order_by("date").values_list("stage", "date"))
    assert steps == [(S.DEPARTED, D(2024, 3, 1)), (S.IN_JAPAN, D(2024, 3, 2))]


def test_registering_in_japan_without_a_departure_is_refused(cohort):
    with pytest.raises(ValidationError) as caught:
        services.register_trainees(
            cohort=cohort,
            trainees=[new(cohort, "Tanpa Keberangkatan", stage=S.IN_JAPAN)],
        )
    assert "departed_on" in caught.value.message_dict
    assert not Trainee.objects.exists()


def test_the_cohort_form_names_an_implausible_intake_year(client, walls, cohort):
    client.force_login(walls.owner)
    response = client.post(
        reverse("trainees:cohort-create"),
        {
            "name": "Angkatan Lama",
            "institution": walls.school.pk,
            "programme": cohort.programme.pk,
            "intake_year": 1800,
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "intake_year" in errors
    page = response.content.decode()
    assert "cohort_intake_year_plausible" not in page
    assert "1990" in page


def test_the_bulk_move_page_costs_the_same_queries_for_5_or_60(client, walls, cohort):
    client.force_login(walls.staff)
    counts = []
    for count in (5, 60):
        trainees = services.register_trainees(
            cohort=cohort,
            trainees=[
                new(cohort, f"Peserta {count}-{n}", stage_since=D(2025, 7, 1)) for n in range(count)
            ],
        )
        with CaptureQueriesContext(connection) as queries:
            response = client.post(
                reverse("trainees:cohort-move", args=[cohort.pk]),
                {"trainee": [t.pk for t in trainees], "stage": S.IN_TRAINING, "date": "2025-08-01"},
            )
        assert response.status_code == 302
        counts.append(len(queries))
    assert Trainee.objects.filter(stage=S.IN_TRAINING).count() == 65
    assert counts[0] == counts[1] <= 16, counts


def test_curators_move_trainees_in_the_admin_by_the_same_rules(admin_client, cohort):
    trainees = services.register_trainees(
        cohort=cohort,
        trainees=[new(cohort, f"Dikoreksi {n}", stage_since=D(2025, 7, 1)) for n in range(3)],
    )
    url = reverse("admin:trainees_trainee_changelist")
    selected = {"action": "move_to_stage", "_selected_action": [t.pk for t in trainees]}
    page = admin_client.post(url, selected)
    assert page.status_code == 200
    assert "Dikoreksi 2" in page.content.decode()  # the confirmation lists who moves
    refused = admin_client.post(
        url, {**selected, "apply": "1", "stage": S.SELECTION, "date": "2025-08-01"}, follow=True
    )
    assert not Trainee.objects.filter(stage=S.SELECTION).exists()  # skipping training: refused
    assert "Dikoreksi 0" in refused.content.decode()
    admin_client.post(url, {**selected, "apply": "1", "stage": S.IN_TRAINING, "date": "2025-08-01"})
    assert Trainee.objects.filter(stage=S.IN_TRAINING).count() == 3
