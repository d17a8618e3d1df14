"""Roster files as schools really send them: headers in any order or under a title, the
encodings Excel writes, numbers Excel made of NISNs, and sheets that lie about their size.

The files are in trainees/tests/data/. Uploads go through the real view and are confirmed, so
that what is asserted is what the database holds."""

import datetime
import io
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from trainees import roster
from trainees.models import Trainee
from trainees.tests.rosters import import_url, text_file, upload

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
HEADER = "nama lengkap,NISN,jenis kelamin,tanggal lahir,NPSN,bahasa,bidang,tahap\n"


def data_file(name):
    return SimpleUploadedFile(name, (DATA / name).read_bytes())


@pytest.fixture
def cohort(client, walls, cohort_factory):
    client.force_login(walls.owner)  # the head of the school that runs the cohort
    return cohort_factory(institution=walls.school, name="Kelas Industri Jepang")


def upload_and_confirm(client, cohort, file):
    response = upload(client, cohort, file)
    result = response.context["result"]
    assert result.ok, result.problems
    client.post(import_url(cohort, "id"), {"token": response.context["token"]}, follow=True)
    return result


def refusal(client, cohort, file):
    """The English message a refused file gets, and nothing saved."""
    response = upload(client, cohort, file, language="en")
    assert response.status_code == 200
    assert "result" not in response.context
    assert Trainee.objects.count() == 0
    return " ".join(response.context["form"].non_field_errors())


def saved(*fields):
    return list(Trainee.objects.order_by("birth_date").values_list(*fields))


# 1. The header row is read.


def test_a_file_without_its_header_is_refused_instead_of_losing_its_first_trainee(client, cohort):
    message = refusal(client, cohort, data_file("no_header.csv"))
    assert "Header row not found" in message
    for label in ("full name", "sex (L/P)", "date of birth (YYYY-MM-DD)", "NISN"):
        assert label in message


def test_columns_are_read_by_their_header_in_any_order(client, cohort):
    upload_and_confirm(client, cohort, data_file("reordered.csv"))
    assert saved("full_name", "occupation", "nisn") == [
        ("Budi Fiktif", "perawatan", None),
        ("Ani Fiktif", "pengelasan", "0051234567"),
    ]


@pytest.mark.parametrize(
    "header, row",
    [
        ("Nama Lengkap,NISN,Jenis Kelamin,Tanggal Lahir", "Ani Fiktif,0051234567,P,2008-05-17"),
        ("nama_lengkap,nisn,jenis_kelamin,tanggal_lahir", "Ani Fiktif,0051234567,P,2008-05-17"),
        ("NAMA,  NISN ,JK,Tgl. Lahir", "Ani Fiktif,0051234567,P,17/05/2008"),
        ("Full name,NISN,Sex,Date of birth", "Ani Fiktif,0051234567,P,2008-05-17"),
        ("  L/P , Date Of Birth , name ", "P,2008-05-17,Ani Fiktif"),
        ("full name,sex (L/P),date of birth (YYYY-MM-DD)", "Ani Fiktif,P,2008-05-17"),
        ("nama lengkap,jenis kelamin (L/P),tanggal lahir (YYYY-MM-DD)", "Ani Fiktif,P,2008-05-17"),
    ],
)
def test_indonesian_and_english_headers_in_any_case_and_spacing(header, row, cohort):
    result = roster.check(text_file(f"{header}\n{row}\n"), cohort)
    assert result.ok, result.problems
    assert (result.rows[0]["full_name"], result.rows[0]["sex"]) == ("Ani Fiktif", "F")
    assert result.rows[0]["birth_date"] == datetime.date(2008, 5, 17)


def test_unknown_missing_and_repeated_columns_are_one_message_naming_them(client, cohort):
    message = refusal(
        client, cohort, text_file("Nama,Kelas,Alamat,Tgl Lahir,Tanggal Lahir\nAni,X,Y,,\n")
    )
    assert "“Kelas”" in message and "“Alamat”" in message
    assert "sex (L/P)" in message  # the missing required column
    assert "“Tgl Lahir”" in message and "“Tanggal Lahir”" in message  # the same column twice
    assert "row 1" in message


