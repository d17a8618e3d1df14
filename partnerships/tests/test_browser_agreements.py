"""The partnership registry in Debian's Chromium against the live server."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from partnerships.models import AgreementParty
from portal.models import Province, Regency

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def test_filter_by_province_open_an_agreement_and_read_its_signatories_in_order(
    live_server, page, agreement_factory, organisation_factory
):
    kemnaker = organisation_factory(
        government=True,
        name="Kementerian Ketenagakerjaan",
        province=Province.objects.get(code="31"),
        regency=Regency.objects.get(code="31.74"),
    )
    joe = organisation_factory(japanese=True, name="JOE Cooperative")
    school = organisation_factory(name="SMKN 1 Rejang Lebong")
    agreement_factory(title="Perjanjian di Jakarta", parties=[kemnaker, joe])
    bengkulu = agreement_factory(
        title="Kelas Industri Jepang", signed_on=datetime.date(2025, 7, 12), parties=[school, joe]
    )
    # JOE signed first, in Tokyo; the school head signed two days later.
    AgreementParty.objects.filter(agreement=bengkulu, organisation=school).update(
        signatory_name="Asep Suparman",
        signatory_title="Kepala Sekolah",
        signed_on=datetime.date(2025, 7, 12),
    )
    AgreementParty.objects.filter(agreement=bengkulu, organisation=joe).update(
        signatory_name="Taro Yamada", signed_on=datetime.date(2025, 7, 10), signed_at_place="Tokyo"
    )

    page.goto(live_server.url + reverse("partnerships:agreement-list"))
    page.get_by_label("Provinsi pihak").select_option("17")
    page.get_by_role("button", name="Terapkan").click()

    expect(page.get_by_role("link", name="Perjanjian di Jakarta")).to_have_count(0)
    page.get_by_role("link", name="Kelas Industri Jepang").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Kelas Industri Jepang")
    expect(page.get_by_test_id("timeline").locator(".signatory")).to_have_text(
        ["Taro Yamada", "Asep Suparman"]
    )
    expect(page.get_by_text("Kepala Sekolah")).to_be_visible()
