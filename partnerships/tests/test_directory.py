import pytest
from django.urls import reverse

from portal.models import Province, Regency

pytestmark = pytest.mark.django_db

URL = "partnerships:organisation-list"


def names(response):
    return [organisation.name for organisation in response.context["organisations"]]


def test_directory_lists_organisations_with_their_place(client, organisation_factory):
    school = organisation_factory(name="SMKN 2 Curup")
    response = client.get(reverse(URL))
    assert response.status_code == 200
    assert "SMKN 2 Curup" in names(response)
    assert school.get_absolute_url().encode() in response.content


def test_filter_by_kind(client, organisation_factory):
    organisation_factory(name="SMKN 2 Curup")
    organisation_factory(training_centre=True, name="LPK Sakura")
    response = client.get(reverse(URL), {"kind": "training_centre"})
    assert names(response) == ["LPK Sakura"]


def test_filter_by_province_and_regency(client, organisation_factory):
    bengkulu = Province.objects.get(code="17")
    banten = Province.objects.get(code="36")
    kepahiang = Regency.objects.get(code="17.08")
    organisation_factory(name="SMKN 1 Kepahiang", province=bengkulu, regency=kepahiang)
    organisation_factory(
        name="SMKN 1 Curup", province=bengkulu, regency=Regency.objects.get(code="17.02")
    )
    organisation_factory(
        name="SMKN 1 Serang", province=banten, regency=Regency.objects.get(code="36.73")
    )

    assert names(client.get(reverse(URL), {"province": "17"})) == [
        "SMKN 1 Curup",
        "SMKN 1 Kepahiang",
    ]
    assert names(client.get(reverse(URL), {"province": "17", "regency": "17.08"})) == [
        "SMKN 1 Kepahiang"
    ]


def test_regency_choices_narrow_to_the_chosen_province(client):
    response = client.get(reverse(URL), {"province": "17"})
    regencies = response.context["filter"].form.fields["regency"].queryset
    assert {r.province.code for r in regencies} == {"17"}
    assert regencies.count() == 10


def test_filter_by_japanese_prefecture(client, organisation_factory):
    organisation_factory(japanese=True, name="Tokyo Kumiai")
    organisation_factory(name="SMKN 3 Curup")
    assert names(client.get(reverse(URL), {"prefecture": "13"})) == ["Tokyo Kumiai"]


def test_search_by_name_and_npsn(client, organisation_factory):
    organisation_factory(name="SMKN 4 Rejang Lebong", npsn="10700103")
    organisation_factory(name="SMKN 1 Kepahiang")
    assert names(client.get(reverse(URL), {"q": "rejang"})) == ["SMKN 4 Rejang Lebong"]
    assert names(client.get(reverse(URL), {"q": "10700103"})) == ["SMKN 4 Rejang Lebong"]


def test_sorting(client, organisation_factory):
    for name in ["SMKN B", "SMKN A", "SMKN C"]:
        organisation_factory(name=name)
    assert names(client.get(reverse(URL), {"sort": "-name"})) == ["SMKN C", "SMKN B", "SMKN A"]
    assert names(client.get(reverse(URL), {"sort": "name"})) == ["SMKN A", "SMKN B", "SMKN C"]


def test_empty_result_says_so(client):
    response = client.get(reverse(URL), {"q": "no such organisation anywhere"})
    assert response.status_code == 200
    assert names(response) == []
    assert "show all organisations" in response.content.decode().lower() or (
        "tampilkan semua" in response.content.decode().lower()
    )


def test_unknown_filter_values_do_not_break_the_page(client, organisation_factory):
    organisation_factory(name="SMKN 5 Curup")
    response = client.get(
        reverse(URL), {"province": "99", "kind": "spaceship", "sort": "password", "page": "x"}
    )
    assert response.status_code == 200
    assert response.context["filter"].form.errors


def test_pagination_keeps_the_filters(client, organisation_factory):
    organisation_factory.create_batch(30)
    organisation_factory(training_centre=True)
    response = client.get(reverse(URL), {"kind": "school"})
    page = response.context["page_obj"]
    assert page.paginator.count == 30
    assert len(page.object_list) == 25
    assert "kind=school&amp;page=2" in response.content.decode()

    second = client.get(reverse(URL), {"kind": "school", "page": 2})
    assert len(second.context["organisations"]) == 5
    # A page past the end shows the last page instead of an error.
    assert client.get(reverse(URL), {"kind": "school", "page": 99}).context["page_obj"].number == 2


def test_script_in_a_name_is_escaped(client, organisation_factory):
    organisation_factory(name='<script>alert("x")</script> SMK')
    content = client.get(reverse(URL)).content.decode()
    assert '<script>alert("x")</script>' not in content
    assert "&lt;script&gt;" in content


@pytest.mark.parametrize("rows", [3, 40])
def test_directory_query_budget_does_not_grow_with_rows(
    client, organisation_factory, django_assert_max_num_queries, rows
):
    organisation_factory.create_batch(rows)
    organisation_factory.create_batch(rows, japanese=True)
    with django_assert_max_num_queries(6):
        response = client.get(reverse(URL), {"sort": "province"})
    assert response.status_code == 200
