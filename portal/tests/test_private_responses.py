"""Pages with personal data are never kept by the browser: school computers are shared.

Every response to a signed-in user is `Cache-Control: private, no-store`; public pages seen by
anonymous visitors are left as they are.
"""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def trainee(walls, cohort_factory, trainee_factory):
    return trainee_factory(cohort=cohort_factory(institution=walls.school))


def personal_pages(trainee, agreement):
    cohort = trainee.cohort
    return [
        reverse("trainees:trainee-detail", args=[trainee.pk]),
        reverse("trainees:trainee-edit", args=[trainee.pk]),
        reverse("trainees:trainee-history", args=[trainee.pk]),
        reverse("trainees:cohort-detail", args=[cohort.pk]),
        reverse("trainees:cohort-history", args=[cohort.pk]),
        reverse("trainees:cohort-import", args=[cohort.pk]),
        reverse("trainees:cohort-export", args=[cohort.pk]) + "?format=csv",
        reverse("trainees:cohort-export", args=[cohort.pk]) + "?format=xlsx",
        reverse("trainees:cohort-list"),
        reverse("partnerships:agreement-document", args=[agreement.pk]),
        reverse("pages:workspace"),
    ]


@pytest.fixture
def agreement(walls, agreement_factory, organisation_factory):
    agreement = agreement_factory(parties=[walls.school, organisation_factory(japanese=True)])
    agreement.document.save("x.pdf", ContentFile(PDF))
    return agreement


def directives(response):
    return {d.strip() for d in response.get("Cache-Control", "").split(",") if d.strip()}


@pytest.mark.parametrize("actor", ["owner", "staff", "curator"])
def test_every_page_with_personal_data_is_private_and_not_stored(
    client, walls, trainee, agreement, actor
):
    client.force_login(getattr(walls, actor))
    for url in personal_pages(trainee, agreement):
        response = client.get(url)
        assert response.status_code == 200, url
        assert {"private", "no-store"} <= directives(response), url


def test_the_cohort_of_an_official_is_private_too(client, walls, trainee):
    client.force_login(walls.official)
    response = client.get(reverse("trainees:cohort-detail", args=[trainee.cohort.pk]))
    assert {"private", "no-store"} <= directives(response)


def test_the_admin_keeps_its_own_never_cache_and_is_private(client, walls, trainee):
    walls.curator.is_superuser = True
    walls.curator.save()
    client.force_login(walls.curator)
    response = client.get(reverse("admin:trainees_trainee_change", args=[trainee.pk]))
    assert {"private", "no-store", "no-cache", "must-revalidate"} <= directives(response)


def test_public_pages_for_anonymous_visitors_are_left_cacheable(client, walls):
    for url in [reverse("pages:home"), reverse("partnerships:organisation-list")]:
        assert "no-store" not in directives(client.get(url))


@pytest.mark.parametrize(
    ("name", "path", "extra", "status"),
    [
        ("control character", "/organisations/%0d%0a/", {}, 400),
        ("bad Host", "/", {"HTTP_HOST": "evil.example"}, 400),
        ("language redirect", "/", {}, 302),
        ("no trailing slash", "/en", {}, 301),
        ("not found", "/tidak-ada/", {}, 404),
    ],
)
def test_answers_made_before_the_user_is_known_are_private_too(
    client, walls, name, path, extra, status
):
    walls.owner.language = "en"  # "/" sends them to /en/
    walls.owner.save()
    client.force_login(walls.owner)
    response = client.get(path, **extra)
    assert response.status_code == status, name
    assert {"private", "no-store"} <= directives(response), name


def test_static_files_keep_their_own_caching(client, walls, settings):
    settings.WHITENOISE_USE_FINDERS = True  # served from the source folders, as by runserver
    settings.WHITENOISE_AUTOREFRESH = True
    client.force_login(walls.owner)
    response = client.get("/static/css/portal.css")
    assert response.status_code == 200
    assert "no-store" not in directives(response)
    missing = client.get("/static/css/tidak-ada.css")  # not a static file: a page, private
    assert missing.status_code == 404
    assert {"private", "no-store"} <= directives(missing)
