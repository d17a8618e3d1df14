"""The curators' agreement form in the admin: the parties before the dates, each signatory
asked once (a recorded person, or a typed name that records one), dates without a time-zone
note, and the optimistic locking of every versioned form."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from partnerships.models import Agreement, AgreementParty, Person, Position
from partnerships.tests.admin_forms import agreement_change_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def school(organisation_factory):
    return organisation_factory(name="SMK Negeri 1 Rejang Lebong")


@pytest.fixture
def partner(organisation_factory):
    return organisation_factory(japanese=True, name="Kumiai Sendai")


def person_of(organisation, name, slug):
    """A person recorded in office at `organisation`."""
    person = Person.objects.create(name=name, slug=slug)
    Position.objects.create(
        person=person, organisation=organisation, title="Kepala Sekolah", as_of="2024-01-01"
    )
    return person


def add_form(*parties, **fields):
    """The admin's add-agreement form as a curator sends it; each party a dict of its fields."""
    data = {
        "kind": "pks",
        "number": "PKS/777/2025",
        "title": "Kerja sama magang Sendai",
        "signed_on": "2025-01-15",
        "signed_on_precision": "day",
        "parties-TOTAL_FORMS": str(len(parties)),
        "parties-INITIAL_FORMS": "0",
        "parties-MIN_NUM_FORMS": "2",
        "parties-MAX_NUM_FORMS": "1000",
    }
    for index, party in enumerate(parties):
        party = {"role": "first" if index == 0 else "second", "position": index, **party}
        data.update({f"parties-{index}-{name}": value for name, value in party.items()})
    return {**data, **fields}


def post_add(client, data):
    return client.post(reverse("admin:partnerships_agreement_add"), data)


def party_errors(response):
    return [form.errors for form in response.context["inline_admin_formsets"][0].formset.forms]


@pytest.mark.parametrize("url_name", ["add", "change"])
def test_the_parties_come_before_the_dates(client, curator, school, partner, url_name):
    agreement = Agreement.objects.create(title="Kerja sama", kind="pks")
    for position, organisation in enumerate([school, partner]):
        AgreementParty.objects.create(
            agreement=agreement, organisation=organisation, role="party", position=position
        )
    client.force_login(curator)
    with translation.override("en"):
        args = [agreement.pk] if url_name == "change" else []
        response = client.get(reverse(f"admin:partnerships_agreement_{url_name}", args=args))
    assert response.status_code == 200
    html = response.content.decode()
    heading = html.index('id="fieldset-0-0-heading"') if "fieldset-0-0-heading" in html else 0
    first_field = html.index('name="title"')
    parties = html.index('id="parties-group"')
    dates = html.index('id="fieldset-0-1-heading"')
    assert heading <= first_field < parties < dates
    assert re.search(r'id="fieldset-0-1-heading"[^>]*>Dates<', html)
    # Drawn once, not again after the last fieldset.
    assert html.count('id="parties-group"') == 1
    # Each party asks for its signatory once: the picker and the typed name side by side,
    # under one question.
    assert "Who signed for this party?" in html
    assert html.count('name="parties-0-person"') == 1
    assert html.count('name="parties-0-signatory_name"') == 1
    # The programmes are boxes to tick.
    assert 'type="checkbox" name="programmes"' in html


def test_a_recorded_person_and_a_typed_new_name_are_both_recorded(client, curator, school, partner):
    head = person_of(school, "Drs. Budi Santoso", "budi-santoso")
    client.force_login(curator)
    response = post_add(
        client,
        add_form(
            {"organisation": school.pk, "person": head.pk, "signatory_title": "Kepala Sekolah"},
            {"organisation": partner.pk, "signatory_name": "  Tanaka   Hiroshi ", "role": "second"},
        ),
    )
    assert response.status_code == 302, party_errors(response)
    agreement = Agreement.objects.get(number="PKS/777/2025")
    first, second = agreement.parties.order_by("position")
    assert (first.person, first.signatory_name) == (head, "Drs. Budi Santoso")
    assert second.signatory_name == "Tanaka Hiroshi"
    assert second.person.name == "Tanaka Hiroshi"
    assert second.person.slug == "tanaka-hiroshi"
    assert Person.objects.count() == 2
    assert second.person.history.count() == 1  # recorded like any other change


def test_a_new_person_gets_a_slug_of_their_own(client, curator, school, partner):
    Person.objects.create(name="Tanaka Hiroshi", slug="tanaka-hiroshi")  # of no organisation
    client.force_login(curator)
    response = post_add(
        client,
        add_form(
            {"organisation": school.pk},
            {"organisation": partner.pk, "signatory_name": "Tanaka Hiroshi"},
        ),
    )
    assert response.status_code == 302, party_errors(response)
    party = AgreementParty.objects.get(organisation=partner)
    assert party.person.slug == "tanaka-hiroshi-2"
    assert Person.objects.filter(name="Tanaka Hiroshi").count() == 2


