"""The cohort and trainee forms search organisations and agreements instead of listing them:
their pages stay the same size however large the registry, names typed are resolved within the
choices the user is allowed, and ids still work (portal/widgets.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from partnerships.models import Programme
from partnerships.tests.test_lookups import add_schools
from trainees.models import Cohort, Trainee

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(walls, cohort_factory):
    return cohort_factory(institution=walls.school, name="Kelas Jepang")


def en(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


def cohort_data(**data):
    return {
        "name": "Angkatan Baru",
        "programme": Programme.objects.get(code="technical-intern").pk,
        "intake_year": 2026,
        **data,
    }


def trainee_data(**data):
    return {"full_name": "Putri Fiktif", "sex": "F", "birth_date": "2008-02-01", **data}


@pytest.mark.parametrize("user", ["owner", "curator"])
def test_the_forms_render_no_whole_table(client, walls, cohort, bengkulu, user):
    add_schools(20, bengkulu)  # more than a select offers, for the curator
    client.force_login(getattr(walls, user))
    pages = [en("trainees:cohort-create"), en("trainees:trainee-create", cohort.pk)]
    before = [client.get(page).content for page in pages]
    add_schools(300, bengkulu, start=20)
    after = [client.get(page).content for page in pages]
    for small, large in zip(before, after, strict=True):
        assert b"SMK Massal" not in large
        assert large.count(b"<option") == small.count(b"<option")
        assert len(large) == len(small)


def test_the_trainee_form_shows_the_chosen_names_and_takes_ids(client, walls, cohort):
    trainee = Trainee.objects.create(
        cohort=cohort,
        full_name="Rahmat Fiktif",
        sex="M",
        birth_date="2008-01-01",
        home_institution=walls.other_school,
        host_organisation=walls.japanese,
    )
    client.force_login(walls.owner)
    page = client.get(en("trainees:trainee-edit", trainee.pk)).content.decode()
    assert 'value="SMK Tetangga"' in page
    assert 'value="Mitra Kabushiki Kaisha"' in page
    data = trainee_data(home_institution=walls.school.pk, seen_version=trainee.version)
    response = client.post(en("trainees:trainee-edit", trainee.pk), data)
    assert response.status_code == 302
    trainee.refresh_from_db()
    assert trainee.home_institution == walls.school
    assert trainee.host_organisation is None


def test_the_trainee_form_resolves_typed_names(client, walls, cohort, organisation_factory):
    organisation_factory(name="SMK Tetangga Jauh")
    client.force_login(walls.owner)
    url = en("trainees:trainee-create", cohort.pk)
    # Several match: listed to choose from.
    response = client.post(url, trainee_data(home_institution_text="tetangga"))
    page = response.content.decode()
    assert "Several organisations match “tetangga”" in page
    assert page.count('name="home_institution_pick"') == 2
    # None: said so; a Japanese partner is no home institution.
    response = client.post(
        url, trainee_data(home_institution_text="Mitra Kabushiki Kaisha", host_organisation_text="")
    )
    assert "No organisation is named “Mitra Kabushiki Kaisha”" in response.content.decode()
    # The exact name (any case), a pick, or the NPSN: chosen.
    response = client.post(
        url,
        trainee_data(
            home_institution_text="smk tetangga",
            home_institution=walls.school.pk,  # stale: the text was changed after it
            host_organisation_text="mitra kabushiki",
        ),
    )
    assert response.status_code == 302
    putri = Trainee.objects.get(full_name="Putri Fiktif")
    assert (putri.home_institution, putri.host_organisation) == (walls.other_school, walls.japanese)
    response = client.post(
        url,
        trainee_data(
            full_name="Sari Fiktif",
            home_institution_text="tetangga",
            home_institution_pick=walls.other_school.pk,
        ),
    )
    assert Trainee.objects.get(full_name="Sari Fiktif").home_institution == walls.other_school
    response = client.post(
        url, trainee_data(full_name="Dewi Fiktif", home_institution_text=walls.school.npsn)
    )
    assert Trainee.objects.get(full_name="Dewi Fiktif").home_institution == walls.school


def test_a_curator_picks_any_institution_by_name(client, walls, bengkulu):
    add_schools(20, bengkulu)
    client.force_login(walls.curator)
    page = client.get(en("trainees:cohort-create")).content.decode()
    assert 'name="institution_text"' in page and "SMK Tetangga" not in page
    response = client.post(en("trainees:cohort-create"), cohort_data(institution_text="Tetangga"))
    assert response.status_code == 302
    assert Cohort.objects.get().institution == walls.other_school


@pytest.fixture
def big_head(walls, bengkulu, user_factory):
    """The head of more institutions than a select shows: the institution is searched."""
    schools = add_schools(12, bengkulu)
    return user_factory(username="besar", memberships=[("head", school) for school in schools])


def test_a_head_cannot_pick_another_institution_by_id_or_by_name(client, walls, big_head):
    client.force_login(big_head)
    url = en("trainees:cohort-create")
    page = client.get(url).content.decode()
    assert 'name="institution_text"' in page and "SMK Massal 0003" not in page
    for data in (
        {"institution_text": "SMK Tetangga"},
        {"institution": walls.other_school.pk},
        {"institution_text": "SMK Tetangga", "institution": walls.other_school.pk},
        {"institution_text": "x", "institution_pick": walls.other_school.pk},
    ):
        response = client.post(url, cohort_data(**data))
        assert response.status_code == 200
        assert "institution" in response.context["form"].errors
    assert not Cohort.objects.exists()
    response = client.post(url, cohort_data(institution_text="smk massal 0003"))
    assert Cohort.objects.get().institution.name == "SMK Massal 0003"


def test_cohort_partners_and_agreements_one_name_a_line(
    client, walls, cohort, agreement_factory, organisation_factory
):
    agreement = agreement_factory(title="Kelas Industri", number="MoU/1/2025")
    agreement_factory(title="Kelas Industri Lanjutan", number="")
    client.force_login(walls.owner)
    url = en("trainees:cohort-edit", cohort.pk)
    data = cohort_data(institution=walls.school.pk, seen_version=cohort.version)
    response = client.post(
        url,
        {
            **data,
            "partners_text": "LPK Mitra\nTidak Ada\nmitra",
            "agreements_text": "kelas industri",
        },
    )
    errors = response.context["form"].errors
    assert "Line 2: No organisation is named “Tidak Ada”" in errors["partners"][0]
    assert errors["partners"][1] == (
        "Line 3: Several match “mitra”; put the exact name of one on the line: "
        "Mitra Kabushiki Kaisha; LPK Mitra"
    )
    assert "Several agreements match" not in str(errors)  # the exact title decides
    response = client.post(
        url,
        {
            **data,
            "partners_text": "LPK Mitra\n\n mitra kabushiki kaisha ",
            "agreements_text": "MoU/1/2025 Kelas Industri",
        },
    )
    assert response.status_code == 302
    cohort.refresh_from_db()
    assert set(cohort.partners.all()) == {walls.centre, walls.japanese}
    assert list(cohort.agreements.all()) == [agreement]
    # The edit form shows them by name, one query for each list.
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()
    assert "LPK Mitra\nMitra Kabushiki Kaisha</textarea>" in page
    assert "MoU/1/2025 Kelas Industri</textarea>" in page
    assert len(queries) < 25
    # Ids chosen from suggestions settle a line whose title is shared.
    twin = agreement_factory(title="Kelas Industri", number="")
    response = client.post(
        url,
        {
            **data,
            "seen_version": cohort.version,
            "partners_text": "LPK Mitra",
            "agreements_text": "Kelas Industri",
            "agreements": [twin.pk],
        },
    )
    assert response.status_code == 302
    assert list(cohort.agreements.all()) == [twin]


def test_cohort_partners_are_training_centres_japanese_partners_or_industries(
    client, walls, cohort
):
    client.force_login(walls.owner)
    response = client.post(
        en("trainees:cohort-edit", cohort.pk),
        cohort_data(
            institution=walls.school.pk,
            seen_version=cohort.version,
            partners_text="SMK Tetangga",
            partners=[walls.other_school.pk],
        ),
    )
    assert "partners" in response.context["form"].errors
    cohort.refresh_from_db()
    assert not cohort.partners.exists()
