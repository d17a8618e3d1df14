"""The access log of trainees' personal data: every look is written, the institution's heads
and curators read it, nobody changes it, and it is kept one year."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.roles import CURATOR_GROUP
from trainees import audit
from trainees.models import DataAccess

pytestmark = pytest.mark.django_db

A = DataAccess.Action


@pytest.fixture
def cohort(walls, cohort_factory):
    cohort = cohort_factory(institution=walls.school, name="Kelas Industri Jepang")
    cohort.partners.set([walls.centre, walls.japanese])
    return cohort


@pytest.fixture
def trainee(cohort, trainee_factory):
    return trainee_factory(cohort=cohort, full_name="Rahmat Fiktif", nisn="0051234567")


def entries():
    return list(DataAccess.objects.order_by("pk"))


@pytest.mark.parametrize(
    ("name", "action", "one_record"),
    [
        ("trainees:trainee-detail", A.VIEW_TRAINEE, True),
        ("trainees:trainee-edit", A.EDIT_TRAINEE, True),
        ("trainees:trainee-history", A.TRAINEE_HISTORY, True),
        ("trainees:cohort-detail", A.VIEW_ROSTER, False),
        ("trainees:cohort-export", A.EXPORT_ROSTER, False),
    ],
)
@pytest.mark.parametrize("actor", ["owner", "staff", "curator", "centre_staff"])
def test_each_look_at_trainees_is_written(
    client, walls, cohort, trainee, name, action, actor, one_record
):
    user = getattr(walls, actor)
    client.force_login(user)
    args = [trainee.pk] if name.startswith("trainees:trainee") else [cohort.pk]
    url = reverse(name, args=args) + ("?format=xlsx" if name.endswith("export") else "")
    response = client.get(url)
    if response.status_code != 200:  # a partner neither edits nor downloads: nothing opened
        assert response.status_code == 403
        assert entries() == []
        return
    (entry,) = entries()
    assert (entry.user_id, entry.username, entry.action) == (user.pk, user.username, action)
    assert (entry.institution_id, entry.cohort_id) == (walls.school.pk, cohort.pk)
    assert entry.trainee_id == (trainee.pk if one_record else None)
    assert entry.count == 1
    assert timezone.now() - entry.at < datetime.timedelta(minutes=1)


@pytest.mark.parametrize("actor", ["other", "official", "far_official", "host_staff"])
def test_a_refused_look_writes_nothing(client, walls, cohort, trainee, actor):
    """An official reads the cohort's totals, not its roster; a Japanese partner the trainees
    it hosts only (none here): neither opened anyone's data."""
    client.force_login(getattr(walls, actor))
    for url in [
        reverse("trainees:trainee-detail", args=[trainee.pk]),
        reverse("trainees:cohort-export", args=[cohort.pk]) + "?format=csv",
        reverse("trainees:cohort-detail", args=[cohort.pk]),
    ]:
        client.get(url)
    assert entries() == []


def test_a_roster_import_is_written_when_checked_and_when_saved(client, walls, cohort):
    client.force_login(walls.staff)
    url = reverse("trainees:cohort-import", args=[cohort.pk])
    roster = (
        b"Nama lengkap,NISN,Jenis kelamin,Tanggal lahir\n"
        b"Ayu Fiktif,0051111111,P,2008-01-02\n"
        b"Budi Fiktif,0052222222,L,2008-03-04\n"
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(url, {"file": SimpleUploadedFile("angkatan-2025.csv", roster)})
    token = response.context["token"]
    client.post(url, {"token": token})
    checked, saved = entries()
    assert (checked.action, checked.count, checked.detail) == (
        A.CHECK_IMPORT,
        2,
        "angkatan-2025.csv",
    )
    assert (saved.action, saved.count, saved.cohort_id) == (A.IMPORT_ROSTER, 2, cohort.pk)
    # The log names records by number: neither names nor NISNs are written in it.
    for entry in (checked, saved):
        text = " ".join(str(value) for value in vars(entry).values())
        assert "Fiktif" not in text
        assert "0051111111" not in text


def test_the_curators_pages_of_trainees_are_written_per_cohort(
    client, walls, cohort, trainee, cohort_factory, trainee_factory
):
    elsewhere = cohort_factory(institution=walls.other_school)
    trainee_factory(cohort=elsewhere)
    trainee_factory(cohort=elsewhere)
    walls.curator.groups.add(Group.objects.get(name=CURATOR_GROUP))
    client.force_login(walls.curator)
    client.get(reverse("admin:trainees_trainee_changelist"))
    per_institution = {e.institution_id: (e.action, e.count) for e in entries()}
    assert per_institution == {
        walls.school.pk: (A.ADMIN_LIST, 1),
        walls.other_school.pk: (A.ADMIN_LIST, 2),
    }
    client.get(reverse("admin:trainees_trainee_change", args=[trainee.pk]))
    last = entries()[-1]
    assert (last.action, last.trainee_id, last.institution_id) == (
        A.ADMIN_RECORD,
        trainee.pk,
        walls.school.pk,
    )


def log_url(organisation):
    return reverse("trainees:data-access", args=[organisation.slug])


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("owner", 200),
        ("curator", 200),
        ("staff", 403),
        ("official", 403),
        ("other", 404),
        ("far_official", 404),
        ("centre_staff", 404),
    ],
)
def test_the_log_is_read_by_the_heads_and_curators(client, walls, trainee, actor, expected):
    audit.record(walls.staff, A.VIEW_TRAINEE, trainee=trainee)
    client.force_login(getattr(walls, actor))
    response = client.get(log_url(walls.school))
    assert response.status_code == expected
    if expected == 200:
        body = response.content.decode()
        assert "staf" in body and "Rahmat Fiktif" in body


