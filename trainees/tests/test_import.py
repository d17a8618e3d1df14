"""Roster import: every kind of bad row, all-or-nothing, hostile files, the template."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from trainees import roster
from trainees.models import Stage, StageChange, Trainee

pytestmark = pytest.mark.django_db

HEADER = "nama lengkap,NISN,jenis kelamin,tanggal lahir,NPSN,bahasa,bidang,tahap\n"


def csv_file(*rows, name="peserta.csv"):
    return SimpleUploadedFile(name, (HEADER + "".join(r + "\n" for r in rows)).encode())


@pytest.fixture
def cohort(walls, cohort_factory):
    return cohort_factory(institution=walls.school, name="Kelas Industri Jepang")


def upload(client, cohort, file):
    return client.post(reverse("trainees:cohort-import", args=[cohort.pk]), {"file": file})


def confirm(client, cohort, response):
    return client.post(
        reverse("trainees:cohort-import", args=[cohort.pk]),
        {"token": response.context["token"]},
        follow=True,
    )


def test_a_clean_file_is_previewed_then_saved_in_one_go(client, walls, cohort):
    client.force_login(walls.staff)
    response = upload(
        client,
        cohort,
        csv_file(
            "Ani Fiktif,0051234567,P,2008-05-17,,N5,pengelasan,",
            "Budi Fiktif,,L,17/05/2008,,JFT,,Dalam pelatihan",
        ),
    )
    assert response.status_code == 200
    assert response.context["result"].ok
    assert Trainee.objects.count() == 0  # a preview saves nothing
    page = confirm(client, cohort, response).content.decode()
    assert "2 peserta diimpor" in page
    ani, budi = Trainee.objects.order_by("full_name")
    assert (ani.nisn, ani.sex, ani.birth_date) == ("0051234567", "F", datetime.date(2008, 5, 17))
    assert budi.stage == Stage.IN_TRAINING and budi.nisn is None
    assert StageChange.objects.filter(trainee__in=[ani, budi]).count() == 2
    assert ani.history.get().history_user == walls.staff


@pytest.mark.parametrize(
    "row, column, message",
    [
        ("Ani,00512345X7,P,2008-05-17,,,,", "NISN", "bukan NISN"),
        ("Ani,,P,2008-05-17,,,,Berlayar", "tahap", "tidak dikenal"),
        (",,P,2008-05-17,,,,", "nama lengkap", "Wajib"),
        ("Ani,,X,2008-05-17,,,,", "jenis kelamin", "L (laki-laki) atau P"),
        ("Ani,,P,17 Mei 2008,,,,", "tanggal lahir", "“17 Mei 2008”"),
        ("Ani,,P,2099-01-01,,,,", "tanggal lahir", "masa depan"),
        ("Ani,,P,2008-05-17,99999999,,,", "NPSN", "Tidak ada sekolah"),
        ("Ani,,P,2008-05-17,,N7,,", "bahasa Jepang", "N5, N4"),
    ],
)
def test_every_kind_of_bad_row_is_named_by_row_and_column(
    client, walls, cohort, row, column, message
):
    client.force_login(walls.owner)
    good = "Budi,,L,2008-01-01,,,,"
    response = upload(client, cohort, csv_file(good, row, good))
    (problem,) = response.context["result"].problems
    assert problem.row == 3
    assert column.lower() in problem.column.lower()
    assert message in problem.message
    assert "Belum ada yang disimpan" in response.content.decode()
    assert "<title>Kesalahan: " in response.content.decode()
    assert "token" not in response.context
    assert Trainee.objects.count() == 0


def test_duplicates_in_the_file_and_already_registered(client, walls, cohort, trainee_factory):
    trainee_factory(nisn="0059999999")  # in another institution's cohort
    client.force_login(walls.owner)
    response = upload(
        client,
        cohort,
        csv_file(
            "Ani,0051234567,P,2008-05-17,,,,",
            "Ani Kembar,0051234567,P,2008-05-17,,,,",
            "Citra,0059999999,P,2008-05-17,,,,",
        ),
    )
    problems = [(p.row, p.message) for p in response.context["result"].problems]
    assert (3, "NISN yang sama ada di baris 2 file ini.") in problems
    assert (4, "NISN ini sudah terdaftar di angkatan lain.") in problems
    # The other institution's trainee is not named to this school.
    assert "Peserta Fiktif" not in response.content.decode()


def test_one_bad_row_among_many_saves_nothing(client, walls, cohort):
    client.force_login(walls.owner)
    rows = [f"Peserta {n},{5000000000 + n},L,2008-01-01,,,," for n in range(500)]
    rows[250] = "Peserta rusak,123,L,2008-01-01,,,,"
    response = upload(client, cohort, csv_file(*rows))
    assert [p.row for p in response.context["result"].problems] == [252]
    assert Trainee.objects.count() == 0


def test_an_excel_roster_and_the_template_round_trip(client, walls, cohort):
    client.force_login(walls.owner)
    template = client.get(reverse("trainees:roster-template", args=["xlsx"]))
    workbook = load_workbook(io.BytesIO(template.content))
    sheet = workbook.active
    sheet.append(["Dewi Fiktif", "0051111111", "P", datetime.date(2007, 3, 2), "", "N4", "", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(client, cohort, SimpleUploadedFile("peserta.xlsx", buffer.getvalue()))
    result = response.context["result"]
    assert result.ok, result.problems
    assert [r["full_name"] for r in result.rows] == ["Nama Peserta Fiktif", "Dewi Fiktif"]
    confirm(client, cohort, response)
    assert Trainee.objects.get(nisn="0051111111").birth_date == datetime.date(2007, 3, 2)


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("peserta.exe", b"MZ\x90\x00binary", ".csv atau .xlsx"),
        ("peserta.csv", b"\x00\x01\x02\x03" * 100, "bukan file teks"),
        ("peserta.xlsx", b"PK\x03\x04 not really a zip", "tidak dapat dibaca"),
        ("peserta.csv", b"", "kosong"),
    ],
)
def test_hostile_or_broken_files_get_a_clear_error(client, walls, cohort, name, content, message):
    client.force_login(walls.owner)
    response = upload(client, cohort, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(error for errors in form.errors.values() for error in errors)
    assert Trainee.objects.count() == 0


def test_a_huge_file_is_refused_before_it_is_read(client, walls, cohort, monkeypatch):
    monkeypatch.setattr(roster.reading, "MAX_FILE_SIZE", 1000)
    client.force_login(walls.owner)
    response = upload(client, cohort, csv_file(*["Ani,,P,2008-05-17,,,,"] * 100))
    assert "lebih besar dari" in " ".join(response.context["form"].non_field_errors())


def test_script_and_formulas_in_a_roster_stay_text(client, walls, cohort):
    client.force_login(walls.owner)
    response = upload(
        client,
        cohort,
        csv_file('"<script>alert(1)</script>",,P,2008-05-17,,,,', "=1+1,,L,2008-01-01,,,,"),
    )
    confirm(client, cohort, response)
    page = client.get(cohort.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    export = client.get(reverse("trainees:cohort-export", args=[cohort.pk]) + "?format=csv")
    text = b"".join(export.streaming_content).decode()
    assert "'=1+1" in text


@pytest.mark.parametrize(
    "actor, expected", [("other", 404), ("official", 403), ("far_official", 404)]
)
def test_only_the_institution_imports(client, walls, cohort, actor, expected):
    client.force_login(getattr(walls, actor))
    response = upload(client, cohort, csv_file("Ani,,P,2008-05-17,,,,"))
    assert response.status_code == expected
    assert Trainee.objects.count() == 0


def test_an_expired_or_forged_token_saves_nothing(client, walls, cohort):
    client.force_login(walls.owner)
    response = client.post(
        reverse("trainees:cohort-import", args=[cohort.pk]),
        {"token": "../../etc/passwd"},
        follow=True,
    )
    assert "kedaluwarsa" in response.content.decode()
    assert Trainee.objects.count() == 0


def test_an_unconfirmed_roster_does_not_linger(client, walls, cohort, settings, tmp_path):
    import os
    import time

    from trainees.uploads import IMPORT_TTL_SECONDS

    settings.MEDIA_ROOT = tmp_path
    client.force_login(walls.owner)
    upload(client, cohort, csv_file("Ani,,P,2008-05-17,,,,"))
    (stale,) = (tmp_path / "imports").iterdir()
    old = time.time() - IMPORT_TTL_SECONDS - 60
    os.utime(stale, (old, old))
    upload(client, cohort, csv_file("Budi,,L,2008-05-17,,,,"))
    remaining = list((tmp_path / "imports").iterdir())
    assert stale not in remaining and len(remaining) == 1


# The import obeys the stage rules of trainees.services, as a move does.

STAGE_HEADER = "nama,jk,lahir,tahap,tanggal tahap,tanggal berangkat,tanggal pulang\n"


def test_a_domestic_cohort_imports_no_one_in_japan(client, walls, cohort_factory):
    from partnerships.models import Programme

    cohort = cohort_factory(
        institution=walls.school, programme=Programme.objects.get(code="domestic-placement")
    )
    client.force_login(walls.staff)
    rows = "Ani Fiktif,P,2008-05-17,Di Jepang,2025-08-13,2025-08-12,\n"
    response = upload(
        client, cohort, SimpleUploadedFile("peserta.csv", (STAGE_HEADER + rows).encode())
    )
    result = response.context["result"]
    assert not result.ok
    assert [(p.row, p.column) for p in result.problems] == [(2, "tahap")]
    assert "dalam negeri" in result.problems[0].message
    assert not Trainee.objects.exists()


def test_in_japan_without_a_departure_date_is_refused(client, walls, cohort):
    client.force_login(walls.staff)
    rows = "Ani Fiktif,P,2008-05-17,Di Jepang,,,\n"
    response = upload(
        client, cohort, SimpleUploadedFile("peserta.csv", (STAGE_HEADER + rows).encode())
    )
    problems = response.context["result"].problems
    assert [p.row for p in problems] == [2]
    assert "berangkat" in problems[0].column.lower()
    assert not Trainee.objects.exists()


def test_an_imported_trainee_gets_the_dates_and_timeline_a_move_gives(client, walls, cohort):
    client.force_login(walls.staff)
    rows = (
        "Ani Fiktif,P,2000-05-17,Di Jepang,2024-03-02,2024-03-01,\n"
        "Budi Fiktif,L,2000-01-02,Kembali,,2021-03-01,2024-03-01\n"
        "Citra Fiktif,P,2008-01-02,Dalam pelatihan,2025-07-12,,\n"
    )
    response = upload(
        client, cohort, SimpleUploadedFile("peserta.csv", (STAGE_HEADER + rows).encode())
    )
    assert response.context["result"].ok, response.context["result"].problems
    confirm(client, cohort, response)
    ani, budi, citra = Trainee.objects.order_by("full_name")
    assert (ani.stage, ani.stage_since, ani.departed_on) == (
        Stage.IN_JAPAN,
        datetime.date(2024, 3, 2),
        datetime.date(2024, 3, 1),
    )
    assert (budi.stage, budi.stage_since, budi.returned_on) == (
        Stage.RETURNED,
        datetime.date(2024, 3, 1),
        datetime.date(2024, 3, 1),
    )
    assert list(budi.stage_changes.order_by("date").values_list("stage", flat=True)) == [
        Stage.DEPARTED,
        Stage.RETURNED,
    ]
    assert (citra.stage, citra.departed_on) == (Stage.IN_TRAINING, None)
    assert citra.stage_changes.get().date == datetime.date(2025, 7, 12)
