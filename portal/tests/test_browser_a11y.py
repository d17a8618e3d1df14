"""Accessibility in Chromium against the live server with the demo data (WCAG 2.2 AA):
axe-core on every page type in the three languages, a journey with the keyboard alone, the
pages without JavaScript on a phone, no sideways scrolling on any page type at 320 px (the
roster import's results included) and on the main pages up to desktop widths."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from conftest import CohortFactory, TraineeFactory
from partnerships.models import Agreement, Event
from portal.models import Membership, Province
from trainees.models import Cohort, Trainee

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "portal-demo-2025"
HEAD, OFFICIAL, CURATOR = "kepala.smkn1rl", "pejabat.bengkulu", "kurator"
BLOCKING = {"serious", "critical"}
AXE = Axe()

# The focused element shows a ring: a visible outline at least 2 px wide.
FOCUS_VISIBLE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  return style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
}"""


@pytest.fixture
def keyboard_cohort(demo):
    """A small cohort of the demo head's school whose three trainees may all withdraw."""
    school = Membership.objects.get(user__username=HEAD, role="head").organisation
    year = max(Cohort.objects.values_list("intake_year", flat=True)) + 1
    cohort = CohortFactory(name="Angkatan Papan Ketik", institution=school, intake_year=year)
    for n in range(1, 4):
        TraineeFactory(cohort=cohort, full_name=f"Peserta Papan Ketik {n}")
    return cohort


def paths():
    """One page of each type, as paths without a language prefix."""
    school = Membership.objects.get(user__username=HEAD, role="head").organisation
    cohort = (
        Cohort.objects.filter(
            institution__in=Membership.objects.filter(user__username=HEAD).values("organisation"),
            trainees__isnull=False,
        )
        .order_by("pk")
        .first()
    )
    agreement = Agreement.objects.filter(parties__isnull=False).order_by("pk").first()
    return {
        "agreement": agreement.get_absolute_url(),
        "organisation": school.get_absolute_url(),
        "event": reverse("partnerships:event-detail", args=[Event.objects.order_by("pk")[0].pk]),
        "province": Province.objects.get(code="17").get_absolute_url(),
        "cohort": cohort.get_absolute_url(),
        "cohort_pk": cohort.pk,
        "trainee": Trainee.objects.filter(cohort=cohort).order_by("pk")[0].pk,
        "agreement_pk": agreement.pk,
        "school_slug": school.slug,
    }


def new_context(browser, live_server, username=None, **options):
    context_ = browser.new_context(base_url=live_server.url, locale="id-ID", **options)
    if username:
        tab = context_.new_page()
        tab.goto(reverse("login"))
        tab.locator("#id_username").fill(username)
        tab.locator("#id_password").fill(PASSWORD)
        tab.locator("#id_password").press("Enter")
        expect(tab).not_to_have_url(live_server.url + reverse("login"))
        tab.close()
    return context_


def blocking_violations(tab):
    """The serious and critical violations axe-core finds on the page shown, as lines."""
    found = AXE.run(tab).response["violations"]
    return [
        f"{tab.url}: {v['id']} ({v['impact']}): {v['help']} — "
        + ", ".join(str(node["target"]) for node in v["nodes"][:3])
        for v in found
        if v["impact"] in BLOCKING
    ]


class Checker:
    """Visits pages in one browser context and keeps every blocking violation."""

    def __init__(self, context_, prefix, problems):
        self.tab = context_.new_page()
        self.prefix = prefix
        self.problems = problems

    def visit(self, path, status=200):
        response = self.tab.goto(self.prefix + path)
        assert response.status == status, f"{path}: {response.status}"
        return self.check()

    def check(self):
        assert self.tab.locator("html").get_attribute("lang")
        self.problems.extend(blocking_violations(self.tab))
        return self.tab


def submit_without_browser_checks(tab):
    """Submit the page's main form as is: the browser's own required-field checks are
    switched off so that the server's error messages are what is checked."""
    tab.evaluate("document.querySelectorAll('main form').forEach(f => f.noValidate = true)")
    tab.locator("main form [type=submit]").last.click()


