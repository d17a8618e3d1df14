"""Background work, through Django's tasks framework.

The configured backend (settings.TASKS, TASKS_BACKEND) either stores each enqueued task as a row
that `manage.py db_worker` runs outside the request (django-tasks-db) or runs it at once (the
tests). A task's arguments stay readable in that row after it ran, so they are ids and short
codes only (portal/task_backends.py refuses anything else): the mail tasks below receive a
user's id and build the password link themselves, when they run, from the user's current state
and settings.PORTAL_BASE_URL. The link exists only in the mail.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


def _recipient(user_id, *, needs_password):
    """The active user with an address, or None: the account may have changed since the task
    was queued (deactivated, address removed), and then nothing is sent."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None or (needs_password and not user.has_usable_password()):
        return None
    return user


def _language(code, user):
    languages = dict(settings.LANGUAGES)
    for candidate in (code, user.language):
        if candidate in languages:
            return candidate
    return settings.LANGUAGE_CODE


def _password_link_context(user):
    """What the mail templates need to write the one-use link to choose a password: Django's
    password-reset link, valid for PASSWORD_RESET_TIMEOUT and spent once the password changes."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    base = settings.PORTAL_BASE_URL
    protocol, domain = base.split("://", 1)
    path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return {
        "user": user,
        "email": user.email,
        "uid": uid,
        "token": token,
        "protocol": protocol,
        "domain": domain,
        "site_name": domain,
        "link": base + path,
    }


def _send(user, language, subject_template, body_template):
    with translation.override(_language(language, user)):
        context = _password_link_context(user)
        subject = "".join(render_to_string(subject_template, context).splitlines())
        body = render_to_string(body_template, context)
    send_mail(subject=subject, message=body, from_email=None, recipient_list=[user.email])


@task
def send_invitation(user_id, language):
    """Email a new account the link where they choose their password."""
    user = _recipient(user_id, needs_password=False)
    if user is not None:
        _send(
            user,
            language,
            "registration/invitation_subject.txt",
            "registration/invitation_email.txt",
        )


@task
def send_password_reset(user_id, language):
    """Email the link to choose a new password to a user who asked for it (the public
    "forgotten password" form): only to an active account that has a password, as Django's
    PasswordResetForm does."""
    user = _recipient(user_id, needs_password=True)
    if user is not None:
        _send(
            user,
            language,
            "registration/password_reset_subject.txt",
            "registration/password_reset_email.html",
        )
