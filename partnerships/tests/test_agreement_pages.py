import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from partnerships.models import Agreement, AgreementParty, Event, Programme
from portal.models import Province, Regency

pytestmark = pytest.mark.django_db

LIST = "partnerships:agreement-list"


def titles(response):
    return sorted(agreement.title for agreement in response.context["agreements"])


@pytest.fixture
def registry(agreement_factory, organisation_factory):
    """Three agreements: a Bengkulu school with a Japanese partner, a Banten centre with an
    industry, and an expired one between two Bengkulu bodies."""
    banten = Province.objects.get(code="36")
    school = organisation_factory(name="SMKN 1 Rejang Lebong")
    japan = organisation_factory(japanese=True, name="JOE Cooperative")
    centre = organisation_factory(
        training_centre=True,
        name="BBPVP Serang",
        province=banten,
        regency=Regency.objects.get(code="36.73"),
    )
    industry = organisation_factory(
        industry=True, name="PT Baja", province=banten, regency=Regency.objects.get(code="36.73")
    )
    government = organisation_factory(government=True, name="Pemprov Bengkulu")
    japan_class = agreement_factory(
        title="Kelas Industri Jepang",
        kind=Agreement.Kind.MOU,
        signed_on=datetime.date(2025, 7, 12),
        parties=[school, japan],
    )
    japan_class.programmes.add(Programme.objects.get(code="industry-class"))
    AgreementParty.objects.filter(agreement=japan_class, organisation=school).update(
        signatory_name="Asep Suparman", signatory_title="Kepala Sekolah"
    )
    placement = agreement_factory(
        title="Penempatan alumni", signed_on=datetime.date(2024, 11, 14), parties=[centre, industry]
    )
    placement.programmes.add(Programme.objects.get(code="domestic-placement"))
    expired = agreement_factory(
        title="Kerja sama lama",
        signed_on=datetime.date(2020, 1, 1),
        expires_on=datetime.date(2021, 1, 1),
        parties=[government, school],
    )
    return {"school": school, "japan": japan, "centre": centre, "expired": expired}


def test_filter_by_province_of_any_party(client, registry):
    response = client.get(reverse(LIST), {"province": "17"})
    assert titles(response) == ["Kelas Industri Jepang", "Kerja sama lama"]
    assert titles(client.get(reverse(LIST), {"province": "36"})) == ["Penempatan alumni"]


def test_filter_by_party_and_kind_of_party(client, registry):
    assert titles(client.get(reverse(LIST), {"party": registry["japan"].slug})) == [
        "Kelas Industri Jepang"
    ]
    assert titles(client.get(reverse(LIST), {"party_kind": "industry"})) == ["Penempatan alumni"]


def test_filter_by_programme_kind_status_and_year(client, registry):
    assert titles(client.get(reverse(LIST), {"programme": "industry-class"})) == [
        "Kelas Industri Jepang"
    ]
    assert titles(client.get(reverse(LIST), {"kind": "mou"})) == ["Kelas Industri Jepang"]
    assert titles(client.get(reverse(LIST), {"status": "expired"})) == ["Kerja sama lama"]
    assert titles(client.get(reverse(LIST), {"year": "2024"})) == ["Penempatan alumni"]


def test_filter_expiring_soon(client, registry, agreement_factory):
    today = datetime.date.today()
    agreement_factory(
        title="Segera berakhir",
        signed_on=today - datetime.timedelta(days=300),
        expires_on=today + datetime.timedelta(days=30),
    )
    assert titles(client.get(reverse(LIST), {"expiring": "on"})) == ["Segera berakhir"]


def test_search_title_party_and_signatory(client, registry):
    assert titles(client.get(reverse(LIST), {"q": "industri jepang"})) == ["Kelas Industri Jepang"]
    assert titles(client.get(reverse(LIST), {"q": "BBPVP"})) == ["Penempatan alumni"]
    assert titles(client.get(reverse(LIST), {"q": "Suparman"})) == ["Kelas Industri Jepang"]
    assert titles(client.get(reverse(LIST), {"q": "nothing like this"})) == []


def test_sorting_and_bad_values(client, registry):
    response = client.get(reverse(LIST), {"sort": "signed"})
    assert [a.title for a in response.context["agreements"]][0] == "Kerja sama lama"
    response = client.get(reverse(LIST), {"year": "abc", "status": "x", "party": "nobody"})
    assert response.status_code == 200
    assert response.context["filter"].form.errors


