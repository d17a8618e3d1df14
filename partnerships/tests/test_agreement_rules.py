import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from partnerships.models import Agreement, AgreementParty

pytestmark = pytest.mark.django_db

S = Agreement.Status


def test_expiry_before_start_is_refused_with_a_message(agreement_factory):
    agreement = agreement_factory.build(
        effective_from=datetime.date(2025, 2, 1), expires_on=datetime.date(2025, 1, 31)
    )
    with pytest.raises(ValidationError) as caught:
        agreement.full_clean()
    assert "expires_on" in caught.value.message_dict


def test_the_database_refuses_expiry_before_start(agreement_factory):
    agreement = agreement_factory(effective_from=datetime.date(2025, 2, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.filter(pk=agreement.pk).update(expires_on=datetime.date(2025, 1, 1))


def test_a_signature_in_the_future_is_refused(agreement_factory, organisation_factory):
    agreement = agreement_factory()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    party = AgreementParty(
        agreement=agreement,
        organisation=organisation_factory(),
        role=AgreementParty.Role.FIRST,
        signed_on=tomorrow,
    )
    with pytest.raises(ValidationError) as caught:
        party.full_clean()
    assert "signed_on" in caught.value.message_dict

    agreement.signed_on = tomorrow
    with pytest.raises(ValidationError) as caught:
        agreement.full_clean()
    assert "signed_on" in caught.value.message_dict


def test_the_database_refuses_a_signature_dated_next_week(agreement_factory, organisation_factory):
    agreement = agreement_factory()
    next_week = timezone.localdate() + datetime.timedelta(days=7)
    with pytest.raises(IntegrityError), transaction.atomic():
        AgreementParty.objects.create(
            agreement=agreement,
            organisation=organisation_factory(),
            role=AgreementParty.Role.FIRST,
            signed_on=next_week,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.filter(pk=agreement.pk).update(signed_on=next_week)


def test_an_addendum_names_what_it_amends(agreement_factory):
    original = agreement_factory()
    addendum = agreement_factory.build(kind=Agreement.Kind.ADDENDUM)
    with pytest.raises(ValidationError) as caught:
        addendum.full_clean()
    assert "amends" in caught.value.message_dict
    addendum.amends = original
    addendum.full_clean()
    addendum.save()
    assert list(original.amendments.all()) == [addendum]

    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.filter(pk=original.pk).update(amends=addendum)


def test_quota_comes_with_its_period(agreement_factory):
    agreement = agreement_factory.build(quota=160)
    with pytest.raises(ValidationError):
        agreement.full_clean()
    agreement.quota_period = Agreement.QuotaPeriod.YEAR
    agreement.full_clean()


def test_termination_needs_a_reason_and_a_signed_agreement(agreement_factory):
    agreement = agreement_factory.build(terminated_on=datetime.date(2025, 3, 1))
    with pytest.raises(ValidationError) as caught:
        agreement.full_clean()
    assert "termination_reason" in caught.value.message_dict

    draft = agreement_factory.build(
        signed_on=None, terminated_on=datetime.date(2025, 3, 1), termination_reason="Batal"
    )
    with pytest.raises(ValidationError) as caught:
        draft.full_clean()
    assert "terminated_on" in caught.value.message_dict


def test_agreement_numbers_are_unique_but_may_be_empty(agreement_factory):
    agreement_factory(number="PKS/1/2025")
    with pytest.raises(ValidationError):
        agreement_factory.build(number="PKS/1/2025").full_clean()
    agreement_factory(number="")
    agreement_factory(number="")  # several agreements without a number are fine


def test_an_organisation_is_a_party_only_once(agreement_factory, organisation_factory):
    school = organisation_factory()
    agreement = agreement_factory(parties=[school])
    with pytest.raises(IntegrityError), transaction.atomic():
        AgreementParty.objects.create(agreement=agreement, organisation=school, role="second")


TODAY = datetime.date(2026, 6, 1)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"signed_on": None}, S.DRAFT),
        ({}, S.ACTIVE),  # indefinite
        ({"expires_on": TODAY}, S.EXPIRING),  # the day of expiry: still valid
        ({"expires_on": TODAY - datetime.timedelta(days=1)}, S.EXPIRED),  # the day after
        ({"expires_on": TODAY + datetime.timedelta(days=90)}, S.EXPIRING),  # the 90th day
        ({"expires_on": TODAY + datetime.timedelta(days=91)}, S.ACTIVE),  # the 91st day
        ({"effective_from": TODAY + datetime.timedelta(days=1)}, S.UPCOMING),
        ({"effective_from": TODAY}, S.ACTIVE),
        ({"terminated_on": TODAY, "termination_reason": "Dibatalkan"}, S.TERMINATED),
        (
            {
                "terminated_on": TODAY + datetime.timedelta(days=1),
                "termination_reason": "Akan dibatalkan",
            },
            S.ACTIVE,
        ),
        (
            {
                "expires_on": TODAY - datetime.timedelta(days=10),
                "terminated_on": TODAY - datetime.timedelta(days=20),
                "termination_reason": "Dibatalkan",
            },
            S.TERMINATED,
        ),
    ],
)
def test_status_derived_from_dates_in_python_and_in_the_database(
    agreement_factory, fields, expected
):
    agreement = agreement_factory(**{"signed_on": datetime.date(2025, 1, 1), **fields})
    assert agreement.status_on(TODAY) == expected
    annotated = Agreement.objects.with_status(TODAY).get(pk=agreement.pk)
    assert annotated.status_code == expected
    # The plain date conditions the filters use pick it for its own status and no other.
    for status in S:
        chosen = Agreement.objects.with_status_in([status], TODAY)
        assert list(chosen) == ([agreement] if status == expected else []), status


def test_status_follows_today_without_being_stored(agreement_factory):
    today = timezone.localdate()
    agreement = agreement_factory(signed_on=today, expires_on=today + datetime.timedelta(days=5))
    assert agreement.status == S.EXPIRING
    assert Agreement.objects.expiring(within=10).get() == agreement
    assert not Agreement.objects.expiring(within=3).exists()
    assert Agreement.objects.active().get() == agreement
