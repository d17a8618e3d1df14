"""Every protected view, tried by every kind of visitor.

The actors (conftest.walls): the head and a staff member of a Bengkulu school (the owner), the
head of another Bengkulu school, an official of Bengkulu, an official of Banten, a curator, and
an anonymous visitor.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerships.models import Agreement

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
LOGIN = "login"
ACTORS = ["owner", "staff", "other", "official", "far_official", "curator", "anonymous"]


@pytest.fixture
def agreement(walls, agreement_factory, organisation_factory, settings, tmp_path):
    """An agreement of the owner's school with a Japanese partner, with a restricted PDF."""
    settings.MEDIA_ROOT = tmp_path
    from django.core.files.base import ContentFile

    agreement = agreement_factory(parties=[walls.school, organisation_factory(japanese=True)])
    agreement.document.save("x.pdf", ContentFile(PDF))
    return agreement


def outcome(response):
    if response.status_code == 302 and reverse(LOGIN) in response["Location"]:
        return LOGIN
    return response.status_code


def visit(client, walls, actor, url, method="get", data=None):
    if actor != "anonymous":
        client.force_login(getattr(walls, actor))
    return getattr(client, method)(url, data or {})


# (view, expected outcome per actor, in ACTORS order)
READ_CASES = {
    "organisation-history": [200, 200, 404, 200, 404, 200, LOGIN],
    "agreement-history": [200, 200, 404, 200, 404, 200, LOGIN],
    "restricted-document": [200, 200, 404, 200, 404, 200, LOGIN],
    "organisation-edit-form": [200, 403, 404, 403, 404, 200, LOGIN],
}


def url_for(case, walls, agreement):
    return {
        "organisation-history": reverse(
            "partnerships:organisation-history", args=[walls.school.slug]
        ),
        "agreement-history": reverse("partnerships:agreement-history", args=[agreement.pk]),
        "restricted-document": reverse("partnerships:agreement-document", args=[agreement.pk]),
        "organisation-edit-form": reverse(
            "partnerships:organisation-edit", args=[walls.school.slug]
        ),
    }[case]


@pytest.mark.parametrize("case", READ_CASES)
@pytest.mark.parametrize("actor", ACTORS)
def test_who_may_open_what(client, walls, agreement, case, actor):
    response = visit(client, walls, actor, url_for(case, walls, agreement))
    assert outcome(response) == READ_CASES[case][ACTORS.index(actor)]


@pytest.mark.parametrize(
    "actor, expected",
    list(zip(ACTORS, [302, 403, 404, 403, 404, 302, LOGIN], strict=True)),
)
def test_who_may_change_a_school_profile(client, walls, actor, expected):
    url = reverse("partnerships:organisation-edit", args=[walls.school.slug])
    data = {"phone": "0732 999", "seen_version": walls.school.version}
    response = visit(client, walls, actor, url, "post", data)
    assert outcome(response) == expected
    walls.school.refresh_from_db()
    assert (walls.school.phone == "0732 999") == (expected == 302)


def test_denials_explain_themselves(client, walls):
    client.force_login(walls.official)
    response = client.get(reverse("partnerships:organisation-edit", args=[walls.school.slug]))
    assert response.status_code == 403
    assert "dapat membaca data ini, tetapi tidak dapat mengubahnya" in response.content.decode()


