"""The Japanese partners' candidate lists (氏名, フリガナ, 性別 男/女, 生年月日 2008/01/10 or
2008年1月10日), the messages of a date or a header the import cannot read, and the preview's
birth dates as read, in the three languages.

The files are in trainees/tests/data/ (japanese_partner_*): uploads go through the real view
and are confirmed, so that what is asserted is what the database holds."""

import datetime
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from trainees import fields, roster
from trainees.models import Trainee
from trainees.roster.checking import DATE_FORMATS
from trainees.tests.rosters import import_url, text_file, upload

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"


def data_file(name):
    return SimpleUploadedFile(name, (DATA / name).read_bytes())


@pytest.fixture
def cohort(client, walls, cohort_factory):
    client.force_login(walls.owner)
    return cohort_factory(institution=walls.school, name="Kelas Jepang")


def saved():
    return list(Trainee.objects.order_by("full_name").values_list("full_name", "sex", "birth_date"))


# 1. The Japanese partners' lists import, in each format.


@pytest.mark.parametrize(
    "name, encoding, expected",
    [
        (
            "japanese_partner_utf8.csv",
            "UTF-8",
            [
                ("BUDI SANTOSO FIKTIF", "M", datetime.date(2007, 11, 3)),  # 2007年11月3日
                ("DEWI LESTARI FIKTIF", "F", datetime.date(2008, 2, 14)),  # 2008/2/14
                ("SITI RAHAYU FIKTIF", "F", datetime.date(2008, 1, 10)),  # 2008/01/10
            ],
        ),
        (
            "japanese_partner_shift_jis.csv",
            "Shift-JIS",
            [
                ("AGUS PRATAMA FIKTIF", "M", datetime.date(2007, 12, 25)),
                ("EKO SAPUTRA FIKTIF", "M", datetime.date(2008, 1, 10)),
                ("RINA WULANDARI FIKTIF", "F", datetime.date(2008, 3, 1)),  # 2008年3月1日
            ],
        ),
        (
            "japanese_partner.xlsx",  # a title row above; a date cell and two text dates
            "",
            [
                ("ANDI WIJAYA FIKTIF", "M", datetime.date(2007, 10, 5)),
                ("NUR HIDAYAH FIKTIF", "F", datetime.date(2008, 1, 10)),
                ("SRI MULYANI FIKTIF", "F", datetime.date(2008, 2, 14)),
            ],
        ),
    ],
)
def test_a_japanese_partners_list_imports(client, cohort, name, encoding, expected):
    response = upload(client, cohort, data_file(name), language="en")
    result = response.context["result"]
    assert result.ok, result.problems
    assert result.encoding == encoding
    # フリガナ is read and not kept: the portal has no field for it.
    assert ("フリガナ", "reading of the name (furigana)", False) in [
        (header, label, kept) for header, label, kept in result.columns
    ]
    assert [(h, k) for h, _label, k in result.columns if h != "フリガナ"] == [
        ("氏名", True),
        ("性別", True),
        ("生年月日", True),
    ]
    client.post(import_url(cohort, "id"), {"token": response.context["token"]})
    assert saved() == expected
    assert Trainee.objects.filter(cohort=cohort).count() == 3


def test_the_preview_says_the_reading_was_read_and_not_kept(client, cohort):
    response = upload(client, cohort, data_file("japanese_partner_utf8.csv"), language="en")
    columns = response.content.decode()
    assert "“フリガナ” → reading of the name (furigana): read, not kept" in columns
    assert "“氏名” → full name" in columns and "“性別” → sex (L/P)" in columns


def test_half_width_headers_and_full_width_dates_as_japanese_keyboards_type_them(cohort):
    text = "氏名,ﾌﾘｶﾞﾅ,性別,生年月日\nSITI FIKTIF,ｼﾃｨ,女,２００８／０１／１０\n"
    result = roster.check(text_file(text), cohort)
    assert result.ok, result.problems
    assert result.rows[0]["birth_date"] == datetime.date(2008, 1, 10)
    assert result.columns[1] == ("ﾌﾘｶﾞﾅ", "bacaan nama (furigana)", False) or (
        result.columns[1][0] == "ﾌﾘｶﾞﾅ" and result.columns[1][2] is False
    )


