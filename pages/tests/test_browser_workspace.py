"""The official's way in, in Chromium: the menu's "Log in" from a page deep in the site lands on
the workspace, whose first screen holds the province's figures, on a phone and a desktop."""

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

D = datetime.date


@pytest.fixture
def official(reference_data, bengkulu, user_factory, organisation_factory, agreement_factory):
    """An official of Bengkulu who heads a school with an agreement expiring soon: the
    workspace has sections below the province's."""
    school = organisation_factory(name="SMK Alfa")
    japan = organisation_factory(japanese=True)
    agreement_factory(
        parties=[school, japan],
        signed_on=D(2024, 1, 1),
        expires_on=datetime.date.today() + datetime.timedelta(days=20),
    )
    return user_factory(username="pejabat", memberships=[("official", bengkulu), ("head", school)])


@pytest.mark.parametrize("width, height", [(360, 740), (1280, 800)])
def test_the_official_logs_in_from_the_menu_and_sees_the_figures_first(
    live_server, page, official, width, height
):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(live_server.url + reverse("partnerships:agreement-list") + "?province=17")
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():  # the phone's collapsed menu: open it, and let it finish sliding
        toggler.click()
        expect(page.locator("#main-nav")).to_have_class(re.compile(r"\bshow\b"))
    page.locator("#main-nav").get_by_role("link", name="Masuk").click()
    page.get_by_label("Nama pengguna").fill("pejabat")
    page.get_by_label("Sandi").fill("correct-horse-battery")
    page.locator("main form [type=submit]").click()

    # The workspace, not the list the menu was opened on.
    expect(page).to_have_url(live_server.url + reverse("pages:workspace"))
    figures = page.get_by_test_id("province-figures")
    expect(figures).to_contain_text("Bengkulu")
    expect(figures.get_by_test_id("figure-agreements")).to_have_text("1")
    expect(figures.get_by_role("link", name="Buka halaman provinsi")).to_be_visible()
    page.screenshot(path=f"/tmp/workspace-official-{width}.png", full_page=True)

    # The figures' box starts within the first screen, above the other sections...
    box = figures.bounding_box()
    assert box["y"] < height, box
    for other in ["#institutions-heading", "#expiring-heading", "#account-heading"]:
        assert page.locator(other).bounding_box()["y"] > box["y"], other
    # ...and the page never scrolls sideways.
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )

    figures.get_by_role("link", name="Buka halaman provinsi").click()
    expect(page).to_have_url(live_server.url + reverse("dashboards:province", args=["17"]))
