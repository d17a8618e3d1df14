"""Browser journeys in Debian's Chromium against the live server."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def test_home_to_organisation(live_server, page, organisation_factory):
    organisation_factory(name="SMKN 1 Rejang Lebong", npsn="10700101")

    page.goto(live_server.url + reverse("pages:home"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Portal kemitraan")
    page.get_by_role("link", name="SMKN 1 Rejang Lebong").click()

    expect(page).to_have_url(live_server.url + "/organisations/smkn-1-rejang-lebong/")
    expect(page.get_by_role("heading", level=1)).to_have_text("SMKN 1 Rejang Lebong")
    expect(page.get_by_text("10700101")).to_be_visible()
    expect(page.get_by_role("link", name="Bengkulu").first).to_be_visible()


def test_directory_filters_on_a_phone(live_server, page, organisation_factory):
    organisation_factory(name="SMKN 1 Kepahiang")
    organisation_factory(training_centre=True, name="LPK Gaia Internasional")
    page.set_viewport_size({"width": 360, "height": 740})

    page.goto(live_server.url + reverse("partnerships:organisation-list"))
    # On a phone the filters are folded behind their summary, below the page's heading.
    filters = page.locator("details.filter-details")
    expect(filters.get_by_label("Jenis")).to_be_hidden()
    filters.locator("summary").click()
    page.get_by_label("Jenis").select_option("training_centre")
    page.get_by_role("button", name="Terapkan").click()

    expect(page.get_by_role("link", name="LPK Gaia Internasional")).to_be_visible()
    expect(page.get_by_role("link", name="SMKN 1 Kepahiang")).to_have_count(0)
    # Nothing is wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_switching_to_english(live_server, page):
    page.goto(live_server.url + reverse("pages:home"))
    page.get_by_role("button", name="English").first.click()
    expect(page).to_have_url(live_server.url + "/en/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("partnership portal")
