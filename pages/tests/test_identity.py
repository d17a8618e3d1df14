"""Who runs the portal, how it handles personal data, how to reach it; the favicon and the
meta descriptions that a shared link shows."""

import re

import pytest
from django.urls import reverse


@pytest.mark.parametrize("name", ["pages:about", "pages:privacy", "pages:contact"])
def test_identity_pages_are_public_and_linked_from_every_page(client, db, name, settings):
    settings.PORTAL_CONTACT_EMAIL = "kontak@portal.example.go.id"
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    home = client.get(reverse("pages:home")).content.decode()
    assert f'href="{reverse(name)}"' in home
    description = re.search(r'<meta name="description" content="([^"]+)">', html)
    assert description and len(description.group(1)) > 40
    if name != "pages:about":
        assert "kontak@portal.example.go.id" in html


def test_the_privacy_notice_answers_what_the_law_asks(client, db):
    html = client.get(reverse("pages:privacy")).content.decode()
    assert "27 Tahun 2022" in html
    for words in ["NISN", "tanggal lahir", "24 jam", "lima tahun", "3 × 24 jam"]:
        assert words in html, words


def test_favicon_is_served_and_linked(client, db):
    home = client.get(reverse("pages:home")).content.decode()
    assert 'rel="icon"' in home and "favicon.svg" in home
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")


def test_pages_have_their_own_description(client, db):
    default = re.search(
        r'<meta name="description" content="([^"]+)">',
        client.get(reverse("pages:home")).content.decode(),
    ).group(1)
    about = re.search(
        r'<meta name="description" content="([^"]+)">',
        client.get(reverse("pages:about")).content.decode(),
    ).group(1)
    assert default != about