def test_csv_export_applies_the_filters(client, registry):
    response = client.get(reverse(LIST), {"province": "36", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert len(rows) == 2
    assert rows[1][1] == "Penempatan alumni"
    assert "BBPVP Serang" in rows[1][9]


def test_excel_export_applies_the_filters(client, registry):
    response = client.get(reverse(LIST), {"province": "17", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sorted(row[1] for row in sheet.iter_rows(min_row=2, values_only=True)) == [
        "Kelas Industri Jepang",
        "Kerja sama lama",
    ]


def test_exports_neutralise_formulas(client, agreement_factory):
    agreement_factory(title='=HYPERLINK("http://evil.example","klik")')
    body = b"".join(client.get(reverse(LIST), {"format": "csv"}).streaming_content).decode()
    assert "'=HYPERLINK" in body
    sheet = load_workbook(io.BytesIO(client.get(reverse(LIST), {"format": "xlsx"}).content)).active
    assert sheet.cell(row=2, column=2).value.startswith("'=")


def test_organisation_directory_exports_too(client, organisation_factory):
    organisation_factory(name="SMKN 1 Kepahiang")
    organisation_factory(training_centre=True, name="LPK Sakura")
    response = client.get(
        reverse("partnerships:organisation-list"), {"kind": "school", "format": "csv"}
    )
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "SMKN 1 Kepahiang" in body
    assert "LPK Sakura" not in body


def test_agreement_page_shows_parties_timeline_validity_and_amendments(
    client, agreement_factory, organisation_factory
):
    first, second = organisation_factory(name="Kemnaker"), organisation_factory(name="AP2LN")
    agreement = agreement_factory(
        title="Pemagangan ke Jepang",
        quota=160,
        quota_period="year",
        effective_from=datetime.date(2025, 1, 15),
        expires_on=datetime.date(2030, 1, 14),
        parties=[first, second],
    )
    AgreementParty.objects.filter(organisation=first).update(
        signatory_name="Anwar Sanusi",
        signatory_title="Sekjen",
        signed_on=datetime.date(2025, 1, 15),
    )
    AgreementParty.objects.filter(organisation=second).update(
        signatory_name="Ketua AP2LN", signed_on=datetime.date(2025, 1, 10)
    )
    agreement_factory(title="Addendum pertama", kind="addendum", amends=agreement)

    response = client.get(agreement.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert [p.signatory_name for p in response.context["timeline"]] == [
        "Ketua AP2LN",
        "Anwar Sanusi",
    ]
    for text in ["Anwar Sanusi", "Sekjen", "Kemnaker", "AP2LN", "160", "Addendum pertama", "2030"]:
        assert text in content


def test_unknown_agreement_is_404(client):
    assert client.get(reverse("partnerships:agreement-detail", args=[999999])).status_code == 404


def test_event_page_shows_everything_signed_there(client, agreement_factory, organisation_factory):
    event = Event.objects.create(
        name="Forum FKLPI",
        kind=Event.Kind.FORUM,
        date=datetime.date(2024, 11, 14),
        venue="Hotel Santika Harapan Indah",
        regency=Regency.objects.get(code="32.75"),
    )
    for index in range(3):
        agreement_factory(title=f"Industri {index}", event=event)
    agreement_factory(title="Bukan di forum")
    response = client.get(reverse("partnerships:event-detail", args=[event.pk]))
    assert [a.title for a in response.context["agreements"]] == [
        "Industri 0",
        "Industri 1",
        "Industri 2",
    ]
    assert "Hotel Santika Harapan Indah" in response.content.decode()
    assert f"{reverse(LIST)}?event={event.pk}&amp;format=csv" in response.content.decode()
    export = client.get(reverse(LIST), {"event": event.pk, "format": "csv"})
    assert b"".join(export.streaming_content).decode().count("Industri ") == 3


def test_organisation_and_province_pages_list_their_agreements(client, registry):
    school_page = client.get(registry["school"].get_absolute_url())
    assert sorted(a.title for a in school_page.context["agreements"]) == [
        "Kelas Industri Jepang",
        "Kerja sama lama",
    ]
    province_page = client.get(reverse("dashboards:province", args=["36"]))
    assert [a.title for a in province_page.context["agreements"]] == ["Penempatan alumni"]
    assert province_page.context["agreement_count"] == 1
    organisations_export = reverse("partnerships:organisation-list") + "?province=36&amp;format="
    assert organisations_export + "xlsx" in province_page.content.decode()


@pytest.mark.parametrize("rows", [2, 30])
def test_list_query_budget(
    client, agreement_factory, organisation_factory, django_assert_max_num_queries, rows
):
    programme = Programme.objects.first()
    for _ in range(rows):
        agreement = agreement_factory(
            parties=[organisation_factory(), organisation_factory(japanese=True)]
        )
        agreement.programmes.add(programme)
    with django_assert_max_num_queries(10):
        assert client.get(reverse(LIST)).status_code == 200
    with django_assert_max_num_queries(6):
        response = client.get(reverse(LIST), {"format": "csv"})
        b"".join(response.streaming_content)


@pytest.mark.parametrize("parties", [2, 25])
def test_detail_query_budget(
    client, agreement_factory, organisation_factory, django_assert_max_num_queries, parties
):
    agreement = agreement_factory(parties=organisation_factory.create_batch(parties))
    agreement_factory(kind="addendum", amends=agreement)
    with django_assert_max_num_queries(6):
        assert client.get(agreement.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    "language, phrase",
    [("id", "160 peserta per tahun"), ("en", "160 participants a year"), ("ja", "年間160人")],
)
def test_the_quota_is_one_phrase_on_the_page_and_in_the_export(
    client, agreement_factory, language, phrase
):
    agreement = agreement_factory(title="Pemagangan", quota=160, quota_period="year")
    with translation.override(language):
        page_url, list_url = agreement.get_absolute_url(), reverse(LIST)
    assert phrase in client.get(page_url).content.decode()
    body = b"".join(client.get(list_url, {"format": "csv"}).streaming_content).decode("utf-8-sig")
    (_header, row) = csv.reader(io.StringIO(body))
    assert phrase in row