def test_a_typed_name_of_a_recorded_person_of_that_organisation_is_that_person(
    client, curator, school, partner
):
    head = person_of(school, "Drs. Budi Santoso", "budi-santoso")
    client.force_login(curator)
    response = post_add(
        client,
        add_form(
            {"organisation": school.pk, "signatory_name": "drs. budi SANTOSO"},
            {"organisation": partner.pk},
        ),
    )
    assert response.status_code == 302, party_errors(response)
    party = AgreementParty.objects.get(organisation=school)
    assert party.person == head
    assert party.signatory_name == "Drs. Budi Santoso"
    assert Person.objects.count() == 1


def test_an_earlier_signatory_of_that_organisation_is_found_too(
    client, curator, school, partner, agreement_factory
):
    earlier = agreement_factory(parties=[partner, school])
    tanaka = Person.objects.create(name="Tanaka Hiroshi", slug="tanaka-hiroshi")
    earlier.parties.filter(organisation=partner).update(person=tanaka)
    client.force_login(curator)
    response = post_add(
        client,
        add_form(
            {"organisation": school.pk},
            {"organisation": partner.pk, "signatory_name": "TANAKA HIROSHI"},
        ),
    )
    assert response.status_code == 302, party_errors(response)
    assert (
        AgreementParty.objects.get(organisation=partner, agreement__number="PKS/777/2025").person
        == tanaka
    )
    assert Person.objects.count() == 1


def test_a_person_and_a_different_typed_name_are_refused(client, curator, school, partner):
    head = person_of(school, "Drs. Budi Santoso", "budi-santoso")
    client.force_login(curator)
    response = post_add(
        client,
        add_form(
            {"organisation": school.pk, "person": head.pk, "signatory_name": "Siti Aminah"},
            {"organisation": partner.pk},
        ),
    )
    assert response.status_code == 200
    errors = party_errors(response)[0]
    assert [e.code for e in errors.as_data()["signatory_name"]] == ["two_signatories"]
    assert not Agreement.objects.exists()
    assert list(Person.objects.all()) == [head]


def test_a_person_and_their_own_name_typed_again_are_one_signatory(
    client, curator, school, partner
):
    head = person_of(school, "Drs. Budi Santoso", "budi-santoso")
    client.force_login(curator)
    response = post_add(
        client,
        add_form(
            {"organisation": school.pk, "person": head.pk, "signatory_name": "DRS. Budi Santoso"},
            {"organisation": partner.pk},
        ),
    )
    assert response.status_code == 302, party_errors(response)
    assert AgreementParty.objects.get(organisation=school).person == head
    assert Person.objects.count() == 1


def test_a_name_two_recorded_people_of_that_organisation_bear_is_refused(
    client, curator, school, partner
):
    person_of(school, "Ahmad", "ahmad")
    person_of(school, "AHMAD", "ahmad-2")
    client.force_login(curator)
    response = post_add(
        client,
        add_form(
            {"organisation": school.pk, "signatory_name": "Ahmad"},
            {"organisation": partner.pk, "signatory_name": "Tanaka Hiroshi"},
        ),
    )
    assert response.status_code == 200
    errors = party_errors(response)[0]
    assert [e.code for e in errors.as_data()["person"]] == ["ambiguous_signatory"]
    assert not Agreement.objects.exists()
    assert Person.objects.count() == 2  # Tanaka is not recorded either


def test_an_agreement_error_records_no_new_person(client, curator, school, partner):
    client.force_login(curator)
    response = post_add(
        client,
        add_form(
            {"organisation": school.pk},
            {"organisation": partner.pk, "signatory_name": "Tanaka Hiroshi"},
            title="",
        ),
    )
    assert response.status_code == 200
    assert "title" in response.context["adminform"].form.errors
    assert not Person.objects.exists()


def test_a_recorded_signatory_is_shown_once_and_kept_as_is(
    client, curator, school, partner, agreement_factory
):
    agreement = agreement_factory(parties=[school, partner])
    head = person_of(school, "Drs. Budi Santoso", "budi-santoso")
    party = agreement.parties.get(organisation=school)
    party.person, party.signatory_name = head, head.name
    party.save()
    url = reverse("admin:partnerships_agreement_change", args=[agreement.pk])
    client.force_login(curator)
    forms = client.get(url).context["inline_admin_formsets"][0].formset.forms
    drawn = {form.instance.organisation: form for form in forms}
    # The name is the person's: the typed-name box stays empty.
    assert drawn[school]["person"].value() == head.pk
    assert drawn[school]["signatory_name"].value() == ""
    history = party.history.count()

    data = agreement_change_form(agreement, **{"parties-0-signatory_name": ""})
    response = client.post(url, data)
    assert response.status_code == 302
    party.refresh_from_db()
    assert (party.person, party.signatory_name) == (head, "Drs. Budi Santoso")
    assert party.history.count() == history  # nothing changed, nothing written
    assert Person.objects.count() == 1


