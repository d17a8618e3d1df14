"""Which language a visitor gets: `/` follows the saved choice, then the browser; a prefixed link
keeps its language; the switcher keeps the page and its query."""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_follows_the_browser_language(client):
    response = client.get("/", headers={"accept-language": "ja-JP,ja;q=0.9,en;q=0.5"})
    assert response.status_code == 302
    assert response["Location"] == "/ja/"
    assert "Accept-Language" in response["Vary"] and "Cookie" in response["Vary"]
    response = client.get("/?utm=x", headers={"accept-language": "en-US,en;q=0.8"})
    assert response["Location"] == "/en/?utm=x"


def test_home_stays_indonesian_for_indonesian_browsers_and_by_default(client):
    assert client.get("/", headers={"accept-language": "id-ID,id;q=0.9"}).status_code == 200
    response = client.get("/", headers={"accept-language": "de-DE,fr;q=0.5"})
    assert response.status_code == 200
    assert '<html lang="id"' in response.content.decode()


def test_the_saved_choice_comes_before_the_browser(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/", headers={"accept-language": "ja"})
    assert response["Location"] == "/en/"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    assert client.get("/", headers={"accept-language": "ja"}).status_code == 200


def test_a_signed_in_users_language_comes_first(client, user_factory):
    user = user_factory(language="ja")
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get("/", headers={"accept-language": "en"})["Location"] == "/ja/"


def test_shared_links_open_in_their_language(client):
    english = client.get("/en/partnerships/", headers={"accept-language": "ja"})
    assert english.status_code == 200
    assert '<html lang="en"' in english.content.decode()
    indonesian = client.get("/partnerships/", headers={"accept-language": "ja"})
    assert indonesian.status_code == 200
    assert '<html lang="id"' in indonesian.content.decode()
    japanese = client.get("/ja/partnerships/")
    assert '<html lang="ja"' in japanese.content.decode()


def test_the_switcher_keeps_the_page_and_its_query(client):
    response = client.post(
        reverse("set_language"),
        {"language": "ja", "next": "/partnerships/?status=in_force&page=2"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/ja/partnerships/?status=in_force&page=2"
    response = client.post(
        reverse("set_language"), {"language": "id", "next": "/ja/dashboard/?year_from=2024"}
    )
    assert response["Location"] == "/dashboard/?year_from=2024"
    # ...and the choice is remembered: `/` now stays Indonesian for a Japanese browser.
    assert client.get("/", headers={"accept-language": "ja"}).status_code == 200


def test_dates_and_numbers_follow_the_language(client, agreement_factory, organisation_factory):
    import datetime

    agreement_factory(
        parties=[organisation_factory()], signed_on=datetime.date(2025, 7, 12), title="Contoh"
    )
    pages = {
        lang: client.get(f"{prefix}/partnerships/").content.decode()
        for lang, prefix in [("id", ""), ("en", "/en"), ("ja", "/ja")]
    }
    assert "12 Juli 2025" in pages["id"]
    assert "12 Jul 2025" in pages["en"]  # day first: portal/formats/en (issue 18)
    assert "2025年7月12日" in pages["ja"]