def test_a_row_with_only_its_reading_is_not_taken_for_a_blank_row(cohort):
    text = "氏名,フリガナ,性別,生年月日\nSITI FIKTIF,シティ,女,2008/01/10\n,ブディ,,\n"
    with translation.override("en"):
        result = roster.check(text_file(text), cohort)
    assert sorted((p.row, p.column) for p in result.problems) == [
        (3, "date of birth (YYYY-MM-DD)"),
        (3, "full name"),
        (3, "sex (L/P)"),
    ]


def test_unknown_columns_of_a_japanese_list_are_still_refused(client, cohort):
    text = "氏名,フリガナ,性別,生年月日,住所\nSITI FIKTIF,シティ,女,2008/01/10,東京\n"
    response = upload(client, cohort, text_file(text), language="en")
    assert "result" not in response.context
    assert "“住所”" in " ".join(response.context["form"].non_field_errors())
    assert not Trainee.objects.exists()


@pytest.mark.parametrize("written, code", [("男", "M"), ("女", "F"), ("男性", "M"), ("女性", "F")])
def test_the_sex_written_in_japanese(written, code):
    assert fields.clean_sex(written) == code


# 2. The messages: a date not read, a header not read.


def test_a_date_not_read_shows_the_value_found_and_every_format_accepted(client, cohort):
    text = "氏名,性別,生年月日\nSITI FIKTIF,女,10/31/2008\n"
    response = upload(client, cohort, text_file(text), language="en")
    (problem,) = response.context["result"].problems
    assert problem.message == (
        "“10/31/2008” is not a date this import reads. Write it like one of these, which are "
        "all 17 May 2008: 2008-05-17, 2008/05/17, 17/05/2008, 17-05-2008, 2008年5月17日."
    )
    assert problem.message in response.content.decode()


def test_the_formats_the_message_names_are_exactly_those_read(cohort):
    """Every example of the message is 17 May 2008 in its own format, and reads back as such."""
    assert len({fmt for fmt, _example in DATE_FORMATS}) == len(DATE_FORMATS)
    for fmt, example in DATE_FORMATS:
        assert datetime.datetime.strptime(example, fmt).date() == datetime.date(2008, 5, 17)
        result = roster.check(text_file(f"nama,jk,lahir\nAni Fiktif,P,{example}\n"), cohort)
        assert result.rows[0]["birth_date"] == datetime.date(2008, 5, 17), example


def test_a_long_cell_is_quoted_short(cohort):
    long = "lahir di Bengkulu pada hari Sabtu tanggal tujuh belas"
    with translation.override("en"):
        result = roster.check(text_file(f"nama,jk,lahir\nAni Fiktif,P,{long}\n"), cohort)
    (problem,) = result.problems
    assert long not in problem.message
    assert "“lahir di Bengkulu pada hari S…”" in problem.message


def test_a_header_error_is_short_and_shown_once(client, cohort):
    text = "Nama,Kelas,Alamat,Tgl Lahir\nAni,X,Y,2008-05-17\nBudi,X,Y,2008-01-02\n"
    response = upload(client, cohort, text_file(text), language="en")
    (message,) = response.context["form"].non_field_errors()
    assert message == (
        "The header on row 1 cannot be read. Unknown columns: “Kelas”, “Alamat”. "
        "Missing columns: sex (L/P)."
    )
    assert not response.context["form"].errors.get("file")  # not again under the field
    page = response.content.decode()
    assert page.count("cannot be read") == 1
    assert page.count("“Kelas”") == 1


def test_a_row_of_long_cells_read_as_a_header_gives_a_short_message(client, cohort):
    header = ",".join(
        ["Nama", "Tgl Lahir"] + [f"Keterangan panjang nomor {n} " * 4 for n in range(9)]
    )
    response = upload(client, cohort, text_file(header + "\nAni,2008-05-17\n"), language="en")
    (message,) = response.context["form"].non_field_errors()
    assert len(message) < 450, message
    assert message.count("“") == 6 and message.endswith("Missing columns: sex (L/P).")


