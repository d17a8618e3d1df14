"""The language switcher remembers a signed-in user's choice on their account (User.language),
so that mail sent outside a request (the expiry reminders) speaks it too."""

import pytest
from django.urls import reverse

from portal.models import User


def switch(client, language, next_url="/"):
    return client.post(reverse("set_language"), {"language": language, "next": next_url})


def test_a_signed_in_user_s_choice_is_saved(client, user_factory):
    user = user_factory()
    client.force_login(user)

    response = switch(client, "en", reverse("pages:workspace"))

    assert response.status_code == 302
    assert response.url == "/en/me/"
    user.refresh_from_db()
    assert user.language == "en"

    switch(client, "id")
    user.refresh_from_db()
    assert user.language == "id"


def test_the_switch_still_sets_the_cookie(client, user_factory, settings):
    client.force_login(user_factory())

    response = switch(client, "en")

    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


@pytest.mark.parametrize("language", ["xx", "", "de"])
def test_a_language_the_site_does_not_offer_is_not_saved(client, user_factory, language):
    user = user_factory()
    client.force_login(user)

    response = switch(client, language)

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == ""


def test_an_anonymous_visitor_switches_without_an_account(client, user_factory):
    user = user_factory()

    response = switch(client, "en")

    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
    user.refresh_from_db()
    assert user.language == ""


def test_a_get_request_changes_nothing(client, user_factory):
    user = user_factory()
    client.force_login(user)

    client.get(reverse("set_language"), {"language": "en"})

    user.refresh_from_db()
    assert user.language == ""


def test_only_the_language_is_written(client, user_factory):
    user = user_factory(first_name="Sari")
    client.force_login(user)
    User.objects.filter(pk=user.pk).update(first_name="Dewi")  # changed meanwhile elsewhere

    switch(client, "en")

    user.refresh_from_db()
    assert (user.language, user.first_name) == ("en", "Dewi")


def test_the_language_is_on_the_user_admin_pages(admin_client, user_factory):
    user = user_factory()

    change = admin_client.get(reverse("admin:portal_user_change", args=[user.pk]))
    add = admin_client.get(reverse("admin:portal_user_add"))

    assert 'name="language"' in change.text
    assert 'name="language"' in add.text


def test_a_curator_sets_a_user_s_language_in_the_admin(admin_client, user_factory):
    admin_client.post(
        reverse("admin:portal_user_add"),
        {
            "username": "baru",
            "email": "baru@example.id",
            "language": "en",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )

    assert User.objects.get(username="baru").language == "en"
