import pytest
from django.urls import reverse

from portal.models import Province, Regency

pytestmark = pytest.mark.django_db


def test_home_shows_live_totals_and_latest_additions(client, organisation_factory):
    organisation_factory(name="SMKN 1 Kepahiang")
    organisation_factory(training_centre=True, name="LPK Mulia Mandiri Abadi")
    response = client.get(reverse("pages:home"))
    assert response.status_code == 200
    totals = {kind: count for kind, _label, count in response.context["kind_totals"]}
    assert totals["school"] == 1
    assert totals["training_centre"] == 1
    assert response.context["organisation_total"] == 2
    assert "SMKN 1 Kepahiang" in response.content.decode()


def test_home_is_indonesian_by_default_and_english_under_en(client):
    indonesian = client.get("/")
    english = client.get("/en/")
    assert indonesian["Content-Language"] == "id"
    assert english["Content-Language"] == "en"
    assert '<html lang="id" class="no-js">' in indonesian.content.decode()
    assert "Portal kemitraan" in indonesian.content.decode()
    assert "Partnership portal" in english.content.decode()


def test_language_switcher_sets_the_language(client):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "/organisations/"}, follow=False
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/organisations/"


def test_pages_send_a_content_security_policy(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_province_page_lists_only_its_organisations(client, organisation_factory):
    bengkulu = Province.objects.get(code="17")
    banten = Province.objects.get(code="36")
    organisation_factory(name="SMKN 1 Kepahiang", province=bengkulu)
    organisation_factory(
        name="SMKN 1 Serang", province=banten, regency=Regency.objects.get(code="36.73")
    )
    response = client.get(reverse("dashboards:province", args=["17"]))
    assert response.status_code == 200
    assert [o.name for o in response.context["organisations"]] == ["SMKN 1 Kepahiang"]
    assert "Bengkulu" in response.content.decode()


def test_unknown_province_is_404(client):
    assert client.get(reverse("dashboards:province", args=["99"])).status_code == 404


def test_province_list_counts_organisations(client, organisation_factory):
    organisation_factory.create_batch(3)
    response = client.get(reverse("dashboards:province-list"))
    counts = {p.code: p.organisation_count for p in response.context["provinces"]}
    assert len(counts) == 38
    assert counts["17"] == 3
    assert counts["36"] == 0


@pytest.mark.parametrize("rows", [2, 40])
def test_province_page_query_budget(
    client, organisation_factory, agreement_factory, django_assert_max_num_queries, rows
):
    schools = organisation_factory.create_batch(rows)
    bodies = organisation_factory.create_batch(rows, government=True)
    for school, body in zip(schools, bodies, strict=True):
        agreement_factory(parties=[school, body])
    # 9 for the organisations, agreements and events, at most 17 for the dashboard's figures.
    with django_assert_max_num_queries(26):
        response = client.get(reverse("dashboards:province", args=["17"]))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [2, 40])
def test_home_query_budget(
    client, organisation_factory, agreement_factory, django_assert_max_num_queries, rows
):
    for school in organisation_factory.create_batch(rows):
        agreement_factory(parties=[school, organisation_factory(japanese=True)])
    with django_assert_max_num_queries(9):
        assert client.get(reverse("pages:home")).status_code == 200
