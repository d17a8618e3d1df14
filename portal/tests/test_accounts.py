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


def logs_in(client, username, password):
    response = client.post(reverse("login"), {"username": username, "password": password})
    return response.wsgi_request.user.is_authenticated


def link_in(message):
    import re

    return re.search(r"https?://\S+/reset/\S+/", message.body).group(0)


def test_a_curator_invites_a_head_who_chooses_a_password(
    client, user_factory, organisation_factory, mailoutbox, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Permission

    from portal.models import User

    school = organisation_factory(name="SMKN 3 Seluma")
    curator = user_factory(is_staff=True)
    curator.user_permissions.set(
        Permission.objects.filter(codename__in=["add_user", "change_user", "add_membership"])
    )
    client.force_login(curator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:portal_user_add"),
            {
                "username": "kepala.seluma",
                "first_name": "Rina",
                "last_name": "Wati",
                "email": "rina@example.id",
                "memberships-TOTAL_FORMS": "1",
                "memberships-INITIAL_FORMS": "0",
                "memberships-0-role": "head",
                "memberships-0-organisation": school.pk,
            },
        )
    assert response.status_code == 302
    user = User.objects.get(username="kepala.seluma")
    assert not user.has_usable_password()
    assert user.memberships.get().organisation == school
    (message,) = mailoutbox
    assert message.to == ["rina@example.id"]
    assert message.subject == "Akun Anda di portal kemitraan"
    assert "kepala.seluma" in message.body

    client.logout()
    response = client.get(link_in(message), follow=True)
    assert "Buat kata sandi Anda" in response.content.decode()
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "kopi-tubruk-pagi", "new_password2": "kopi-tubruk-pagi"},
        follow=True,
    )
    assert "Kata sandi Anda telah disimpan" in response.content.decode()
    assert logs_in(client, "kepala.seluma", "kopi-tubruk-pagi")
    # The link works once.
    client.logout()
    response = client.get(link_in(message), follow=True)
    assert "tidak berlaku lagi" in response.content.decode()


def test_an_invitation_from_the_english_admin_is_in_english(
    client, user_factory, mailoutbox, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Permission

    curator = user_factory(is_staff=True)
    curator.user_permissions.set(
        Permission.objects.filter(codename__in=["add_user", "change_user"])
    )
    client.force_login(curator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en" + reverse("admin:portal_user_add"),
            {
                "username": "staff.en",
                "email": "staff@example.id",
                "memberships-TOTAL_FORMS": "0",
                "memberships-INITIAL_FORMS": "0",
            },
        )
    assert response.status_code == 302, response.context["adminform"].form.errors
    (message,) = mailoutbox
    assert message.subject == "Your account on the partnership portal"
    assert "/en/accounts/reset/" in link_in(message)


def test_password_reset_and_change(client, user_factory, mailoutbox):
    user = user_factory(username="asep", email="asep@example.id")
    response = client.post(reverse("password_reset"), {"email": "asep@example.id"}, follow=True)
    assert "Periksa email Anda" in response.content.decode()
    (message,) = mailoutbox
    response = client.get(link_in(message), follow=True)
    client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "teh-manis-hangat", "new_password2": "teh-manis-hangat"},
    )
    assert logs_in(client, "asep", "teh-manis-hangat")

    # An unknown address gets the same answer, and no email.
    client.logout()
    response = client.post(reverse("password_reset"), {"email": "nobody@example.id"}, follow=True)
    assert "Periksa email Anda" in response.content.decode()
    assert len(mailoutbox) == 1

    user.refresh_from_db()
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "teh-manis-hangat",
            "new_password1": "12345678",
            "new_password2": "12345678",
        },
    )
    # Django's validators refuse a numeric, common password, in Indonesian.
    assert response.status_code == 200
    assert "Kata sandi ini seluruhnya terdiri dari angka." in response.content.decode()
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "teh-manis-hangat",
            "new_password1": "nasi-uduk-betawi",
            "new_password2": "nasi-uduk-betawi",
        },
        follow=True,
    )
    assert "Kata sandi Anda telah diganti" in response.content.decode()


def test_one_account_is_locked_whatever_the_address(client, user_factory, settings):
    user_factory(username="asep")
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": "asep", "password": "wrong"},
            REMOTE_ADDR=f"10.0.0.{n + 1}",
        )
    response = client.post(
        reverse("login"),
        {"username": "asep", "password": "correct-horse-battery"},
        REMOTE_ADDR="10.0.9.9",
    )
    assert response.status_code == 429
    assert "satu jam" in response.content.decode()


def test_one_address_is_locked_whatever_the_account(client, user_factory, settings):
    user_factory(username="asep")
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"), {"username": f"tebakan{n}", "password": "x"}, REMOTE_ADDR="10.1.1.1"
        )
    response = client.post(
        reverse("login"),
        {"username": "asep", "password": "correct-horse-battery"},
        REMOTE_ADDR="10.1.1.1",
    )
    assert response.status_code == 429
    # The same account from another address is not locked.
    response = client.post(
        reverse("login"),
        {"username": "asep", "password": "correct-horse-battery"},
        REMOTE_ADDR="10.2.2.2",
    )
    assert response.status_code == 302


def test_sessions_expire(client, user_factory, settings):
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    user_factory(username="asep")
    client.post(reverse("login"), {"username": "asep", "password": "correct-horse-battery"})
    assert client.get(reverse("pages:workspace")).status_code == 200
    session = Session.objects.get()
    assert session.expire_date <= timezone.now() + timezone.timedelta(hours=8, minutes=1)
    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
    response = client.get(reverse("pages:workspace"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_curator_cannot_make_a_superuser_or_take_one_over(client, user_factory):
    from django.contrib.auth.models import Permission

    curator = user_factory(is_staff=True)
    curator.user_permissions.set(Permission.objects.filter(codename__in=["change_user"]))
    root = user_factory(is_staff=True, is_superuser=True)
    client.force_login(curator)
    response = client.post(
        reverse("admin:portal_user_change", args=[root.pk]),
        {"username": root.username, "email": "attacker@example.id", "is_active": "on"},
    )
    assert response.status_code == 403
    root.refresh_from_db()
    assert root.email != "attacker@example.id"
    form = (
        client.get(reverse("admin:portal_user_change", args=[curator.pk])).context["adminform"].form
    )
    assert "is_superuser" not in form.fields
    assert "user_permissions" not in form.fields


def test_error_reports_carry_no_form_data_or_local_variables(rf, settings):
    import sys

    from django.views.debug import ExceptionReporter

    settings.DEBUG = False
    request = rf.post("/cohorts/1/", {"full_name": "Rahmat Hidayat", "nisn": "0051234567"})
    trainee_name = "Rahmat Hidayat"  # noqa: F841 - a local variable the report must not show
    try:
        raise ValueError("boom")
    except ValueError:
        report = ExceptionReporter(request, *sys.exc_info()).get_traceback_text()
    assert "boom" in report
    assert "Rahmat Hidayat" not in report
    assert "0051234567" not in report


def test_logging_in_adds_no_history_but_account_changes_do(client, user_factory):
    user = user_factory(username="asep")
    before = user.history.count()
    client.post(reverse("login"), {"username": "asep", "password": "correct-horse-battery"})
    user.refresh_from_db()
    assert user.last_login is not None
    assert user.history.count() == before
    user.is_staff = True
    user.save()
    assert user.history.count() == before + 1
    assert user.history.first().is_staff
