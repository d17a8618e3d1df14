"""Phones, in Chromium against the live server with the demo data: the lists read as stacked
blocks with their labels at 360 px (no word split mid-word, no count split over lines, the
partnerships list a third of its old height), the phone menu closes with Escape, and after a
form error the focus is on the error summary and the title says "Error" in the page's
language. No page scrolls sideways at 320 px: portal/tests/test_browser_a11y.py."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import pgettext
from playwright.sync_api import expect

from conftest import CohortFactory, OrganisationFactory, TraineeFactory, UserFactory
from partnerships.models import Agreement, Event
from portal.models import Membership
from trainees.models import Cohort

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "portal-demo-2025"
HEAD = "kepala.smkn1rl"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}

# The lists' cells that hold a number or a date: each must sit on one line. A cell whose text
# wraps has more than one client rect for its text; a number split into stacked digits too.
SPLIT_NUMBERS = """(selector) => {
  const split = [];
  document.querySelectorAll(selector).forEach((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const lines = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top)));
    if (lines.size > 1) split.push(el.textContent.trim());
  });
  return split;
}"""

# Words split mid-word: a text node whose line boxes break inside a word. Every text node of
# the list is measured character by character: a break between two letters is a split word.
SPLIT_WORDS = """(selector) => {
  const split = [];
  const root = document.querySelector(selector);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent;
    let lastTop = null;
    for (let i = 0; i < text.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rect = range.getBoundingClientRect();
      if (!rect.width && !rect.height) continue;
      const inWord = /\\S/.test(text[i - 1]) && /\\S/.test(text[i]);
      if (lastTop !== null && rect.top > lastTop + 2 && inWord) {
        split.push(text.trim().slice(0, 60));
        break;
      }
      lastTop = rect.top;
    }
  }
  return split;
}"""


def log_in(tab, username):
    tab.goto(reverse("login"))
    tab.locator("#id_username").fill(username)
    tab.locator("#id_password").fill(PASSWORD)
    tab.locator("main form [type=submit]").click()
    expect(tab.locator("#main-nav form[action$='/logout/']")).to_be_attached()


def test_the_partnerships_list_is_a_third_of_its_old_height_on_a_phone(live_server, browser, demo):
    shown = Agreement.objects.count()
    assert 19 <= shown <= 25  # the demo's 19 (or a few more), all on the first page
    context_ = browser.new_context(base_url=live_server.url, viewport=PHONE)
    tab = context_.new_page()
    tab.goto(reverse("partnerships:agreement-list"))
    rows = tab.locator("main table tbody tr")
    expect(rows).to_have_count(shown)
    height = tab.evaluate("() => document.documentElement.scrollHeight")
    assert height <= 2900, f"the list is {height} px tall at 360 px"

    # Each row is a block with its labels: the column headers are hidden, each cell but the
    # title names its column.
    for header in tab.locator("main table thead th").all():
        assert header.bounding_box()["width"] <= 1  # visually hidden, still read
    first = rows.first
    assert first.evaluate("r => getComputedStyle(r).display") != "table-row"
    for cell in first.locator("td[data-label]").all():
        label = cell.get_attribute("data-label")
        shown = cell.evaluate("c => getComputedStyle(c, '::before').content")
        assert label and label in shown
    assert tab.evaluate(SPLIT_NUMBERS, "main table td.num, main table time") == []
    assert tab.evaluate(SPLIT_WORDS, "main table") == []
    assert tab.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]

    # On a desktop it is a table with its headers, as before.
    tab.set_viewport_size(DESKTOP)
    expect(tab.locator("main table thead th").first).to_be_visible()
    assert first.evaluate("r => getComputedStyle(r).display") == "table-row"
    context_.close()


def assert_reads_as_blocks(tab, table, where):
    """The list `table` at 360 px: its rows are blocks, its labelled cells show their label, no
    word is split mid-word, no number or date over two lines, and the page keeps its width."""
    rows = table.locator("tbody > tr")
    assert rows.count(), where
    assert rows.first.evaluate("r => getComputedStyle(r).display") == "flex", where
    labelled = rows.first.locator("td[data-label]")
    assert labelled.count(), where
    for cell in labelled.all():
        shown = cell.evaluate("c => getComputedStyle(c, '::before').content")
        assert cell.get_attribute("data-label") in shown, where
    for header in table.locator("thead th:not(.stack-check)").all():
        assert header.bounding_box()["width"] <= 1, where
    selector = "[data-list-under-test]"
    table.evaluate("t => t.setAttribute('data-list-under-test', '')")
    assert tab.evaluate(SPLIT_WORDS, selector) == [], where
    assert tab.evaluate(SPLIT_NUMBERS, f"{selector} td.num, {selector} time") == [], where
    assert tab.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"], where


def test_every_list_reads_as_blocks_on_a_phone(live_server, browser, demo):
    school = Membership.objects.get(user__username=HEAD, role="head").organisation
    # A cohort the head keeps, so that the roster has its checkboxes.
    year = max(Cohort.objects.values_list("intake_year", flat=True)) + 1
    cohort = CohortFactory(name="Angkatan Layar Sempit", institution=school, intake_year=year)
    for n in range(1, 4):
        TraineeFactory(cohort=cohort, full_name=f"Peserta Layar Sempit {n}")
    event = Event.objects.filter(agreements__isnull=False).order_by("pk").first()
    context_ = browser.new_context(base_url=live_server.url, viewport=PHONE)
    tab = context_.new_page()
    for path in [
        reverse("partnerships:organisation-list"),
        reverse("dashboards:province-list"),
        reverse("pages:home"),  # the latest agreements
        reverse("partnerships:event-detail", args=[event.pk]),
    ]:
        tab.goto(path)
        assert_reads_as_blocks(tab, tab.locator("main table.stack-table").first, path)
    # The province list names the province first, its code and count on one line below.
    tab.goto(reverse("dashboards:province-list"))
    first_row = tab.locator("main table tbody tr").first
    name, code = first_row.locator("td a").first, first_row.locator("td .num").first
    assert name.bounding_box()["y"] < code.bounding_box()["y"]

    log_in(tab, HEAD)
    path = reverse("trainees:cohort-list")
    tab.goto(path)
    assert_reads_as_blocks(tab, tab.locator("main table.stack-table").first, path)

    # The cohort's roster: each trainee's checkbox sits beside their name, a target of at
    # least 24 px named after them; "select all" is in sight with its words, and works.
    tab.goto(cohort.get_absolute_url())
    roster = tab.get_by_test_id("roster")
    assert_reads_as_blocks(tab, roster, "roster")
    row = roster.locator("tbody > tr").first
    box, link = row.locator("input[type=checkbox]"), row.locator("td a").first
    assert abs(box.bounding_box()["y"] - link.bounding_box()["y"]) < 24
    assert box.bounding_box()["width"] >= 24 and box.bounding_box()["height"] >= 24
    name = link.inner_text()
    with translation.override("id"):
        expect(roster.get_by_role("checkbox", name=name, exact=False)).to_have_count(1)
    select_all = roster.locator("input[data-select-all]")
    expect(select_all).to_be_visible()
    label = roster.locator("label[for=select-all-trainees]")
    expect(label).to_be_visible()
    label.click()
    boxes = roster.locator("tbody input[type=checkbox]")
    assert boxes.count() == roster.locator("tbody input[type=checkbox]:checked").count()

    # The access log, where opening the roster above is written.
    path = reverse("trainees:data-access", args=[school.slug])
    tab.goto(path)
    assert_reads_as_blocks(tab, tab.locator("main table.stack-table").first, path)
    context_.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360", "1280"])
def test_escape_closes_the_phone_menu_and_gives_the_focus_back(live_server, browser, viewport):
    context_ = browser.new_context(base_url=live_server.url, viewport=viewport)
    tab = context_.new_page()
    tab.goto(reverse("pages:home"))
    menu = tab.locator("#main-nav")
    toggler = tab.locator(".navbar-toggler")
    if viewport is DESKTOP:
        # The menu is always shown and has no toggler: Escape leaves it alone.
        expect(toggler).to_be_hidden()
        tab.locator("#main-nav a.nav-link").first.focus()
        tab.keyboard.press("Escape")
        expect(menu).to_be_visible()
        context_.close()
        return

    expect(menu).to_be_hidden()
    toggler.focus()
    tab.keyboard.press("Enter")
    expect(menu).to_be_visible()
    expect(toggler).to_have_attribute("aria-expanded", "true")
    tab.keyboard.press("Tab")  # into the menu
    expect(tab.locator("#main-nav a.nav-link").first).to_be_focused()
    tab.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(toggler).to_be_focused()
    expect(toggler).to_have_attribute("aria-expanded", "false")

    # Opened by a tap and closed with Escape from wherever the focus is.
    toggler.click()
    expect(menu).to_be_visible()
    tab.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(toggler).to_be_focused()
    context_.close()


def assert_error_page(tab, lang, plain_title):
    """The page after a form error: its title is the page's own title behind "Error:" in the
    page's language, and the focus is on the error summary, which is in sight."""
    with translation.override(lang):
        expected = pgettext("page title", "Error: %(title)s") % {"title": plain_title}
    expect(tab).to_have_title(expected)
    if lang == "en":
        assert tab.title().startswith("Error: ")
    summary = tab.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()