# 3. The preview shows each birth date as read, in the page's own date format.


@pytest.mark.parametrize(
    "language, shown",
    [("id", "14 Februari 2008"), ("en", "14 Feb 2008"), ("ja", "2008年2月14日")],
)
def test_the_preview_shows_each_birth_date_as_read(client, cohort, language, shown):
    text = "nama,jk,lahir\nAni Fiktif,P,14/02/2008\nBudi Fiktif,L,2008/02/14\n"
    response = upload(client, cohort, text_file(text), language=language)
    assert response.context["result"].ok
    dates = re.findall(
        r'<time datetime="([\d-]+)" data-testid="birth-date">([^<]+)</time>',
        response.content.decode(),
    )
    assert dates == [("2008-02-14", shown), ("2008-02-14", shown)]


def test_a_swapped_day_and_month_shows_in_the_preview(client, cohort):
    # Written month first, as a US spreadsheet does: read day first, and shown so.
    text = "nama,jk,lahir\nAni Fiktif,P,02/10/2008\n"
    page = upload(client, cohort, text_file(text), language="id").content.decode()
    assert ">2 Oktober 2008</time>" in page


# 4. The bulk move starts on the next stage of the trainees shown.


def stage_select(page):
    """The options of the bulk move's stage select, and the one selected."""
    select = re.search(r'<select name="stage".*?</select>', page, re.S).group(0)
    options = re.findall(r'<option value="([^"]+)"', select)
    selected = re.findall(r'<option value="([^"]+)"[^>]*selected', select)
    return options, selected


def test_the_bulk_move_starts_on_the_most_common_next_stage(client, walls, cohort, trainee_factory):
    from trainees import services
    from trainees.models import Stage

    day = datetime.date(2025, 8, 1)
    registered = [trainee_factory(cohort=cohort) for _ in range(2)]
    training = [trainee_factory(cohort=cohort) for _ in range(3)]
    for trainee in training:
        services.move_trainee(trainee=trainee, stage=Stage.IN_TRAINING, date=day)
    page = client.get(cohort.get_absolute_url()).content.decode()
    options, selected = stage_select(page)
    assert "registered" not in options  # where every move fails
    assert "completed" not in options  # a programme in Japan ends with the return
    assert options[0] == "in_training" and options[-1] == "withdrawn"
    assert selected == ["selection"]  # three in training, two registered
    for trainee in registered:
        assert (
            f'value="{trainee.pk}" id="trainee-{trainee.pk}" data-next-stage="in_training"' in page
        )
    for trainee in training:
        assert f'id="trainee-{trainee.pk}" data-next-stage="selection"' in page

    # One more registered: a tie goes to the earlier stage.
    trainee_factory(cohort=cohort)
    assert stage_select(client.get(cohort.get_absolute_url()).content.decode())[1] == [
        "in_training"
    ]


def test_a_domestic_cohorts_bulk_move_offers_no_stage_in_japan(
    client, walls, cohort_factory, trainee_factory
):
    from partnerships.models import Programme

    client.force_login(walls.owner)
    cohort = cohort_factory(
        institution=walls.school, programme=Programme.objects.get(code="domestic-placement")
    )
    trainee_factory(cohort=cohort)
    options, selected = stage_select(client.get(cohort.get_absolute_url()).content.decode())
    assert options == [
        "in_training",
        "selection",
        "passed",
        "not_passed",
        "completed",
        "withdrawn",
    ]
    assert selected == ["in_training"]


def test_a_single_trainees_move_starts_on_its_first_allowed_move(
    client, walls, cohort, trainee_factory
):
    trainee = trainee_factory(cohort=cohort)
    page = client.get(reverse("trainees:trainee-detail", args=[trainee.pk])).content.decode()
    options, selected = stage_select(page)
    assert options == ["in_training", "withdrawn"]
    assert selected in ([], ["in_training"])  # no other selected: the browser shows the first