def test_a_public_document_is_anyones(client, agreement):
    Agreement.objects.filter(pk=agreement.pk).update(document_is_public=True)
    response = client.get(reverse("partnerships:agreement-document", args=[agreement.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_a_restricted_document_is_not_cached_by_proxies(client, walls, agreement):
    client.force_login(walls.owner)
    response = client.get(reverse("partnerships:agreement-document", args=[agreement.pk]))
    assert "no-store" in response["Cache-Control"]


def test_uploads_have_no_public_address(client, agreement, settings):
    response = client.get(settings.MEDIA_URL + agreement.document.name)
    assert response.status_code == 404


@pytest.mark.parametrize("actor", ACTORS)
def test_pages_offer_only_what_the_visitor_may_do(client, walls, agreement, actor):
    can_edit = actor in {"owner", "curator"}
    can_read = actor in {"owner", "staff", "official", "curator"}
    if actor != "anonymous":
        client.force_login(getattr(walls, actor))
    page = client.get(walls.school.get_absolute_url()).content.decode()
    assert (reverse("partnerships:organisation-edit", args=[walls.school.slug]) in page) == (
        can_edit
    )
    assert (
        reverse("partnerships:organisation-history", args=[walls.school.slug]) in page
    ) == can_read
    page = client.get(agreement.get_absolute_url()).content.decode()
    document_url = reverse("partnerships:agreement-document", args=[agreement.pk])
    assert (document_url in page) == can_read
    assert (reverse("partnerships:agreement-history", args=[agreement.pk]) in page) == can_read


def test_the_workspace_needs_a_login(client):
    response = client.get(reverse("pages:workspace"))
    assert outcome(response) == LOGIN


@pytest.mark.parametrize(
    "actor, present, absent",
    [
        ("owner", ["SMK Pemilik", "Ubah profil"], ["SMK Tetangga", "Provinsi saya"]),
        ("staff", ["SMK Pemilik", "Riwayat perubahan"], ["Ubah profil"]),
        ("official", ["Provinsi saya", "Bengkulu"], ["Ubah profil", "Lembaga saya"]),
        ("far_official", ["Banten"], ["Bengkulu", "Ubah profil"]),
        ("curator", ["Buka halaman kurasi"], ["Lembaga saya", "Provinsi saya"]),
    ],
)
def test_the_workspace_shows_each_role_its_own(client, walls, actor, present, absent):
    client.force_login(getattr(walls, actor))
    page = client.get(reverse("pages:workspace")).content.decode()
    for text in present:
        assert text in page, text
    for text in absent:
        assert text not in page, text


def test_a_user_without_a_role_is_told_what_to_do(client, user_factory):
    client.force_login(user_factory())
    page = client.get(reverse("pages:workspace")).content.decode()
    assert "belum terhubung ke lembaga atau provinsi" in page


def test_a_forged_form_cannot_change_what_the_curators_keep(client, walls):
    client.force_login(walls.owner)
    url = reverse("partnerships:organisation-edit", args=[walls.school.slug])
    response = client.post(
        url,
        {
            "phone": "0732 1",
            "seen_version": walls.school.version,
            "name": "Sekolah Lain",
            "kind": "government",
            "npsn": "99999999",
            "province": "1",
            "is_demo": "on",
        },
    )
    assert response.status_code == 302
    walls.school.refresh_from_db()
    assert walls.school.phone == "0732 1"
    assert walls.school.name == "SMK Pemilik"
    assert walls.school.kind == "school"
    assert walls.school.npsn != "99999999"


def test_script_in_a_profile_is_shown_as_text(client, walls):
    client.force_login(walls.owner)
    url = reverse("partnerships:organisation-edit", args=[walls.school.slug])
    client.post(
        url,
        {"description": "<script>alert(1)</script>", "seen_version": walls.school.version},
    )
    page = client.get(walls.school.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    history = client.get(
        reverse("partnerships:organisation-history", args=[walls.school.slug])
    ).content.decode()
    assert "<script>alert(1)</script>" not in history


def test_scoping_querysets_agree_with_the_views(walls, agreement):
    from partnerships.models import Organisation

    def visible(model, user):
        return set(model.objects.visible_to(user).values_list("pk", flat=True))

    assert visible(Organisation, walls.owner) == {walls.school.pk}
    assert visible(Organisation, walls.official) >= {walls.school.pk, walls.other_school.pk}
    assert walls.school.pk not in visible(Organisation, walls.far_official)
    assert visible(Agreement, walls.owner) == {agreement.pk}
    assert visible(Agreement, walls.other) == set()
    assert visible(Agreement, walls.official) == {agreement.pk}
    assert visible(Agreement, walls.far_official) == set()
    assert Organisation.objects.changeable_by(walls.staff).count() == 0
    assert set(
        Organisation.objects.changeable_by(walls.staff, roles=("head", "staff")).values_list(
            "pk", flat=True
        )
    ) == {walls.school.pk}
    # An agreement with two parties of one user's province appears once.
    assert Agreement.objects.visible_to(walls.curator).count() == Agreement.objects.count()


@pytest.mark.parametrize("extra", [0, 12])
def test_workspace_query_budget(client, walls, organisation_factory, user_factory, extra):
    from portal.models import Province

    provinces = list(Province.objects.exclude(pk=walls.school.province_id)[:extra])
    schools = [organisation_factory() for _ in range(extra)]
    user = user_factory(
        memberships=[
            ("head", walls.school),
            ("official", walls.school.province),
            *[("staff", s) for s in schools],
            *[("official", p) for p in provinces],
        ]
    )
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("pages:workspace"))
    assert response.status_code == 200
    assert len(response.context["institutions"]) == extra + 1
    # 15 whatever the provinces: the officials' seven headline figures (organisations,
    # agreements, in force, cohorts, trainees, sent, in Japan) are one grouped query each.
    assert len(queries) <= 15, [q["sql"] for q in queries]


def test_login_pages_speak_english_too(client):
    assert "Forgotten your password?" in client.get("/en/accounts/login/").content.decode()
    page = client.get("/en/accounts/password_reset/").content.decode()
    assert "Enter the email address of your account" in page