@pytest.mark.parametrize("lang", ["id", "en", "ja"])
def test_after_a_form_error_the_focus_is_on_the_summary_and_the_title_says_so(
    live_server, browser, reference_data, lang
):
    school = OrganisationFactory(name="SMK Negeri Contoh Ralat")
    UserFactory(username="kepala.ralat", memberships=[("head", school)])
    context_ = browser.new_context(base_url=live_server.url, viewport=PHONE)
    tab = context_.new_page()
    with translation.override(lang):
        login_url = reverse("login")
        cohort_url = reverse("trainees:cohort-create")

    # A wrong password on the login page (its own summary, not the shared include).
    tab.goto(login_url)
    plain = tab.title()
    expect(tab.locator(".error-summary")).to_have_count(0)
    expect(tab.locator("html")).to_have_attribute("lang", lang)
    tab.locator("#id_username").fill("kepala.ralat")
    tab.locator("#id_password").fill("not-the-password")
    tab.locator("main form [type=submit]").click()
    assert_error_page(tab, lang, plain)

    # The cohort form, sent empty: crispy-forms' summary (includes/error_summary.html).
    tab.locator("#id_password").fill("correct-horse-battery")
    tab.locator("main form [type=submit]").click()
    expect(tab.locator("#main-nav form[action$='/logout/']")).to_be_attached()
    tab.goto(cohort_url)
    plain = tab.title()
    assert not tab.evaluate("() => document.activeElement.matches('.error-summary')")
    tab.evaluate("document.querySelectorAll('main form').forEach(f => f.noValidate = true)")
    tab.locator("main form [type=submit]").last.click()
    assert_error_page(tab, lang, plain)
    # Tab goes on from the summary to its first link, to the field in error.
    tab.keyboard.press("Tab")
    expect(tab.locator(".error-summary a").first).to_be_focused()
    context_.close()
