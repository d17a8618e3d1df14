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


def test_a_membership_names_the_right_scope(user_factory, organisation_factory, bengkulu):
    from django.core.exceptions import ValidationError

    from portal.models import Membership

    user = user_factory()
    school = organisation_factory()
    with pytest.raises(ValidationError) as caught:
        Membership(user=user, role="head").full_clean()
    assert "organisation" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        Membership(user=user, role="official", organisation=school).full_clean()
    assert set(caught.value.message_dict) == {"province", "organisation"}
    # The database refuses it too, whatever the code path.
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, role="staff", province=bengkulu)
    # One user, several memberships.
    Membership.objects.create(user=user, role="head", organisation=school)
    Membership.objects.create(user=user, role="official", province=bengkulu)
    assert user.memberships.count() == 2