@pytest.mark.parametrize("prefix", ["", "/en", "/ja"], ids=["id", "en", "ja"])
def test_axe_finds_no_serious_violation_on_any_page_type(live_server, browser, demo, prefix):
    where = paths()
    problems = []

    anonymous = new_context(browser, live_server)
    public = Checker(anonymous, prefix, problems)
    for path in [
        reverse("pages:home"),
        reverse("partnerships:agreement-list"),
        reverse("partnerships:agreement-list") + "?status=active",
        where["agreement"],
        where["organisation"],
        where["event"],
        reverse("partnerships:organisation-list"),
        reverse("dashboards:province-list"),
        where["province"],
        reverse("dashboards:national"),
        reverse("pages:about"),
        reverse("pages:privacy"),
        reverse("pages:contact"),
        reverse("login"),
    ]:
        public.visit(path)
    public.visit("/no-such-page/", status=404)
    # The dashboard's filter with a reversed year range.
    tab = public.visit(reverse("dashboards:national") + "?year_from=2025&year_to=2020")
    expect(tab.get_by_test_id("error-summary")).to_be_visible()
    # A wrong password: the error is announced and the fields are marked.
    tab = public.visit(reverse("login"))
    tab.locator("#id_username").fill(HEAD)
    tab.locator("#id_password").fill("not-the-password")
    tab.locator("#id_password").press("Enter")
    expect(tab.get_by_role("alert")).to_be_visible()
    expect(tab.locator("#id_password")).to_have_attribute("aria-invalid", "true")
    public.check()
    anonymous.close()

    head_context = new_context(browser, live_server, HEAD)
    head = Checker(head_context, prefix, problems)
    for path in [
        reverse("pages:workspace"),
        reverse("trainees:cohort-list"),
        where["cohort"],
        reverse("trainees:trainee-detail", args=[where["trainee"]]),
        reverse("trainees:cohort-edit", args=[where["cohort_pk"]]),
        reverse("trainees:trainee-create", args=[where["cohort_pk"]]),
        reverse("trainees:cohort-import", args=[where["cohort_pk"]]),
        reverse("partnerships:organisation-edit", args=[where["school_slug"]]),
    ]:
        head.visit(path)
    # An empty cohort form, submitted: an error summary, each field marked.
    tab = head.visit(reverse("trainees:cohort-create"))
    submit_without_browser_checks(tab)
    summary = tab.get_by_test_id("error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_have_attribute("role", "alert")
    first_link = summary.get_by_role("link").first
    target = first_link.get_attribute("href")
    expect(tab.locator(target)).to_have_attribute("aria-invalid", "true")
    assert tab.locator(target).get_attribute("aria-describedby")
    head.check()
    head_context.close()

    official_context = new_context(browser, live_server, OFFICIAL)
    Checker(official_context, prefix, problems).visit(reverse("pages:workspace"))
    official_context.close()

    curator_context = new_context(browser, live_server, CURATOR)
    curator = Checker(curator_context, prefix, problems)
    for path in [
        reverse("pages:workspace"),
        reverse("admin:index"),
        reverse("admin:partnerships_agreement_changelist"),
        reverse("admin:partnerships_agreement_change", args=[where["agreement_pk"]]),
        reverse("admin:trainees_trainee_changelist"),
    ]:
        curator.visit(path)
    curator_context.close()

    assert not problems, "axe-core found:\n" + "\n".join(problems)


def tab_until(tab, selector, limit=80):
    """Press Tab until the focused element matches `selector`; every element focused on the
    way shows a focus ring."""
    for _ in range(limit):
        tab.keyboard.press("Tab")
        visible = tab.evaluate(FOCUS_VISIBLE)
        focused = tab.evaluate("() => document.activeElement.outerHTML.slice(0, 120)")
        assert visible is not False, f"no visible focus on {focused}"
        if tab.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} not reached with Tab")


def test_the_head_moves_trainees_with_the_keyboard_alone(live_server, browser, keyboard_cohort):
    context_ = new_context(browser, live_server, viewport={"width": 1280, "height": 800})
    tab = context_.new_page()
    tab.goto(reverse("pages:home"))

    # The skip link comes first and is drawn on top when focused.
    tab.keyboard.press("Tab")
    assert tab.evaluate("() => document.activeElement.getAttribute('href')") == "#main"
    box = tab.evaluate("() => document.activeElement.getBoundingClientRect().toJSON()")
    assert box["top"] >= 0 and box["left"] >= 0
    on_top = tab.evaluate(
        "() => { const r = document.activeElement.getBoundingClientRect();"
        " return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)"
        " === document.activeElement; }"
    )
    assert on_top

    tab_until(tab, f"a[href^='{reverse('login')}']")
    tab.keyboard.press("Enter")
    tab.wait_for_url("**" + reverse("login") + "**")
    tab_until(tab, "#id_username")
    tab.keyboard.type(HEAD)
    tab.keyboard.press("Tab")
    tab.keyboard.type(PASSWORD)
    tab.keyboard.press("Enter")
    expect(tab.locator("#main-nav form[action$='/logout/']")).to_be_attached()  # back home

    tab_until(tab, f"a.nav-link[href='{reverse('trainees:cohort-list')}']")
    tab.keyboard.press("Enter")
    tab.wait_for_url("**" + reverse("trainees:cohort-list"))
    tab_until(tab, f"main a[href='{keyboard_cohort.get_absolute_url()}']")
    tab.keyboard.press("Enter")
    tab.wait_for_url("**" + keyboard_cohort.get_absolute_url())

    first, second, third = Trainee.objects.filter(cohort=keyboard_cohort).order_by("full_name")
    tab_until(tab, f"#trainee-{first.pk}")
    tab.keyboard.press("Space")
    tab.keyboard.press("Tab")  # the link to the first trainee
    tab_until(tab, f"#trainee-{second.pk}")
    tab.keyboard.press("Space")
    tab_until(tab, "#id_stage")
    tab.keyboard.press("End")  # the last stage: withdrawn
    assert tab.evaluate("() => document.activeElement.value") == "withdrawn"
    tab_until(tab, "#id_note")
    tab.keyboard.type("Mengundurkan diri")
    tab_until(tab, "main button[type=submit]:not([name=scope])")
    tab.keyboard.press("Enter")
    tab.wait_for_url("**" + keyboard_cohort.get_absolute_url())

    expect(tab.get_by_role("status").first).to_be_visible()
    stages = dict(Trainee.objects.filter(cohort=keyboard_cohort).values_list("pk", "stage"))
    assert stages == {first.pk: "withdrawn", second.pk: "withdrawn", third.pk: "registered"}
    context_.close()


