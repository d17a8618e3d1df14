"""National scale: the search is answered by its indexes, long lists paginate, exports are built
from values() with the parties aggregated in SQL, and query counts stay flat."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from partnerships.models import Agreement, AgreementParty, Event, Organisation

pytestmark = pytest.mark.django_db

LIST = "partnerships:agreement-list"


def plan(queryset):
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE partnerships_organisation, partnerships_agreementparty")
        cursor.execute("SET LOCAL enable_seqscan = off")
        return queryset.explain()


def test_search_uses_the_full_text_and_trigram_indexes(agreement_factory, organisation_factory):
    school = organisation_factory(name="SMKN 3 Kepahiang")
    partner = organisation_factory(japanese=True, name="Kyodo Kumiai Sakura")
    for n in range(30):
        agreement_factory(title=f"Perjanjian magang {n}", parties=[school, partner])
    explained = plan(Agreement.objects.search("Sakura"))
    assert "agreement_search_idx" in explained
    assert "party_signatory_trgm_idx" in explained
    # Planned as `id IN (...) OR id IN (...) OR id IN (...)`, each from its own index.
    assert "(hashed SubPlan 1) OR (hashed SubPlan 2) OR (hashed SubPlan 3)" in explained
    # The parties' names, matched by trigram (on a small table the planner may prefer
    # another way in, so the organisations' lookup is checked on its own).
    names = Organisation.objects.filter(name__icontains="sakura").order_by()
    assert "org_name_trgm_idx" in plan(names)


def test_search_matches_own_text_party_short_name_and_signatory(
    agreement_factory, organisation_factory
):
    school = organisation_factory(name="SMKN 3 Kepahiang", short_name="Smeka3")
    partner = organisation_factory(japanese=True, name="Kyodo Kumiai Sakura")
    other = organisation_factory(name="SMKN 9 Lain")
    own = agreement_factory(title="Magang perawat lansia", parties=[other, partner])
    by_short_name = agreement_factory(title="Kelas industri", parties=[school, other])
    signed = agreement_factory(title="Kerja sama", parties=[other, school])
    AgreementParty.objects.filter(agreement=signed, organisation=school).update(
        signatory_name="Budi Hartono"
    )
    found = set(Agreement.objects.search("lansia"))
    assert found == {own}
    assert set(Agreement.objects.search("smeka3")) == {by_short_name, signed}
    assert set(Agreement.objects.search("hartono")) == {signed}
    assert set(Agreement.objects.search("sakura")) == {own}
    # No agreement twice, whichever way it matched.
    assert Agreement.objects.search("smkn").count() == 3


@pytest.fixture
def forum(agreement_factory, organisation_factory):
    """An event where many agreements were signed, each between a school and a partner."""
    event = Event.objects.create(
        name="Forum", kind=Event.Kind.FORUM, date=datetime.date(2024, 11, 14)
    )
    partner = organisation_factory(japanese=True, name="Kyodo Kumiai Sakura")
    for n in range(30):
        school = organisation_factory(name=f"SMKN {n} Forum")
        agreement_factory(title=f"Kerja sama {n:02d}", event=event, parties=[school, partner])
    return event


def read_csv(response):
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def read_xlsx(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(body)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("spool", [10**8, 0], ids=["in-memory", "spooled-to-disk"])
def test_exports_aggregate_parties_in_sql(
    client, agreement_factory, organisation_factory, monkeypatch, spool
):
    monkeypatch.setattr("portal.exports.SPOOL_IN_MEMORY", spool)
    school = organisation_factory(name="SMKN 3 Kepahiang")
    partner = organisation_factory(japanese=True, name="Kyodo Kumiai Sakura")
    witness = organisation_factory(government=True, name="=Pemprov Bengkulu")
    agreement = agreement_factory(
        title="Magang perawat",
        quota=20,
        quota_period=Agreement.QuotaPeriod.choices[0][0],
        parties=[school, partner, witness],
    )
    AgreementParty.objects.filter(agreement=agreement, organisation=school).update(
        signatory_name="Budi", signatory_title="Kepala Sekolah"
    )
    AgreementParty.objects.filter(agreement=agreement, organisation=partner).update(
        signatory_name="Sato"
    )
    csv_rows = read_csv(client.get(reverse(LIST), {"format": "csv"}))
    xlsx_rows = read_xlsx(client.get(reverse(LIST), {"format": "xlsx"}))
    for rows in (csv_rows, xlsx_rows):
        assert len(rows[0]) == 15
        row = rows[1]
        assert row[1] == "Magang perawat"
        role = AgreementParty.Role
        assert row[9] == (
            f"SMKN 3 Kepahiang ({role.FIRST.label}); Kyodo Kumiai Sakura ({role.SECOND.label}); "
            f"=Pemprov Bengkulu ({role.PARTY.label})"
        )
        assert row[10] == "Budi, Kepala Sekolah; Sato"
        assert row[11] == "Bengkulu"
        assert row[14].endswith(agreement.get_absolute_url())
        assert row[14].startswith("http://testserver/")
    assert csv_rows[1][5] == "2025-01-15"
    assert xlsx_rows[1][5] == datetime.datetime(2025, 1, 15)


def test_export_queries_do_not_grow_with_rows(client, forum, django_assert_max_num_queries):
    for fmt in ("csv", "xlsx"):
        with django_assert_max_num_queries(4):
            response = client.get(reverse(LIST), {"format": fmt})
            rows = read_csv(response) if fmt == "csv" else read_xlsx(response)
        assert len(rows) == 31


def test_event_page_paginates_its_agreements(client, forum, monkeypatch):
    monkeypatch.setattr("partnerships.views.EVENT_AGREEMENTS_PAGE_SIZE", 10)
    url = reverse("partnerships:event-detail", args=[forum.pk])
    first = client.get(url)
    assert [a.title for a in first.context["agreements"]] == [
        f"Kerja sama {n:02d}" for n in range(10)
    ]
    assert "30" in first.content.decode()  # the heading counts them all
    last = client.get(url, {"page": 3})
    assert [a.title for a in last.context["agreements"]][-1] == "Kerja sama 29"
    assert client.get(url, {"page": "x"}).status_code == 200


@pytest.mark.parametrize("count", [2, 60])
def test_event_page_query_budget(
    client, agreement_factory, organisation_factory, django_assert_max_num_queries, count
):
    event = Event.objects.create(
        name="Forum", kind=Event.Kind.FORUM, date=datetime.date(2024, 1, 9)
    )
    partner = organisation_factory(japanese=True, name="Kyodo Kumiai Sakura")
    for n in range(count):
        school = organisation_factory(name=f"SMKN {n} Forum")
        agreement_factory(title=f"Kerja sama {n:02d}", event=event, parties=[school, partner])
    with django_assert_max_num_queries(10):
        response = client.get(reverse("partnerships:event-detail", args=[event.pk]))
    assert len(response.content) < 200_000


def test_search_page_query_budget(client, forum, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = client.get(reverse(LIST), {"q": "Sakura"})
    assert response.context["page_obj"].paginator.count == 30


@pytest.mark.parametrize("count", [2, 60])
def test_admin_agreement_changelist_searches_without_distinct(
    admin_client, agreement_factory, organisation_factory, count
):
    partner = organisation_factory(japanese=True, name="Kyodo Kumiai Sakura")
    for n in range(count):
        school = organisation_factory(name=f"SMKN {n} Forum")
        agreement_factory(title=f"Kerja sama {n:02d}", parties=[school, partner])
    url = reverse("admin:partnerships_agreement_changelist")
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(url, {"q": "sakura"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == count
    # The rows are read without SELECT DISTINCT (the date hierarchy's list of days has one).
    rows = [q["sql"] for q in queries if 'FROM "partnerships_agreement"' in q["sql"]]
    assert rows
    assert not any(sql.startswith('SELECT DISTINCT "partnerships_agreement"') for sql in rows)
    assert len(queries) <= 14, [q["sql"] for q in queries]
    ordered = list(response.context["cl"].result_list)
    assert ordered == sorted(ordered, key=lambda a: a.title)  # same signing day: by title


@pytest.mark.parametrize(
    "name", ["partnerships_organisation", "trainees_trainee", "trainees_cohort"]
)
def test_admin_changelists_skip_the_full_count(admin_client, name):
    app, model = name.split("_", 1)
    response = admin_client.get(reverse(f"admin:{app}_{model}_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].show_full_result_count is False


def test_event_page_shows_the_first_participants_and_counts_them(
    client, organisation_factory, monkeypatch
):
    monkeypatch.setattr("partnerships.views.EVENT_PARTICIPANTS_SHOWN", 2)
    event = Event.objects.create(
        name="Forum", kind=Event.Kind.FORUM, date=datetime.date(2024, 1, 9)
    )
    event.participants.set([organisation_factory(name=f"SMKN {n} Forum") for n in range(3)])
    response = client.get(reverse("partnerships:event-detail", args=[event.pk]))
    assert [o.name for o in response.context["participants"]] == ["SMKN 0 Forum", "SMKN 1 Forum"]
    assert response.context["participant_count"] == 3
    assert "SMKN 2 Forum" not in response.content.decode()


def test_the_trainee_changelist_estimates_its_unfiltered_total(
    admin_client, cohort_factory, trainee_factory, monkeypatch
):
    monkeypatch.setattr("portal.admin.EstimatedCountPaginator.exact_below", 1)
    cohort = cohort_factory()
    for _ in range(3):
        trainee_factory(cohort=cohort)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE trainees_trainee")
    url = reverse("admin:trainees_trainee_changelist")
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(url)
    assert response.context["cl"].result_count == 3
    assert "reltuples" in " ".join(q["sql"] for q in queries)
    assert not any('COUNT(*) AS "__count" FROM "trainees_trainee"' in q["sql"] for q in queries)
    # Filtered, the count is exact.
    filtered = admin_client.get(url, {"stage__exact": "registered"})
    assert filtered.context["cl"].result_count == 3