def test_a_signatory_named_otherwise_on_paper_keeps_that_name(
    client, curator, school, partner, agreement_factory
):
    """A name printed with titles, attached to a recorded person before this form: it is
    shown, and sending it back unchanged is no conflict."""
    agreement = agreement_factory(parties=[school, partner])
    head = person_of(school, "Budi Santoso", "budi-santoso")
    agreement.parties.filter(organisation=school).update(
        person=head, signatory_name="Drs. H. Budi Santoso, M.Pd."
    )
    url = reverse("admin:partnerships_agreement_change", args=[agreement.pk])
    client.force_login(curator)
    forms = client.get(url).context["inline_admin_formsets"][0].formset.forms
    assert forms[0]["signatory_name"].value() == "Drs. H. Budi Santoso, M.Pd."
    data = agreement_change_form(
        agreement, **{"parties-0-signatory_name": "Drs. H. Budi Santoso, M.Pd."}
    )
    assert client.post(url, data).status_code == 302
    assert agreement.parties.get(organisation=school).signatory_name == (
        "Drs. H. Budi Santoso, M.Pd."
    )


def test_the_agreement_form_refuses_to_overwrite_a_later_save(
    client, curator, school, partner, agreement_factory
):
    agreement = agreement_factory(parties=[school, partner])
    url = reverse("admin:partnerships_agreement_change", args=[agreement.pk])
    client.force_login(curator)
    form = client.get(url).context["adminform"].form
    assert form["seen_version"].value() == agreement.version
    data = agreement_change_form(agreement, title="Judul dari kurator")
    # Meanwhile another curator renames it.
    other = Agreement.objects.get(pk=agreement.pk)
    other.title = "Judul dari orang lain"
    other.save()

    response = client.post(url, data)
    assert response.status_code == 200
    # Refused, with what the other curator changed.
    refusal = " ".join(response.context["adminform"].form.non_field_errors())
    assert "“Judul dari orang lain”" in refusal
    agreement.refresh_from_db()
    assert agreement.title == "Judul dari orang lain"

    response = client.post(url, {**data, "seen_version": other.version})
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.title == "Judul dari kurator"


def test_date_inputs_point_at_no_time_zone_note(client, curator, school, partner):
    agreement = Agreement.objects.create(title="Kerja sama", kind="pks")
    for position, organisation in enumerate([school, partner]):
        AgreementParty.objects.create(
            agreement=agreement, organisation=organisation, role="party", position=position
        )
    client.force_login(curator)
    html = client.get(
        reverse("admin:partnerships_agreement_change", args=[agreement.pk])
    ).content.decode()
    inputs = re.findall(r"<input[^>]*vDateField[^>]*>", html)
    assert len(inputs) >= 6  # signed, effective, expires, terminated and each party's date
    assert "timezone_warning" not in html
    # A date with help text is described by it, as any other field is.
    signed_on = next(tag for tag in inputs if 'name="signed_on"' in tag)
    assert 'aria-describedby="id_signed_on_helptext"' in signed_on
    assert 'id="id_signed_on_helptext"' in html


def page_text(client, url):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", client.get(url).content.decode()))


def test_the_english_admin_speaks_plainly(admin_client, agreement_factory, organisation_factory):
    agreement_factory(parties=[organisation_factory(), organisation_factory(japanese=True)])
    with translation.override("en"):
        urls = {
            name: reverse(f"admin:{name}")
            for name in [
                "index",
                "partnerships_agreement_changelist",
                "partnerships_organisation_changelist",
                "trainees_cohort_changelist",
                "trainees_trainee_changelist",
                "portal_user_changelist",
            ]
        }
    pages = {name: page_text(admin_client, url) for name, url in urls.items()}
    assert "Sign-in attempts and lockouts" in pages["index"]
    assert "Background tasks" in pages["index"]
    assert "Tasks Database Backend" not in pages["index"]
    assert not re.search(r"\bAxes\b", pages["index"])
    assert "By signing date" in pages["partnerships_agreement_changelist"]
    assert "By programme " in pages["partnerships_agreement_changelist"]
    assert "By signed on" not in pages["partnerships_agreement_changelist"]
    assert "Get full name" not in pages["portal_user_changelist"]
    for name, text in pages.items():
        assert "istorical" not in text, name
