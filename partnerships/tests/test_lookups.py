"""The organisation and agreement pickers: the lookup views, the party filter of the agreement
list, and how a typed name is resolved (partnerships/lookups.py, portal/lookups.py and
portal/widgets.py)."""

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation

from partnerships.filters import AgreementFilter
from partnerships.models import AgreementParty, Organisation
from portal.lookups import RESULTS

pytestmark = pytest.mark.django_db


def add_schools(count, bengkulu, agreement=None, start=0):
    """`count` schools in one insert, parties to `agreement` if given."""
    schools = Organisation.objects.bulk_create(
        Organisation(
            name=f"SMK Massal {n:04d}",
            slug=f"smk-massal-{n:04d}",
            kind=Organisation.Kind.SCHOOL,
            category=Organisation.Category.SMK,
            npsn=f"{30000000 + n}",
            province=bengkulu,
        )
        for n in range(start, start + count)
    )
    if agreement is not None:
        start = agreement.parties.count()
        AgreementParty.objects.bulk_create(
            AgreementParty(
                agreement=agreement,
                organisation=school,
                role=AgreementParty.Role.PARTY,
                position=start + n,
            )
            for n, school in enumerate(schools)
        )
    return schools


def lookup(client, name="partnerships:lookup-organisations", **params):
    response = client.get(reverse(name), params)
    assert response.status_code == 200
    return response.json()["results"]


def test_the_organisation_lookup_finds_by_any_words_of_the_name(client, walls):
    results = lookup(client, q="pemilik smk")
    assert [r["text"] for r in results] == ["SMK Pemilik"]
    assert results[0]["id"] == str(walls.school.pk)
    assert "Rejang Lebong" in results[0]["detail"] or results[0]["detail"]


def test_the_lookup_puts_names_that_start_with_the_text_first(client, walls, organisation_factory):
    organisation_factory(name="Yayasan Mitra SMK")
    assert [r["text"] for r in lookup(client, q="mitra")] == [
        "Mitra Kabushiki Kaisha",
        "LPK Mitra",
        "Yayasan Mitra SMK",
    ]


def test_the_lookup_answers_at_most_its_limit_and_nothing_for_one_letter(client, bengkulu):
    add_schools(RESULTS + 15, bengkulu)
    results = lookup(client, q="massal")
    assert len(results) == RESULTS
    assert results[0]["text"] == "SMK Massal 0000"
    assert lookup(client, q="s") == []
    assert lookup(client, q="") == []


def test_the_lookup_filters_kinds_parties_and_gives_slugs(client, walls, agreement_factory):
    assert {r["text"] for r in lookup(client, q="mitra", kind="japanese_partner")} == {
        "Mitra Kabushiki Kaisha"
    }
    assert {r["text"] for r in lookup(client, q="mitra", kind=["school", "training_centre"])} == {
        "LPK Mitra"
    }
    assert lookup(client, q="mitra", kind="nonsense")  # an unknown kind is ignored
    agreement_factory(parties=[walls.centre, walls.school])
    results = lookup(client, q="mitra", party="1", key="slug")
    assert [(r["text"], r["id"]) for r in results] == [("LPK Mitra", walls.centre.slug)]


def test_the_lookup_finds_a_school_by_npsn(client, walls):
    assert [r["text"] for r in lookup(client, q=walls.other_school.npsn)] == ["SMK Tetangga"]


def test_the_agreement_lookup_is_for_signed_in_users(client, walls, agreement_factory):
    agreement = agreement_factory(title="Kelas Industri Jepang", number="MoU/77/2025")
    response = client.get(reverse("partnerships:lookup-agreements"), {"q": "industri"})
    assert response.status_code == 302
    client.force_login(walls.owner)
    for text in ("industri jepang", "mou/77"):
        results = lookup(client, "partnerships:lookup-agreements", q=text)
        assert [(r["id"], r["text"]) for r in results] == [
            (str(agreement.pk), "MoU/77/2025 Kelas Industri Jepang")
        ]


# The party filter of /partnerships/


def agreement_list(client, **params):
    with translation.override("en"):
        url = reverse("partnerships:agreement-list")
    return client.get(url, params)


def test_the_party_filter_lists_no_organisation(client, walls, agreement_factory, bengkulu):
    agreement = agreement_factory(parties=[walls.school, walls.centre])
    small = agreement_list(client).content
    add_schools(300, bengkulu, agreement)
    page = agreement_list(client).content
    # The filter form (the table lists the one agreement's 302 parties, as it should).
    form, small_form = filter_form(page), filter_form(small)
    assert b"SMK Massal" not in form
    assert form.count(b"<option") == small_form.count(b"<option")
    assert len(form) == len(small_form)


def filter_form(page):
    return page.split(b'role="search"')[1].split(b"</form>")[0]


def test_the_party_filter_takes_a_slug_and_shows_the_name(client, walls, agreement_factory):
    mine = agreement_factory(title="Perjanjian Pemilik", parties=[walls.school, walls.centre])
    agreement_factory(title="Perjanjian Lain", parties=[walls.other_school, walls.centre])
    response = agreement_list(client, party=walls.school.slug)
    assert list(response.context["agreements"]) == [mine]
    page = response.content.decode()
    assert 'value="SMK Pemilik"' in page
    assert f'value="{walls.school.slug}"' in page


def test_the_party_filter_resolves_a_typed_name(client, walls, agreement_factory):
    mine = agreement_factory(title="Perjanjian Pemilik", parties=[walls.school, walls.centre])
    other = agreement_factory(title="Perjanjian Lain", parties=[walls.other_school, walls.centre])
    # One match: chosen.
    response = agreement_list(client, party_text="pemilik", party="")
    assert list(response.context["agreements"]) == [mine]
    # The typed text wins over a stale id that no longer matches it.
    response = agreement_list(client, party_text="SMK Tetangga", party=walls.school.slug)
    assert list(response.context["agreements"]) == [other]
    # Several: the candidates are offered as choices, and picking one filters.
    response = agreement_list(client, party_text="smk", party="")
    page = response.content.decode()
    assert "Several organisations match “smk”" in page
    assert page.count('name="party_pick"') == 2
    response = agreement_list(
        client, party_text="smk", party="", party_pick=walls.other_school.slug
    )
    assert list(response.context["agreements"]) == [other]
    # None: said so.
    response = agreement_list(client, party_text="Tidak Ada", party="")
    assert "No organisation is named “Tidak Ada”" in response.content.decode()


def test_the_party_filter_only_knows_parties(walls, agreement_factory):
    agreement_factory(parties=[walls.school, walls.centre])
    assert not AgreementFilter({"party_text": "SMK Tetangga"}).is_valid()
    assert AgreementFilter({"party_text": "SMK Pemilik"}).is_valid()
    assert not AgreementFilter({"party": walls.other_school.slug}).is_valid()


def test_the_lookups_are_answered_by_trigram_indexes():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE '%%trgm%%'")
        names = {row[0] for row in cursor.fetchall()}
    assert {"org_name_trgm_idx", "agreement_title_trgm_idx", "agreement_number_trgm_idx"} <= names