def test_without_javascript_on_a_phone(live_server, browser, keyboard_cohort):
    context_ = new_context(
        browser, live_server, java_script_enabled=False, viewport={"width": 360, "height": 740}
    )
    tab = context_.new_page()
    tab.goto(reverse("pages:home"))
    # The menu is shown open: log in and the languages are there.
    login_link = tab.locator(f"#main-nav a[href^='{reverse('login')}']")
    expect(login_link).to_be_visible()
    expect(tab.locator("#main-nav button[name=language][value=en]")).to_be_visible()
    expect(tab.locator(".navbar-toggler")).to_be_hidden()

    # The filters fold behind their summary: the results come first, and the filters work.
    tab.goto(reverse("partnerships:agreement-list"))
    heading = tab.locator("#results-heading")
    assert heading.bounding_box()["y"] < 740
    filters = tab.locator("details.filter-details")
    expect(filters.locator("form")).to_be_hidden()
    filters.locator("summary").click()
    form = filters.locator("form")
    expect(form).to_be_visible()
    form.locator("select[name=status]").select_option("active")
    form.locator("[type=submit]").click()
    assert "status=active" in tab.url
    expect(tab.locator("#results-heading")).to_be_visible()

    # Log in, and move every trainee of the roster page at once.
    login_link_path = reverse("login")
    tab.goto(login_link_path)
    tab.locator("#id_username").fill(HEAD)
    tab.locator("#id_password").fill(PASSWORD)
    tab.locator("main form [type=submit]").click()
    expect(tab).to_have_url(live_server.url + reverse("pages:workspace"))
    expect(tab.locator("#main-nav form[action$='/logout/'] button")).to_be_visible()

    tab.goto(keyboard_cohort.get_absolute_url())
    expect(tab.locator("input[data-select-all]")).to_be_hidden()
    tab.locator("#id_stage").select_option("in_training")
    tab.locator("button[name=scope][value=page]").click()
    expect(tab.get_by_role("status").first).to_be_visible()
    assert set(Trainee.objects.filter(cohort=keyboard_cohort).values_list("stage", flat=True)) == {
        "in_training"
    }
    context_.close()


NO_SIDEWAYS_SCROLL = "() => [document.documentElement.scrollWidth, window.innerWidth]"

# Roster files for the import's two results: one whose every row has a problem (a long word in
# the name, a date and a sex that cannot be read), one that is correct (the preview).
BAD_ROSTER = (
    "nama lengkap,NISN,jenis kelamin,tanggal lahir\n"
    + "\n".join(
        f"Peserta{'Panjangsekalitanpaspasi' * 3}{n},12345,X,31/31/2008" for n in range(1, 8)
    )
    + "\n"
).encode()
GOOD_ROSTER = (
    "nama lengkap,NISN,jenis kelamin,tanggal lahir\n"
    + "\n".join(f"Peserta Lebar Layar {n},,L,2008-01-1{n}" for n in range(1, 8))
    + "\n"
).encode()


def assert_no_sideways_scroll(tab, path, width):
    sizes = tab.evaluate(NO_SIDEWAYS_SCROLL)
    assert sizes[0] <= sizes[1], f"{path} at {width} px scrolls sideways: {sizes}"


def import_roster(tab, cohort_pk, name, content):
    tab.goto(reverse("trainees:cohort-import", args=[cohort_pk]))
    tab.locator("main input[type=file]").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": content}
    )
    tab.locator("main form [type=submit]").click()