def test_a_dapodik_export_with_semicolons_and_a_row_number_column(client, cohort):
    upload_and_confirm(client, cohort, data_file("dapodik.csv"))
    assert saved("full_name", "nisn", "sex") == [
        ("CITRA FIKTIF", None, "F"),
        ("BUDI FIKTIF", "0051234568", "M"),
        ("ANI FIKTIF", "0051234567", "F"),
    ]


def test_the_preview_says_which_columns_it_read(client, cohort):
    response = upload(client, cohort, data_file("dapodik.csv"), language="en")
    preview = response.content.decode()
    assert "Columns read" in preview
    assert "“Nama” → full name" in preview and "“JK” → sex (L/P)" in preview
    assert "“No” → not read" in preview
    assert "Text encoding: UTF-8" in preview


# 2. Encodings.


def test_shift_jis_names_are_saved_as_written(client, cohort):
    result = upload_and_confirm(client, cohort, data_file("shift_jis.csv"))
    assert saved("full_name", "occupation") == [
        ("鈴木一郎", ""),
        ("佐藤花子", "介護"),
        ("山田太郎", "溶接"),
    ]
    assert result.encoding == "Shift-JIS"


def test_excel_unicode_text_utf16_with_tabs(client, cohort):
    upload_and_confirm(client, cohort, data_file("utf16_unicode_text.txt"))
    assert saved("full_name", "nisn", "birth_date", "occupation") == [
        ("山田太郎", None, datetime.date(2007, 11, 30), ""),
        ("Renée Fiktif", None, datetime.date(2008, 1, 2), "perawatan"),
        ("Siti Rahayu Fiktif", "0051234567", datetime.date(2008, 5, 17), "pengelasan"),
    ]


def test_windows_1252_throughout_is_read_as_such(client, cohort):
    result = upload_and_confirm(client, cohort, data_file("cp1252_accents.csv"))
    assert saved("full_name") == [
        ("François Çelik Fiktif",),
        ("Renée Señor Fiktif",),
        ("José Müller Fiktif",),
    ]
    assert result.encoding == "Windows-1252"


def test_utf8_with_one_windows_1252_row_is_refused_not_garbled(client, cohort):
    message = refusal(client, cohort, data_file("mixed_utf8_cp1252.csv"))
    assert "UTF-8" in message and "“CSV UTF-8”" in message


def test_a_replacement_character_is_never_saved(client, cohort):
    text = f"{HEADER}Ani Fiktif,,P,2008-05-17,,,,\nJos\ufffd Fiktif,,L,2008-05-17,,,,\n"
    message = refusal(client, cohort, text_file(text))
    assert "Row 3" in message and "\ufffd" in message


def test_an_excel_sheet_with_a_title_row_above_the_header(client, cohort):
    upload_and_confirm(client, cohort, data_file("title_row.xlsx"))
    assert saved("full_name", "birth_date") == [
        ("Citra Fiktif", datetime.date(2007, 11, 30)),
        ("Budi Fiktif", datetime.date(2008, 1, 2)),
        ("Ani Fiktif", datetime.date(2008, 5, 17)),
    ]


def test_problems_keep_the_spreadsheet_row_numbers_below_a_title(client, cohort):
    book = load_workbook(DATA / "title_row.xlsx")
    sheet = book.active
    sheet["D5"] = datetime.datetime(2099, 1, 1)  # Budi, row 5 in Excel
    # Row 7 left blank, then a bad row 8.
    sheet["A8"], sheet["C8"], sheet["D8"] = "Dodi Fiktif", "X", datetime.datetime(2008, 1, 1)
    buffer = io.BytesIO()
    book.save(buffer)
    response = upload(client, cohort, SimpleUploadedFile("peserta.xlsx", buffer.getvalue()))
    assert [(p.row, p.column) for p in response.context["result"].problems] == [
        (5, "tanggal lahir (YYYY-MM-DD)"),
        (8, "jenis kelamin (L/P)"),
    ]


# 3. Sheets that declare more than they hold.


def traced(upload, cohort):
    """The outcome of checking `upload`, and the peak of memory it took (deterministic, unlike
    time: `make benchmark` times the hostile sheets)."""
    tracemalloc.start()
    try:
        outcome = roster.check(upload, cohort)
    except roster.RosterError as error:
        outcome = error
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return outcome, peak


