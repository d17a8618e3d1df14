"""History of changes, and two people editing one record."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerships.models import AgreementParty

pytestmark = pytest.mark.django_db


def edit_url(organisation):
    return reverse("partnerships:organisation-edit", args=[organisation.slug])


def history_url(organisation):
    return reverse("partnerships:organisation-history", args=[organisation.slug])


def test_the_history_shows_who_changed_what_before_and_after(client, walls):
    walls.owner.first_name, walls.owner.last_name = "Siti", "Aminah"
    walls.owner.save()
    client.force_login(walls.owner)
    response = client.post(
        edit_url(walls.school),
        {"phone": "0732 21234", "website": "https://smk.example.id", "seen_version": 1},
    )
    assert response.status_code == 302
    record = walls.school.history.first()
    assert record.history_user == walls.owner
    assert record.version == 2

    # An official of the province reads the same history.
    client.force_login(walls.official)
    page = client.get(history_url(walls.school)).content.decode()
    assert "Siti Aminah" in page
    assert "Telepon kontak" in page
    assert "(kosong)" in page
    assert "0732 21234" in page
    assert "https://smk.example.id" in page


def test_a_second_save_on_a_stale_form_is_refused_and_nothing_is_lost(client, walls, user_factory):
    # Two heads of the same school open the edit form at version 1.
    colleague = user_factory(
        username="wakil", first_name="Budi", memberships=[("head", walls.school)]
    )
    client.force_login(colleague)
    assert (
        client.post(edit_url(walls.school), {"phone": "0732 1", "seen_version": 1}).status_code
        == 302
    )

    client.force_login(walls.owner)
    mine = {"phone": "0732 2", "address": "Jl. Baru 2", "seen_version": 1}
    response = client.post(edit_url(walls.school), mine)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Budi menyimpan data ini" in page
    assert "“(kosong)” → “0732 1”" in page
    # Nothing of the second form was saved, and the first save stands.
    walls.school.refresh_from_db()
    assert walls.school.phone == "0732 1"
    assert walls.school.address == ""
    # The second person's entries are still in the form, ready to be saved knowingly.
    form = response.context["form"]
    assert form["phone"].value() == "0732 2"
    assert form["address"].value() == "Jl. Baru 2"
    assert form["seen_version"].value() == "2"
    response = client.post(edit_url(walls.school), {**mine, "seen_version": 2})
    assert response.status_code == 302
    walls.school.refresh_from_db()
    assert (walls.school.phone, walls.school.address) == ("0732 2", "Jl. Baru 2")


def test_a_form_without_its_version_is_refused(client, walls):
    client.force_login(walls.owner)
    response = client.post(edit_url(walls.school), {"phone": "0732 3"})
    assert response.status_code == 200
    assert "Formulir tidak lengkap" in response.content.decode()
    walls.school.refresh_from_db()
    assert walls.school.phone == ""


def test_saving_without_changes_writes_nothing(client, walls):
    client.force_login(walls.owner)
    response = client.post(edit_url(walls.school), {"seen_version": 1}, follow=True)
    assert "Tidak ada yang diubah" in response.content.decode()
    assert walls.school.history.count() == 1


def test_curators_in_the_admin_do_not_overwrite_each_other(client, walls, user_factory):
    curator = user_factory(is_staff=True)
    curator.user_permissions.set(Permission.objects.filter(content_type__app_label="partnerships"))
    url = reverse("admin:partnerships_school_change", args=[walls.school.pk])
    client.force_login(curator)
    form = client.get(url).context["adminform"].form
    assert form["seen_version"].value() == 1
    data = {
        "name": walls.school.name,
        "slug": walls.school.slug,
        "category": "smk",
        "province": walls.school.province_id,
        "npsn": walls.school.npsn,
        "seen_version": 1,
        "positions-TOTAL_FORMS": "0",
        "positions-INITIAL_FORMS": "0",
        "phone": "021 1",
    }
    # Meanwhile the school's head saves the profile.
    walls.school.phone = "0732 9"
    walls.school.save()
    response = client.post(url, data)
    assert response.status_code == 200
    assert "“(kosong)” → “0732 9”" in response.content.decode()
    walls.school.refresh_from_db()
    assert walls.school.phone == "0732 9"
    response = client.post(url, {**data, "seen_version": 2})
    assert response.status_code == 302
    walls.school.refresh_from_db()
    assert walls.school.phone == "021 1"


def test_agreement_history_includes_its_parties(
    client, walls, agreement_factory, organisation_factory
):
    partner = organisation_factory(japanese=True, name="Kumiai Sendai")
    agreement = agreement_factory(parties=[walls.school, partner])
    party = AgreementParty.objects.get(agreement=agreement, organisation=partner)
    party.signatory_name = "Tanaka Hiroshi"
    party.save()
    client.force_login(walls.owner)
    page = client.get(
        reverse("partnerships:agreement-history", args=[agreement.pk])
    ).content.decode()
    assert "Pihak: Kumiai Sendai" in page
    assert "Tanaka Hiroshi" in page
    assert "Penanda tangan" in page


@pytest.mark.parametrize("changes", [3, 40])
def test_history_page_query_budget(client, walls, organisation_factory, changes):
    regencies = list(walls.school.province.regencies.all()[:2])
    for n in range(changes):
        walls.school.phone = f"0732 {n}"
        walls.school.regency = regencies[n % 2]
        walls.school.save()
    client.force_login(walls.owner)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(history_url(walls.school))
    assert response.status_code == 200
    assert len(response.context["entries"]) == changes + 1
    assert len(queries) <= 9, [q["sql"] for q in queries]


def test_history_keeps_its_length_in_check(client, walls):
    from portal.history import HISTORY_LIMIT

    for n in range(HISTORY_LIMIT + 5):
        walls.school.phone = str(n)
        walls.school.save()
    client.force_login(walls.owner)
    response = client.get(history_url(walls.school))
    assert len(response.context["entries"]) == HISTORY_LIMIT
    assert response.context["truncated"]
    # The oldest entry shown still has its "before".
    assert response.context["entries"][-1].changes
