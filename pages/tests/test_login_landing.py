"""Where logging in lands: the workspace, in the language the user saved, unless a protected
page sent them to log in (`next`), which they go back to as it was. The menu's link names no
`next`."""

import html
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def menu_login_link(client, path):
    """The href of the menu's "Log in" link on the page at `path`, as an anonymous visitor sees
    it."""
    page = client.get(path).content.decode()
    nav = page[page.index('id="main-nav"') : page.index("</nav>", page.index('id="main-nav"'))]
    links = re.findall(r'href="([^"]*/accounts/login/[^"]*)"', nav)
    assert len(links) == 1, links
    return links[0]


def log_in_through(client, login_url, username):
    """Open the login page at `login_url` and send its form as a browser would: with the
    hidden `next` the page carries."""
    page = client.get(login_url).content.decode()
    form = page[page.index("<main") :]  # the login form's, not the language switcher's
    next_value = html.unescape(re.search(r'name="next" value="([^"]*)"', form).group(1))
    return client.post(login_url, {"username": username, "password": PASSWORD, "next": next_value})


@pytest.mark.parametrize(
    "language, workspace",
    [("id", "/me/"), ("en", "/en/me/"), ("ja", "/ja/me/")],
)
def test_the_menu_login_lands_on_the_workspace_in_the_saved_language(
    client, user_factory, language, workspace
):
    user_factory(username="asep", language=language)
    # From a page deep in the Indonesian site, not the workspace.
    link = menu_login_link(client, reverse("partnerships:agreement-list") + "?province=17")
    assert link == reverse("login")  # no `next`: the page you were on is not where you land
    response = log_in_through(client, link, "asep")
    assert response.status_code == 302
    assert response["Location"] == workspace
    with translation.override(language):
        assert workspace == reverse("pages:workspace")
    # Later pages outside the language prefixes (the home page `/`) follow the cookie.
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == language
    assert client.get(workspace).status_code == 200


def test_the_saved_language_wins_over_the_login_page_s(client, user_factory):
    user_factory(username="asep", language="ja")
    link = menu_login_link(client, "/en" + reverse("partnerships:agreement-list"))
    assert link == "/en/accounts/login/"
    response = log_in_through(client, link, "asep")
    assert response["Location"] == "/ja/me/"


def test_without_a_saved_language_the_login_page_s_language_stays(client, user_factory):
    user_factory(username="asep", language="")
    response = log_in_through(client, "/en/accounts/login/", "asep")
    assert response["Location"] == "/en/me/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


@pytest.mark.parametrize("language", ["id", "ja"])
def test_a_protected_page_sends_back_to_itself_in_its_own_language(client, user_factory, language):
    user_factory(username="asep", language=language)
    cohorts = "/en" + reverse("trainees:cohort-list")
    refused = client.get(cohorts)
    assert refused.status_code == 302
    login_url = refused["Location"]
    assert login_url.startswith(reverse("login") + "?next=")
    response = log_in_through(client, login_url, "asep")
    assert response.status_code == 302
    assert response["Location"] == cohorts  # English, whatever the saved language
    assert client.get(cohorts).status_code == 200


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/me/", "https:evil.example"]
)
def test_a_next_to_another_site_lands_on_the_workspace(client, user_factory, next_url):
    user_factory(username="asep", language="en")
    response = client.post(
        reverse("login"), {"username": "asep", "password": PASSWORD, "next": next_url}
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/me/"


def test_a_wrong_password_still_counts_toward_the_lockout(client, user_factory):
    user_factory(username="asep", language="ja")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        refused = client.post(reverse("login"), {"username": "asep", "password": "wrong"})
        assert refused.status_code in (200, 429)
        assert settings.LANGUAGE_COOKIE_NAME not in refused.cookies
    response = client.post(reverse("login"), {"username": "asep", "password": PASSWORD})
    assert response.status_code == 429
    assert not response.wsgi_request.user.is_authenticated
