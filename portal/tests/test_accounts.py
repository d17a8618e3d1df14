import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_and_logout(client, user_factory):
    user_factory(username="asep")
    response = client.post(
        reverse("login"), {"username": "asep", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert response.wsgi_request.user.is_authenticated
    client.post(reverse("logout"))
    assert "_auth_user_id" not in client.session


def test_repeated_failures_lock_the_login(client, user_factory, settings):
    user_factory(username="asep")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "asep", "password": "wrong"})
    # Even the right password is refused while locked.
    response = client.post(
        reverse("login"), {"username": "asep", "password": "correct-horse-battery"}
    )
    assert response.status_code == 429
    assert not response.wsgi_request.user.is_authenticated


def test_institution_staff_must_name_their_institution(user_factory):
    from django.core.exceptions import ValidationError

    user = user_factory.build(role="institution")
    with pytest.raises(ValidationError) as caught:
        user.full_clean()
    assert "organisation" in caught.value.message_dict
