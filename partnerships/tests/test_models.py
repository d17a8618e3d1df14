import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from partnerships.models import Organisation, School
from portal.models import Prefecture, Regency

pytestmark = pytest.mark.django_db


def test_duplicate_npsn_is_refused_with_a_readable_message(organisation_factory):
    organisation_factory(npsn="10799999")
    duplicate = organisation_factory.build(npsn="10799999")

    with pytest.raises(ValidationError) as caught:
        duplicate.full_clean()

    messages = " ".join(caught.value.messages)
    assert "Another school already has this NPSN" in messages or "NPSN ini" in messages


def test_duplicate_npsn_is_refused_by_the_database(organisation_factory):
    organisation_factory(npsn="10799999")
    with pytest.raises(IntegrityError), transaction.atomic():
        organisation_factory(npsn="10799999")


@pytest.mark.parametrize("npsn", ["1234567", "123456789", "1234567a", "ABCDEFGH"])
def test_npsn_must_be_eight_digits(organisation_factory, npsn):
    school = organisation_factory.build(npsn=npsn)
    with pytest.raises(ValidationError) as caught:
        school.full_clean()
    assert "npsn" in caught.value.message_dict


def test_database_refuses_a_malformed_npsn(organisation_factory):
    school = organisation_factory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.filter(pk=school.pk).update(npsn="12AB")


def test_only_schools_have_an_npsn(organisation_factory):
    centre = organisation_factory.build(training_centre=True, npsn="10700999")
    with pytest.raises(ValidationError) as caught:
        centre.full_clean()
    assert "npsn" in caught.value.message_dict


def test_category_must_belong_to_kind(organisation_factory):
    school = organisation_factory.build(category=Organisation.Category.BBPVP)
    with pytest.raises(ValidationError) as caught:
        school.full_clean()
    assert "category" in caught.value.message_dict

    saved = organisation_factory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.filter(pk=saved.pk).update(category=Organisation.Category.FORUM)


def test_regency_must_lie_in_the_province(organisation_factory, bengkulu):
    bekasi = Regency.objects.get(code="32.75")
    school = organisation_factory.build(province=bengkulu, regency=bekasi)
    with pytest.raises(ValidationError) as caught:
        school.full_clean()
    assert "Kota Bekasi is not in Bengkulu" in caught.value.message_dict["regency"][0] or (
        "bukan" in caught.value.message_dict["regency"][0]
    )


def test_japanese_partner_has_a_prefecture_not_a_province(organisation_factory, bengkulu):
    partner = organisation_factory.build(japanese=True)
    partner.full_clean()  # valid as built

    partner.province = bengkulu
    with pytest.raises(ValidationError):
        partner.full_clean()

    saved = organisation_factory(japanese=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.filter(pk=saved.pk).update(prefecture=None)


def test_indonesian_organisation_needs_a_province(organisation_factory):
    school = organisation_factory.build(province=None, regency=None)
    with pytest.raises(ValidationError) as caught:
        school.full_clean()
    assert "province" in caught.value.message_dict


def test_only_japanese_partners_have_a_prefecture(organisation_factory):
    school = organisation_factory.build(prefecture=Prefecture.objects.get(code="04"))
    with pytest.raises(ValidationError) as caught:
        school.full_clean()
    assert "prefecture" in caught.value.message_dict


def test_names_are_unique_ignoring_case(organisation_factory):
    organisation_factory(name="SMKN 9 Contoh")
    duplicate = organisation_factory.build(name="smkn 9 contoh", slug="other-slug")
    with pytest.raises(ValidationError) as caught:
        duplicate.full_clean()
    assert caught.value.messages


def test_proxy_managers_return_one_kind_each(organisation_factory):
    school = organisation_factory()
    organisation_factory(training_centre=True)
    assert list(School.objects.all()) == [school]


def test_search_matches_name_npsn_and_regency(organisation_factory):
    school = organisation_factory(name="SMKN 7 Pelabuhan", npsn="10712345")
    organisation_factory(name="SMKN 8 Gunung")
    assert list(Organisation.objects.search("pelabuhan")) == [school]
    assert list(Organisation.objects.search("10712345")) == [school]
    assert school in Organisation.objects.search(school.regency.name.split()[-1])
