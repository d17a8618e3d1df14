"""The curators' admin in Chromium with the demo data: the agreement form in the order of a
signed document and without time-zone notes on its dates, targets of at least 24 x 24 px on
the changelists at phone and desktop widths, and every field of the forms named (axe-core)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from partnerships.models import Agreement

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "portal-demo-2025"
CURATOR = "kurator"
# target-size (WCAG 2.2 AA) is off in axe-core by default: on here.
AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}
AXE = Axe()

# The box of each link a curator taps on a changelist, as drawn (hidden ones left out).
TARGETS = """() => [...document.querySelectorAll(
    '#changelist-filter a, .paginator a, .change-list .toplinks a'
  )].map(a => {
    const r = a.getBoundingClientRect();
    return {text: a.textContent.trim(), width: r.width, height: r.height};
  }).filter(box => box.width || box.height)"""

# Ids that an aria-describedby names and the page lacks.
DANGLING = """() => [...document.querySelectorAll('[aria-describedby]')].flatMap(el =>
  el.getAttribute('aria-describedby').split(/\\s+/).filter(id => id && !document.getElementById(id))
    .map(id => `${el.name || el.id}: ${id}`))"""


def curator_tab(browser, live_server, **options):
    """A curator's tab, signed in, in English. Tokyo time by default: an hour ahead of the
    server's Jakarta time, so Django's calendar would draw its time-zone notes."""
    context_ = browser.new_context(
        base_url=live_server.url, locale="en-GB", **{"timezone_id": "Asia/Tokyo", **options}
    )
    tab = context_.new_page()
    with translation.override("en"):
        login = reverse("admin:login")
    tab.goto(login)
    tab.locator("#id_username").fill(CURATOR)
    tab.locator("#id_password").fill(PASSWORD)
    tab.locator("#id_password").press("Enter")
    expect(tab).not_to_have_url(live_server.url + login)
    return tab


def violations(tab):
    found = AXE.run(tab, options=AXE_OPTIONS).response["violations"]
    return [
        f"{tab.url}: {v['id']} ({v['impact']}): {v['help']} — "
        + ", ".join(str(node["target"]) for node in v["nodes"][:5])
        for v in found
    ]


def en(name, *args, query=""):
    with translation.override("en"):
        return reverse(name, args=args) + query


@pytest.mark.parametrize("width", [360, 1280])
def test_changelist_links_are_at_least_24_px_square(live_server, browser, demo, width):
    tab = curator_tab(browser, live_server, viewport={"width": width, "height": 800})
    measured = 0
    too_small = []
    for url in [
        en("admin:partnerships_agreement_changelist"),
        # A year of the date drill-down: its links to the months.
        en("admin:partnerships_agreement_changelist", query="?signed_on__year=2024"),
        en("admin:partnerships_organisation_changelist"),
        en("admin:trainees_cohort_changelist"),
        # 188 trainees, 100 a page: the pagination's links.
        en("admin:trainees_trainee_changelist"),
    ]:
        assert tab.goto(url).status == 200
        boxes = tab.evaluate(TARGETS)
        measured += len(boxes)
        too_small += [
            f"{url} “{box['text']}”: {box['width']:.0f} x {box['height']:.0f}"
            for box in boxes
            if box["width"] < 24 or box["height"] < 24
        ]
        # No sideways scroll on a phone either.
        assert tab.evaluate("document.documentElement.scrollWidth") <= width, url
    assert measured > 50  # the filters, the drill-down and the pagination were all there
    assert tab.locator(".paginator a").count() >= 2
    assert not too_small, "\n".join(too_small)


def test_axe_finds_nothing_on_the_agreement_list_and_forms(live_server, browser, demo):
    agreement = Agreement.objects.filter(parties__isnull=False).order_by("pk").first()
    tab = curator_tab(browser, live_server, viewport={"width": 1280, "height": 900})
    problems = []
    for url in [
        en("admin:partnerships_agreement_changelist"),
        en("admin:partnerships_agreement_change", agreement.pk),
        en("admin:partnerships_agreement_add"),
        en("admin:trainees_cohort_add"),
    ]:
        assert tab.goto(url).status == 200
        tab.wait_for_load_state("load")
        problems += violations(tab)
    assert not problems, "axe-core found:\n" + "\n".join(problems)


def test_the_agreement_form_puts_parties_first_and_dates_without_time_zones(
    live_server, browser, demo
):
    agreement = Agreement.objects.filter(parties__isnull=False).order_by("pk").first()
    tab = curator_tab(browser, live_server, viewport={"width": 1280, "height": 900})
    assert tab.goto(en("admin:partnerships_agreement_change", agreement.pk)).status == 200
    tab.wait_for_load_state("load")
    dates = tab.get_by_role("heading", name="Dates", exact=True)
    parties = tab.get_by_role("heading", name="Parties", exact=True)
    expect(dates).to_be_visible()
    # The parties are drawn above the dates.
    assert parties.bounding_box()["y"] < dates.bounding_box()["y"]
    title = tab.locator("#id_title").bounding_box()["y"]
    assert title < parties.bounding_box()["y"]

    # Calendars are there, time-zone notes are not, and nothing describes a field by a
    # note that is not on the page.
    date_inputs = tab.locator("input.vDateField")
    assert date_inputs.count() >= 6
    expect(tab.locator(".datetimeshortcuts").first).to_be_attached()
    expect(tab.locator(".timezonewarning")).to_have_count(0)
    assert tab.evaluate(DANGLING) == []
    expect(tab.locator("#id_signed_on")).to_have_attribute(
        "aria-describedby", "id_signed_on_helptext"
    )

    # A party added on the page gets a calendar and no note either.
    tab.locator("#parties-group .add-row a").click()
    added = tab.locator("#parties-group .inline-related:not(.empty-form)").last
    expect(added.locator("input.vDateField")).to_be_visible()
    expect(added.locator(".datetimeshortcuts")).to_be_attached()
    expect(tab.locator(".timezonewarning")).to_have_count(0)
    assert tab.evaluate(DANGLING) == []


def test_the_cohort_forms_search_boxes_are_named(live_server, browser, demo):
    tab = curator_tab(browser, live_server, viewport={"width": 360, "height": 800})
    assert tab.goto(en("admin:trainees_cohort_add")).status == 200
    tab.wait_for_load_state("load")
    # The partners and the agreements: pickers of several, each with a search box typed into.
    expect(tab.get_by_role("searchbox", name="Partners")).to_have_count(1)
    expect(tab.get_by_role("searchbox", name="Agreements")).to_have_count(1)
    # Opened, the picker's list and its search box are named too.
    tab.get_by_role("searchbox", name="Partners").click()
    expect(tab.locator(".select2-results__options")).to_be_visible()
    problems = violations(tab)
    assert not problems, "axe-core found:\n" + "\n".join(problems)
    assert tab.evaluate("document.documentElement.scrollWidth") <= 360
