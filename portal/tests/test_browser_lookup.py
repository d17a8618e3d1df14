"""The pickers in Chromium: suggestions appear as one types, and the one chosen is used."""

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def test_typing_in_the_party_filter_and_picking_a_suggestion(
    live_server, page, organisation_factory, agreement_factory
):
    smk = organisation_factory(name="SMKN 1 Rejang Lebong")
    neighbour = organisation_factory(name="SMKN 2 Rejang Lebong")
    lpk = organisation_factory(training_centre=True, name="LPK Mulia Mandiri Abadi")
    agreement_factory(title="Kelas Industri Jepang", parties=[smk, lpk])
    agreement_factory(title="Kelas Otomotif", parties=[neighbour, lpk])
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: "Refused" in message.text and errors.append(message.text))

    with translation.override("en"):
        page.goto(live_server.url + reverse("partnerships:agreement-list"))
    party = page.get_by_role("combobox", name="Party", exact=True)
    party.press_sequentially("rejang", delay=30)
    suggestions = page.get_by_role("listbox", name="Suggestions")
    expect(suggestions.get_by_role("option")).to_have_count(2)
    party.press("ArrowDown")
    party.press("ArrowDown")
    expect(suggestions.get_by_role("option").nth(1)).to_have_attribute("aria-selected", "true")
    party.press("Enter")  # chooses; a second Enter submits
    expect(party).to_have_value("SMKN 2 Rejang Lebong")
    expect(suggestions).to_be_hidden()
    page.get_by_role("button", name="Apply").click()

    expect(page.get_by_role("link", name="Kelas Otomotif")).to_be_visible()
    assert f"party={neighbour.slug}" in page.url  # the chosen slug, from the hidden field
    expect(page.get_by_role("link", name="Kelas Otomotif")).to_be_visible()
    expect(page.get_by_role("link", name="Kelas Industri Jepang")).to_have_count(0)
    expect(page.get_by_role("combobox", name="Party", exact=True)).to_have_value(
        "SMKN 2 Rejang Lebong"
    )

    # A click on a suggestion chooses too.
    party = page.get_by_role("combobox", name="Party", exact=True)
    party.fill("")
    party.press_sequentially("mulia", delay=30)
    page.get_by_role("option", name="LPK Mulia Mandiri Abadi").click()
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("link", name="Kelas Otomotif")).to_be_visible()
    expect(page.get_by_role("link", name="Kelas Industri Jepang")).to_be_visible()
    assert errors == []  # no script error, nothing refused by the CSP


def test_adding_cohort_partners_from_suggestions(
    live_server, page, organisation_factory, user_factory, cohort_factory
):
    school = organisation_factory(name="SMKN 1 Rejang Lebong")
    organisation_factory(training_centre=True, name="LPK Mulia Mandiri Abadi")
    organisation_factory(japanese=True, name="JOE Cooperative")
    cohort = cohort_factory(institution=school, name="Kelas Jepang")
    user_factory(username="kepala", memberships=[("head", school)])
    with translation.override("en"):
        page.goto(live_server.url + reverse("login"))
        page.get_by_label("Username").fill("kepala")
        page.get_by_label("Password").fill("correct-horse-battery")
        page.get_by_role("button", name="Log in").click()
        page.goto(live_server.url + reverse("trainees:cohort-edit", args=[cohort.pk]))

    adder = page.locator("#id_partners_add")
    for text, name in [("mulia", "LPK Mulia Mandiri Abadi"), ("joe", "JOE Cooperative")]:
        adder.press_sequentially(text, delay=30)
        page.get_by_role("option", name=name).click()
        expect(adder).to_have_value("")
    expect(page.get_by_label("Partners")).to_have_value(
        "LPK Mulia Mandiri Abadi\nJOE Cooperative\n"
    )
    page.get_by_role("button", name="Save the cohort").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kelas Jepang")
    cohort.refresh_from_db()
    assert sorted(p.name for p in cohort.partners.all()) == [
        "JOE Cooperative",
        "LPK Mulia Mandiri Abadi",
    ]
