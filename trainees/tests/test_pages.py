"""Cohort and trainee pages: the walls, bulk moves, forms and query budgets."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trainees import services, views
from trainees.models import Stage, Trainee

pytestmark = pytest.mark.django_db

ACTORS = ["owner", "staff", "other", "official", "far_official", "curator", "anonymous"]
# Partners named on the cohort: a training centre reads the roster, a Japanese partner the
# trainees it hosts; each sees their names and stages and records its own stages
# (trainees/tests/test_partner_moves.py), never the record's other data, history or forms.
ACTORS += ["centre_staff", "host_staff"]
L = "login"


@pytest.fixture
def cohort(walls, cohort_factory):
    cohort = cohort_factory(institution=walls.school, name="Kelas Industri Jepang", planned_size=28)
    cohort.partners.set([walls.centre, walls.japanese])
    return cohort


@pytest.fixture
def trainee(walls, cohort, trainee_factory):
    return trainee_factory(
        cohort=cohort,
        full_name="Rahmat Fiktif",
        nisn="0051234567",
        host_organisation=walls.japanese,
    )


def outcome(response):
    if response.status_code == 302 and reverse(L) in response["Location"]:
        return L
    return response.status_code


CASES = {
    "cohort-detail": [200, 200, 404, 200, 404, 200, L, 200, 200],
    "cohort-edit": [200, 200, 404, 403, 404, 200, L, 403, 403],
    "trainee-create": [200, 200, 404, 403, 404, 200, L, 403, 403],
    "cohort-import": [200, 200, 404, 403, 404, 200, L, 403, 403],
    "cohort-export": [200, 200, 404, 403, 404, 200, L, 403, 403],
    "trainee-detail": [200, 200, 404, 404, 404, 200, L, 200, 200],
    "trainee-edit": [200, 200, 404, 404, 404, 200, L, 403, 403],
    "cohort-history": [200, 200, 404, 200, 404, 200, L, 200, 200],
    "trainee-history": [200, 200, 404, 404, 404, 200, L, 403, 403],
}


def url(case, cohort, trainee):
    if case.startswith("trainee-") and case != "trainee-create":
        return reverse(f"trainees:{case}", args=[trainee.pk])
    if case == "trainee-history":
        return reverse(f"trainees:{case}", args=[trainee.pk])
    suffix = "?format=csv" if case == "cohort-export" else ""
    return reverse(f"trainees:{case}", args=[cohort.pk]) + suffix


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("actor", ACTORS)
def test_who_may_open_what(client, walls, cohort, trainee, case, actor):
    if actor != "anonymous":
        client.force_login(getattr(walls, actor))
    response = client.get(url(case, cohort, trainee))
    assert outcome(response) == CASES[case][ACTORS.index(actor)]


@pytest.mark.parametrize("actor", ACTORS)
def test_names_only_for_the_institution_and_curators(client, walls, cohort, trainee, actor):
    if actor != "anonymous":
        client.force_login(getattr(walls, actor))
    pages = [
        client.get(reverse("trainees:cohort-list")),
        client.get(cohort.get_absolute_url()),
        client.get(walls.school.get_absolute_url()),
        client.get(reverse("dashboards:province", args=["17"])),
        client.get(reverse("partnerships:organisation-list") + "?format=csv"),
        client.get(reverse("pages:home")),
    ]
    text = "".join(
        b"".join(p.streaming_content).decode() if p.streaming else p.content.decode() for p in pages
    )
    named = actor in {"owner", "staff", "curator", "centre_staff", "host_staff"}
    assert ("Rahmat Fiktif" in text) == named
    # The NISN is on no list or public page, whoever asks: only on the trainee's own page.
    assert "0051234567" not in text


def test_an_official_sees_the_cohort_totals_of_the_province(client, walls, cohort, trainee):
    client.force_login(walls.official)
    page = client.get(cohort.get_absolute_url())
    assert page.context["funnel"]["total"] == 1
    assert "Kelas Industri Jepang" in client.get(reverse("trainees:cohort-list")).content.decode()
    client.force_login(walls.far_official)
    assert (
        "Kelas Industri Jepang" not in client.get(reverse("trainees:cohort-list")).content.decode()
    )


@pytest.mark.parametrize(
    "actor, sees_unhosted, can_move",
    [("staff", True, True), ("centre_staff", True, True), ("host_staff", False, False)],
)
def test_partners_read_the_roster_a_japanese_host_only_its_own(
    client, walls, cohort, trainee, trainee_factory, actor, sees_unhosted, can_move
):
    unhosted = trainee_factory(cohort=cohort, full_name="Sinta Fiktif")
    client.force_login(getattr(walls, actor))
    page = client.get(cohort.get_absolute_url()).content.decode()
    assert "Rahmat Fiktif" in page
    assert ("Sinta Fiktif" in page) == sees_unhosted
    # The training centre records training and selection; the Japanese host, arrival and
    # return only, which a trainee just registered cannot make: it has its form all the same.
    assert reverse("trainees:cohort-move", args=[cohort.pk]) in page
    response = client.get(unhosted.get_absolute_url())
    assert response.status_code == (200 if sees_unhosted else 404)
    # Into training: the institution's and the training centre's move, never the host's.
    response = client.post(
        reverse("trainees:cohort-move", args=[cohort.pk]),
        {"trainee": [trainee.pk], "stage": Stage.IN_TRAINING, "date": "2025-08-01"},
    )
    trainee.refresh_from_db()
    assert (trainee.stage == Stage.IN_TRAINING) == can_move


def test_moving_many_trainees_at_once(client, walls, cohort, trainee_factory):
    trainees = [trainee_factory(cohort=cohort) for _ in range(6)]
    client.force_login(walls.staff)
    day = datetime.date(2025, 8, 1)
    response = client.post(
        reverse("trainees:cohort-move", args=[cohort.pk]),
        {"trainee": [t.pk for t in trainees[:5]], "stage": Stage.IN_TRAINING, "date": day},
        follow=True,
    )
    assert "5 peserta dipindahkan ke tahap Dalam pelatihan" in response.content.decode()
    assert Trainee.objects.filter(stage=Stage.IN_TRAINING).count() == 5
    assert response.context["funnel"]["steps"][1][1] == 5


def test_a_bulk_move_is_all_or_nothing(client, walls, cohort, trainee_factory):
    ready, stuck = trainee_factory(cohort=cohort), trainee_factory(cohort=cohort, full_name="Sari")
    services.move_trainee(trainee=ready, stage=Stage.IN_TRAINING, date=datetime.date(2025, 8, 1))
    client.force_login(walls.owner)
    response = client.post(
        reverse("trainees:cohort-move", args=[cohort.pk]),
        {"trainee": [ready.pk, stuck.pk], "stage": Stage.SELECTION, "date": "2025-09-01"},
        follow=True,
    )
    page = response.content.decode()
    assert "Tidak ada yang disimpan" in page
    assert "Sari" in page
    ready.refresh_from_db()
    assert ready.stage == Stage.IN_TRAINING


def test_a_bulk_move_ignores_another_cohorts_trainees(client, walls, cohort, trainee_factory):
    foreign = trainee_factory()  # another institution's cohort
    mine = trainee_factory(cohort=cohort)
    client.force_login(walls.owner)
    client.post(
        reverse("trainees:cohort-move", args=[cohort.pk]),
        {"trainee": [foreign.pk, mine.pk], "stage": Stage.IN_TRAINING, "date": "2025-08-01"},
    )
    foreign.refresh_from_db()
    mine.refresh_from_db()
    assert (foreign.stage, mine.stage) == (Stage.REGISTERED, Stage.IN_TRAINING)


def test_a_head_registers_a_cohort_and_a_trainee(client, walls, organisation_factory):
    from partnerships.models import Programme

    client.force_login(walls.owner)
    form = client.get(reverse("trainees:cohort-create")).context["form"]
    # Only the user's own institution can be chosen.
    assert list(form.fields["institution"].queryset) == [walls.school]
    response = client.post(
        reverse("trainees:cohort-create"),
        {
            "name": "Angkatan Baru",
            "institution": walls.other_school.pk,  # forged: not theirs
            "programme": Programme.objects.get(code="technical-intern").pk,
            "intake_year": 2026,
        },
    )
    assert response.status_code == 200
    assert "institution" in response.context["form"].errors
    response = client.post(
        reverse("trainees:cohort-create"),
        {
            "name": "Angkatan Baru",
            "institution": walls.school.pk,
            "programme": Programme.objects.get(code="technical-intern").pk,
            "intake_year": 2026,
            "start_date": "2026-03-01",
            "target_departure": "2026-01-01",
        },
    )
    assert "Keberangkatan tidak boleh sebelum tanggal mulai" in response.content.decode()
    response = client.post(
        reverse("trainees:cohort-create"),
        {
            "name": "Angkatan Baru",
            "institution": walls.school.pk,
            "programme": Programme.objects.get(code="technical-intern").pk,
            "intake_year": 2026,
        },
    )
    cohort = walls.school.cohorts.get()
    assert response["Location"] == cohort.get_absolute_url()
    response = client.post(
        reverse("trainees:trainee-create", args=[cohort.pk]),
        {
            "full_name": "Putri Fiktif",
            "nisn": "12",
            "sex": "F",
            "birth_date": "2008-02-01",
            "home_institution": walls.school.pk,
        },
    )
    # The rule of trainees.fields, in the same words as the roster import's.
    assert "“12” berisi 2 angka; NISN berisi 10 angka." in response.content.decode()
    response = client.post(
        reverse("trainees:trainee-create", args=[cohort.pk]),
        {
            "full_name": "Putri Fiktif",
            "nisn": "",
            "sex": "F",
            "birth_date": "2008-02-01",
            "home_institution": walls.school.pk,
        },
    )
    putri = Trainee.objects.get(full_name="Putri Fiktif")
    assert response["Location"] == putri.get_absolute_url()
    assert putri.nisn is None and putri.stage == Stage.REGISTERED


def test_an_official_cannot_register_a_cohort(client, walls):
    client.force_login(walls.official)
    assert client.get(reverse("trainees:cohort-create")).status_code == 403


def test_the_trainee_page_records_the_next_stage(client, walls, trainee):
    client.force_login(walls.owner)
    response = client.post(
        reverse("trainees:trainee-move", args=[trainee.pk]),
        {"stage": Stage.SELECTION, "date": "2025-08-01"},
        follow=True,
    )
    assert "tidak dapat berpindah" in response.content.decode()
    response = client.post(
        reverse("trainees:trainee-move", args=[trainee.pk]),
        {"stage": Stage.IN_TRAINING, "date": "2025-08-01", "note": "Kelas bahasa"},
        follow=True,
    )
    page = response.content.decode()
    assert "Tahap dicatat: Dalam pelatihan" in page
    assert "Kelas bahasa" in page


def test_an_official_cannot_move_a_trainee(client, walls, trainee, cohort):
    client.force_login(walls.official)
    data = {"stage": Stage.IN_TRAINING, "date": "2025-08-01", "trainee": [trainee.pk]}
    assert client.post(reverse("trainees:trainee-move", args=[trainee.pk]), data).status_code == 404
    assert client.post(reverse("trainees:cohort-move", args=[cohort.pk]), data).status_code == 403
    trainee.refresh_from_db()
    assert trainee.stage == Stage.REGISTERED


@pytest.mark.parametrize("count", [3, 60])
def test_cohort_page_query_budget(client, walls, cohort, trainee_factory, count):
    for _ in range(count):
        trainee_factory(cohort=cohort)
    client.force_login(walls.owner)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(cohort.get_absolute_url())
    assert len(response.context["trainees"]) == min(count, views.ROSTER_PAGE_SIZE)
    assert len(queries) <= 14, [q["sql"] for q in queries]


@pytest.mark.parametrize("count", [2, 30])
def test_cohort_list_query_budget(client, walls, cohort_factory, count):
    for _ in range(count):
        cohort_factory(institution=walls.school)
    client.force_login(walls.official)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("trainees:cohort-list"))
    assert response.status_code == 200
    assert len(queries) <= 8, [q["sql"] for q in queries]


def test_the_trainee_history_shows_who_changed_what(client, walls, trainee):
    client.force_login(walls.owner)
    client.post(
        reverse("trainees:trainee-edit", args=[trainee.pk]),
        {
            "full_name": trainee.full_name,
            "nisn": trainee.nisn,
            "sex": trainee.sex,
            "birth_date": trainee.birth_date.isoformat(),
            "home_institution": trainee.home_institution_id,
            "language_level": "N4",
            "seen_version": trainee.version,
        },
    )
    page = client.get(reverse("trainees:trainee-history", args=[trainee.pk])).content.decode()
    assert "JLPT N4" in page
    assert "pemilik" in page
