"""A training centre's staff records two trainees' move on a phone, and the school's head reads
it on the workspace: in Chromium against the live server, at 360 px, without sideways scroll."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from trainees.models import Stage, StageChange

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct-horse-battery"  # conftest.UserFactory's
PHONE = {"width": 360, "height": 740}
NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def journey(reference_data, walls, cohort_factory, trainee_factory):
    cohort = cohort_factory(institution=walls.school, name="Kelas Industri Jepang")
    cohort.partners.set([walls.centre, walls.japanese])
    for name in ("Ayu Fiktif", "Budi Fiktif", "Citra Fiktif"):
        trainee_factory(cohort=cohort, full_name=name)
    return cohort


# The words of the pages are the translators' (locale/): the journey finds its way by the
# page's structure, ids and the trainees' names.


def log_in(tab, server, username):
    tab.goto(server.url + reverse("login"))
    tab.locator("#id_username").fill(username)
    tab.locator("#id_password").fill(PASSWORD)
    tab.locator("main form [type=submit]").click()
    expect(tab.locator("#main-nav form[action$='/logout/']")).to_be_attached()


def test_a_training_centre_moves_two_trainees_and_the_head_sees_it(
    live_server, page, journey, walls
):
    page.set_viewport_size(PHONE)
    page.context.set_default_timeout(15_000)
    cohort = journey
    log_in(page, live_server, walls.centre_staff.username)

    page.goto(live_server.url + cohort.get_absolute_url())
    roster = page.get_by_test_id("roster")
    expect(roster.get_by_role("link", name="Ayu Fiktif")).to_be_visible()
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    # Names and stages: no home institution, no date on the partner's roster.
    expect(roster.locator("thead th")).to_have_count(3)
    for name in ("Ayu Fiktif", "Budi Fiktif"):
        roster.get_by_role("row", name=name).get_by_role("checkbox").check()
    stage = page.locator("#id_stage")
    expect(stage.locator("option")).to_have_count(4)  # training and selection only
    stage.select_option(Stage.IN_TRAINING.value)
    page.locator("#id_note").fill("Mulai kelas bahasa Jepang")
    page.locator("fieldset button[type=submit]:not([name=scope])").click()
    expect(page.locator(".alert-success")).to_contain_text("2")
    moved = page.get_by_test_id("roster").get_by_role("row", name="Ayu Fiktif")
    expect(moved).to_contain_text(str(Stage.IN_TRAINING.label))
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    assert StageChange.objects.filter(partner=walls.centre, stage=Stage.IN_TRAINING).count() == 2

    page.context.clear_cookies()
    log_in(page, live_server, walls.owner.username)
    moves = page.get_by_test_id("partner-moves")
    expect(moves).to_be_visible()
    expect(moves.locator("li")).to_have_count(1)
    expect(moves).to_contain_text("LPK Mitra")
    expect(moves).to_contain_text("2")
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    moves.get_by_role("link", name="Kelas Industri Jepang (2025)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kelas Industri Jepang")