def test_no_page_of_any_type_scrolls_sideways_at_320_px(live_server, browser, keyboard_cohort):
    """WCAG 1.4.10 reflow: every page type, as each of its readers sees it, at 320 px."""
    width = 320
    where = paths()
    viewport = {"width": width, "height": 640}
    checked = []

    def visit(tab, path, status=200):
        response = tab.goto(path)
        assert response.status == status, f"{path}: {response.status}"
        assert_no_sideways_scroll(tab, path, width)
        checked.append(path)

    anonymous = new_context(browser, live_server, viewport=viewport)
    tab = anonymous.new_page()
    for path in [
        reverse("pages:home"),
        reverse("partnerships:agreement-list"),
        reverse("partnerships:organisation-list"),
        reverse("dashboards:province-list"),
        where["agreement"],
        where["organisation"],
        where["event"],
        where["province"],
        reverse("dashboards:national"),
        reverse("pages:about"),
        reverse("pages:privacy"),
        reverse("pages:contact"),
        reverse("login"),
    ]:
        visit(tab, path)
    visit(tab, "/no-such-page/", status=404)
    anonymous.close()

    head_context = new_context(browser, live_server, HEAD, viewport=viewport)
    tab = head_context.new_page()
    cohort_pk = where["cohort_pk"]
    for path in [
        reverse("pages:workspace"),
        reverse("trainees:cohort-list"),
        where["cohort"],
        keyboard_cohort.get_absolute_url(),
        reverse("trainees:trainee-detail", args=[where["trainee"]]),
        reverse("trainees:trainee-create", args=[cohort_pk]),
        reverse("trainees:trainee-edit", args=[where["trainee"]]),
        reverse("trainees:cohort-create"),
        reverse("trainees:cohort-edit", args=[cohort_pk]),
        reverse("trainees:cohort-import", args=[cohort_pk]),
        reverse("trainees:data-access", args=[where["school_slug"]]),
        reverse("partnerships:organisation-edit", args=[where["school_slug"]]),
        reverse("partnerships:organisation-history", args=[where["school_slug"]]),
    ]:
        visit(tab, path)

    # The roster import's check: a file full of problems, then a correct one and its preview,
    # whose Save button is within the screen's width once scrolled to.
    import_roster(tab, keyboard_cohort.pk, "bermasalah.csv", BAD_ROSTER)
    expect(tab.get_by_test_id("problems")).to_be_visible()
    assert_no_sideways_scroll(tab, "the import's problems", width)
    import_roster(tab, keyboard_cohort.pk, "benar.csv", GOOD_ROSTER)
    expect(tab.get_by_test_id("preview")).to_be_visible()
    assert_no_sideways_scroll(tab, "the import's preview", width)
    save = tab.locator("main form input[name=token] ~ button[type=submit]")
    save.scroll_into_view_if_needed()
    box = save.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, box
    expect(save).to_be_in_viewport()
    head_context.close()

    official_context = new_context(browser, live_server, OFFICIAL, viewport=viewport)
    tab = official_context.new_page()
    for path in [
        reverse("pages:workspace"),
        reverse("dashboards:national"),
        where["province"],
        reverse("trainees:cohort-list"),
        where["cohort"],
        where["agreement"],
    ]:
        visit(tab, path)
    official_context.close()

    curator_context = new_context(browser, live_server, CURATOR, viewport=viewport)
    tab = curator_context.new_page()
    for path in [
        reverse("pages:workspace"),
        where["agreement"],
        reverse("partnerships:agreement-history", args=[where["agreement_pk"]]),
        where["cohort"],
        reverse("trainees:trainee-detail", args=[where["trainee"]]),
    ]:
        visit(tab, path)
    curator_context.close()
    assert len(checked) == 38


@pytest.mark.parametrize("width", [360, 768, 1024, 1280])
def test_the_main_pages_do_not_scroll_sideways_from_phones_to_desktops(
    live_server, browser, keyboard_cohort, width
):
    context_ = new_context(browser, live_server, HEAD, viewport={"width": width, "height": 800})
    tab = context_.new_page()
    for path in [
        reverse("pages:home"),
        reverse("partnerships:agreement-list"),
        keyboard_cohort.get_absolute_url(),
        reverse("dashboards:national"),
        paths()["cohort"],
    ]:
        tab.goto(path)
        assert_no_sideways_scroll(tab, path, width)
        if width >= 992:  # the menu is expanded: log out and the languages are on screen
            for control in tab.locator(
                "#main-nav form[action$='/logout/'] button, #main-nav button[name=language]"
            ).all():
                box = control.bounding_box()
                assert box and box["x"] + box["width"] <= width, f"{path} at {width} px"
    context_.close()