def test_anonymous_visitors_are_sent_to_log_in(client, walls):
    response = client.get(log_url(walls.school))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_head_reads_only_their_institutions_entries(
    client, walls, trainee, cohort_factory, trainee_factory
):
    neighbour = trainee_factory(
        cohort=cohort_factory(institution=walls.other_school), full_name="Tetangga Fiktif"
    )
    audit.record(walls.curator, A.VIEW_TRAINEE, trainee=trainee)
    audit.record(walls.curator, A.VIEW_TRAINEE, trainee=neighbour)
    client.force_login(walls.owner)
    body = client.get(log_url(walls.school)).content.decode()
    assert "Rahmat Fiktif" in body
    assert "Tetangga Fiktif" not in body
    narrowed = client.get(log_url(walls.school) + "?action=export_roster").content.decode()
    assert "Rahmat Fiktif" not in narrowed


@pytest.mark.parametrize("count", [3, 60])
def test_the_log_page_has_a_fixed_query_budget(client, walls, trainee, count):
    DataAccess.objects.bulk_create(
        [
            DataAccess(
                user=walls.staff,
                username="staf",
                action=A.VIEW_TRAINEE,
                institution=walls.school,
                cohort=trainee.cohort,
                trainee=trainee,
            )
            for _ in range(count)
        ]
    )
    client.force_login(walls.owner)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(log_url(walls.school))
    assert response.status_code == 200
    assert len(queries) <= 9


def test_an_entry_outlives_its_trainee_and_account(client, walls, trainee, user_factory):
    passer_by = user_factory(username="sementara", is_staff=True)
    audit.record(passer_by, A.VIEW_TRAINEE, trainee=trainee)
    trainee_id = trainee.pk
    trainee.stage_changes.all().delete()
    trainee.delete()
    passer_by.delete()
    (entry,) = entries()
    assert (entry.trainee_id, entry.username) == (trainee_id, "sementara")
    client.force_login(walls.owner)
    body = client.get(log_url(walls.school)).content.decode()
    assert f"{trainee_id}" in body and "sementara" in body


def test_the_database_refuses_to_change_or_remove_a_recent_entry(walls, trainee):
    audit.record(walls.staff, A.VIEW_TRAINEE, trainee=trainee)
    entry = entries()[0]
    for attempt in (
        lambda: DataAccess.objects.filter(pk=entry.pk).update(username="orang-lain"),
        lambda: DataAccess.objects.filter(pk=entry.pk).delete(),
        lambda: DataAccess.objects.filter(pk=entry.pk).update(
            at=timezone.now() - datetime.timedelta(days=400)
        ),
    ):
        with pytest.raises(IntegrityError, match="access log"), transaction.atomic():
            attempt()
    entry.refresh_from_db()
    assert entry.username == "staf"


def test_the_purge_removes_entries_older_than_a_year_only(walls, trainee):
    now = timezone.now()
    ages = [400, 366, 364, 10]
    DataAccess.objects.bulk_create(
        [
            DataAccess(
                at=now - datetime.timedelta(days=days),
                username=f"{days}",
                action=A.VIEW_TRAINEE,
                institution=walls.school,
            )
            for days in ages
        ]
    )
    call_command("purge_access_log", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert sorted(DataAccess.objects.values_list("username", flat=True)) == ["10", "364"]


def test_nobody_adds_changes_or_deletes_an_entry_in_the_admin(client, walls, trainee, user_factory):
    audit.record(walls.staff, A.VIEW_TRAINEE, trainee=trainee)
    entry = entries()[0]
    curator = user_factory(username="kurator2", is_staff=True)
    curator.groups.add(Group.objects.get(name=CURATOR_GROUP))
    boss = user_factory(username="boss", is_staff=True, is_superuser=True)
    for user in (curator, boss):
        client.force_login(user)
        assert client.get(reverse("admin:trainees_dataaccess_changelist")).status_code == 200
        page = client.get(reverse("admin:trainees_dataaccess_change", args=[entry.pk]))
        assert page.status_code == 200
        assert 'name="_save"' not in page.content.decode()
        assert client.get(reverse("admin:trainees_dataaccess_add")).status_code == 403
        client.post(
            reverse("admin:trainees_dataaccess_change", args=[entry.pk]), {"username": "orang-lain"}
        )
        deleted = client.post(
            reverse("admin:trainees_dataaccess_delete", args=[entry.pk]), {"post": "yes"}
        )
        assert deleted.status_code == 403
    entry.refresh_from_db()
    assert entry.username == "staf"
