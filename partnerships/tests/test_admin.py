import pytest
from django.urls import reverse

from partnerships.models import Organisation
from portal.models import Province, Regency

pytestmark = pytest.mark.django_db

KIND_ADMINS = [
    "school",
    "trainingcentre",
    "japanesepartner",
    "governmentbody",
    "association",
    "industry",
]


@pytest.mark.parametrize(
    "model", [*KIND_ADMINS, "organisation", "person", "event", "figure", "source"]
)
def test_curator_opens_every_changelist(client, curator, organisation_factory, model):
    organisation_factory()
    organisation_factory(japanese=True)
    client.force_login(curator)
    response = client.get(reverse(f"admin:partnerships_{model}_changelist"), {"q": "a"})
    assert response.status_code == 200


def test_kind_admin_lists_only_its_kind(client, curator, organisation_factory):
    organisation_factory(name="SMKN 1 Contoh")
    organisation_factory(training_centre=True, name="LPK Contoh")
    client.force_login(curator)
    content = client.get(reverse("admin:partnerships_school_changelist")).content.decode()
    assert "SMKN 1 Contoh" in content
    assert "LPK Contoh" not in content


def school_form(**fields):
    """The admin's add-school form as a curator would submit it."""
    return {
        "name": "SMKN 2 Kepahiang",
        "slug": "smkn-2-kepahiang",
        "category": "smk",
        "npsn": "10700777",
        "province": Province.objects.get(code="17").pk,
        "regency": Regency.objects.get(code="17.08").pk,
        "positions-TOTAL_FORMS": "0",
        "positions-INITIAL_FORMS": "0",
        **fields,
    }


def test_adding_a_school_in_its_admin_sets_the_kind(client, curator):
    client.force_login(curator)
    response = client.post(reverse("admin:partnerships_school_add"), school_form())
    assert response.status_code == 302
    school = Organisation.objects.get(slug="smkn-2-kepahiang")
    assert (school.kind, school.npsn) == ("school", "10700777")


def test_a_school_without_a_province_is_not_saved(client, curator):
    client.force_login(curator)
    response = client.post(
        reverse("admin:partnerships_school_add"), school_form(province="", regency="")
    )
    assert response.status_code == 200
    assert "province" in response.context["adminform"].form.errors
    assert not Organisation.objects.filter(slug="smkn-2-kepahiang").exists()


def test_duplicate_npsn_in_the_admin_shows_a_message(client, curator, organisation_factory):
    organisation_factory(npsn="10700555")
    client.force_login(curator)
    response = client.post(reverse("admin:partnerships_school_add"), school_form(npsn="10700555"))
    assert response.status_code == 200
    assert "NPSN" in str(response.context["adminform"].form.errors)
    assert not Organisation.objects.filter(slug="smkn-2-kepahiang").exists()


def test_people_without_staff_rights_are_sent_to_log_in(client, user_factory):
    client.force_login(user_factory())
    response = client.get(reverse("admin:partnerships_school_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
