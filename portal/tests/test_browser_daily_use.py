"""Issue 18's daily journeys with the demo data, in Chromium, in the three languages at a
phone's and a desktop's width: the public finds Bengkulu's agreement with a Japanese partner
and reads head counts as people; the Japanese partner's staff log in (landing on their
workspace in Japanese, their saved language) and confirm two hosted trainees' arrival; the
school's head logs in from the menu and reads that update on the workspace. No page on the way
scrolls sideways. The journey finds its way by structure, ids and data, not by the catalogue's
words, except where the words are the point (the unit of a head count)."""

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from devtools.demo.loader import DEMO_PASSWORD
from partnerships.models import Agreement, Organisation
from trainees.models import Stage, StageChange, Trainee

pytestmark = pytest.mark.django_db(transaction=True)

NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"
SIZES = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 800}}
LOCALES = {"id": "id-ID", "en": "en-GB", "ja": "ja-JP"}
# How each language must not say a head count: the registry's "people" (notable persons).
WRONG_UNIT = {"id": "tokoh", "en": None, "ja": "人物"}


def url(name, language, *args, query=""):
    with translation.override(language):
        return reverse(name, args=args) + query


def log_in_from_the_menu(tab, username):
    toggler = tab.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
    tab.locator("#main-nav a[href*='/accounts/login/']").click()
    tab.locator("#id_username").fill(username)
    tab.locator("#id_password").fill(DEMO_PASSWORD)
    tab.locator("main form [type=submit]").click()
    expect(tab.locator("#main-nav form[action$='/logout/']")).to_be_attached()


def no_sideways_scroll(tab):
    assert tab.evaluate(NO_SIDEWAYS_SCROLL), tab.url


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", LOCALES)
def test_the_daily_journeys(live_server, browser, demo, language, size):
    host = Organisation.objects.get(slug="mitra-industri-jepang-fiktif")
    agreement = Agreement.objects.get(number="DEMO/SMKN1RL-MITRA-JEPANG/2025")
    hosted = list(
        Trainee.objects.filter(host_organisation=host, stage=Stage.DEPARTED).order_by("pk")[:2]
    )
    assert len(hosted) == 2
    cohort = hosted[0].cohort
    # The host as the pages name it: its Japanese name on Japanese pages (org_name).
    host_name = host.name_ja if language == "ja" and host.name_ja else host.name

    def new_tab():
        context_ = browser.new_context(
            base_url=live_server.url, locale=LOCALES[language], viewport=SIZES[size]
        )
        context_.set_default_timeout(15_000)
        return context_, context_.new_page()

    # The public: Bengkulu's agreement with its Japanese partner, and head counts as people.
    public, tab = new_tab()
    tab.goto(url("pages:home", language))
    expect(tab.locator("html")).to_have_attribute("lang", language)
    if WRONG_UNIT[language]:
        assert WRONG_UNIT[language] not in tab.locator("main").inner_text()
    no_sideways_scroll(tab)
    tab.goto(url("partnerships:agreement-list", language, query="?province=17"))
    tab.locator(f"a[href$='/{agreement.pk}/']").first.click()
    expect(tab.locator("main")).to_contain_text(host_name)
    no_sideways_scroll(tab)
    public.close()

    # The Japanese partner's staff: the workspace in their saved language, then the cohort
    # in the language of this run, where they confirm two arrivals.
    partner, tab = new_tab()
    tab.goto(url("partnerships:agreement-list", language))
    log_in_from_the_menu(tab, "staf.mitrajepang")
    expect(tab).to_have_url(live_server.url + url("pages:workspace", "ja"))
    tab.goto(url("trainees:cohort-detail", language, cohort.pk))
    roster = tab.get_by_test_id("roster")
    for trainee in hosted:
        roster.locator(f"#trainee-{trainee.pk}").check()
    stage = tab.locator("#id_stage")
    expect(stage.locator("option")).to_have_count(2)  # arrival and return only
    stage.select_option(Stage.IN_JAPAN.value)
    no_sideways_scroll(tab)
    tab.locator("fieldset button[type=submit]:not([name=scope])").click()
    expect(tab.locator(".alert-success")).to_be_visible()
    no_sideways_scroll(tab)
    assert StageChange.objects.filter(partner=host, stage=Stage.IN_JAPAN).count() == 2
    partner.close()

    # The head: from the menu to the workspace, where the partner's update is.
    head, tab = new_tab()
    tab.goto(url("pages:about", language))
    log_in_from_the_menu(tab, "kepala.smkn1rl")
    expect(tab).to_have_url(live_server.url + url("pages:workspace", language))
    moves = tab.get_by_test_id("partner-moves")
    expect(moves).to_contain_text(host_name)
    no_sideways_scroll(tab)
    head.close()