def test_a_small_sheet_declaring_a1_xfd20000_is_read_within_its_header(cohort):
    result, peak = traced(data_file("wide_hostile.xlsx"), cohort)
    assert result.ok, result
    names = [row["full_name"] for row in result.rows]
    assert names == ["Ani Fiktif", "Budi Fiktif", "Citra Fiktif"]
    assert peak < 20_000_000  # bytes; reading it as declared took 1.3 GB


def test_a_million_empty_rows_below_the_roster_are_refused(cohort):
    book = io.BytesIO()
    with (
        zipfile.ZipFile(DATA / "title_row.xlsx") as source,
        zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                rows = b"".join(
                    b'<row r="%d" ht="15" customHeight="1"/>' % n for n in range(7, 1_000_007)
                )
                content = content.replace(b"</sheetData>", rows + b"</sheetData>")
            target.writestr(info.filename, content)
    with translation.override("en"):
        error, peak = traced(SimpleUploadedFile("x.xlsx", book.getvalue()), cohort)
    assert isinstance(error, roster.RosterError)
    assert "below row" in str(error)
    assert peak < 20_000_000


# 4. Excel's numbers.


def test_numeric_nisn_and_npsn_cells_get_their_leading_zeros_back(
    client, cohort, organisation_factory
):
    home = organisation_factory(name="SMK Asal", npsn="01234567")
    upload_and_confirm(client, cohort, data_file("numeric_nisn.xlsx"))
    assert saved("full_name", "nisn", "home_institution") == [
        ("Citra Fiktif", "0051234569", cohort.institution.pk),  # a text cell, as typed
        ("Budi Fiktif", "0051234568", cohort.institution.pk),  # 51234568.0
        ("Ani Fiktif", "0051234567", home.pk),  # 51234567, NPSN 1234567
    ]


def test_a_csv_nisn_that_lost_its_zeros_says_so(client, cohort):
    response = upload(
        client,
        cohort,
        text_file(f"{HEADER}Ani Fiktif,51234567,P,2008-05-17,,,,\n"),
        language="en",
    )
    (problem,) = response.context["result"].problems
    assert "8 digits" in problem.message and "leading zeros" in problem.message


def test_the_excel_template_keeps_nisn_and_npsn_as_text(client, cohort):
    with translation.override("en"):
        url = reverse("trainees:roster-template", args=["xlsx"])
    sheet = load_workbook(io.BytesIO(client.get(url).content)).active
    headers = [cell.value for cell in sheet[1]]
    for label in ("NISN", "NPSN of the home school"):
        letter = sheet.cell(row=1, column=headers.index(label) + 1).column_letter
        assert sheet.column_dimensions[letter].number_format == "@"
        assert sheet[f"{letter}2"].number_format == "@"
    assert sheet["B2"].value == "0051234567"
    assert "departure date (YYYY-MM-DD)" in headers


# The three date columns, read for the stage rules.


def test_stage_departure_and_return_dates_are_read_like_the_birth_date(cohort):
    translation.activate("en")  # the labels of the new columns, before the catalogue has them
    header = "nama,jk,lahir,tahap,tanggal tahap,tanggal berangkat,tanggal pulang\n"
    good = "Ani Fiktif,P,2008-05-17,in_japan,2025-08-13,12/08/2025,\n"
    bad = "Budi Fiktif,L,2008-01-02,,2099-01-01,kemarin,\n"
    result = roster.check(text_file(header + good), cohort)
    assert result.ok, result.problems
    row = result.rows[0]
    assert (row["stage_date"], row["departed_on"], row["returned_on"]) == (
        datetime.date(2025, 8, 13),
        datetime.date(2025, 8, 12),
        None,
    )
    result = roster.check(text_file(header + good + bad), cohort)
    assert [(p.row, p.column) for p in result.problems] == [
        (3, "departure date (YYYY-MM-DD)"),
        (3, "stage date (YYYY-MM-DD)"),
    ]


def test_each_header_names_one_column_only():
    """An alias given to two columns would silently read one as the other."""
    owners = {}
    for column in roster.COLUMNS:
        for alias in (*column.aliases, str(column.label)):
            owners.setdefault(roster._normalise(alias), set()).add(column.name)
    assert {alias: names for alias, names in owners.items() if len(names) > 1} == {}
