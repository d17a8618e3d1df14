"""A visitor switches a page to Japanese and back, in Chromium, without losing their place."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_switching_to_japanese_and_back_keeps_the_page_and_its_filters(live_server, page, demo):
    start = live_server.url + reverse("partnerships:agreement-list") + "?status=in_force"
    page.goto(start)
    expect(page.locator("html")).to_have_attribute("lang", "id")
    page.get_by_role("button", name="日本語").click()
    expect(page).to_have_url(f"{live_server.url}/ja/partnerships/?status=in_force")
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    expect(page.get_by_role("heading", level=1)).to_have_text("連携協定")
    page.get_by_role("button", name="Bahasa Indonesia").click()
    expect(page).to_have_url(start)
    expect(page.locator("html")).to_have_attribute("lang", "id")
    # The choice is remembered: the home page now opens in Indonesian, not the browser's.
    page.goto(live_server.url + "/")
    expect(page).to_have_url(live_server.url + "/")


def test_a_japanese_browser_lands_on_the_japanese_home(live_server, browser, demo):
    japanese = browser.new_context(locale="ja-JP")
    tab = japanese.new_page()
    tab.goto(live_server.url + "/")
    expect(tab).to_have_url(live_server.url + "/ja/")
    expect(tab.locator("html")).to_have_attribute("lang", "ja")
    # A shared Indonesian link stays Indonesian.
    tab.goto(live_server.url + reverse("dashboards:province", args=["17"]))
    expect(tab.locator("html")).to_have_attribute("lang", "id")
    japanese.close()
