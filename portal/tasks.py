"""Background work, through Django's tasks framework.

The configured backend (settings.TASKS, TASKS_BACKEND) either stores each enqueued task as a row
that `manage.py db_worker` runs outside the request (django-tasks-db) or runs it at once
(the tests). Arguments are plain JSON values: never a
model instance, never personal data beyond the recipient's address.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


@task
def send_email(subject, body, recipient):
    send_mail(subject=subject, message=body, from_email=None, recipient_list=[recipient])


@task
def send_invitation(user_id, base_url, language):
    """Email a new account the link where they choose their password.

    The link is Django's password-reset link: valid for PASSWORD_RESET_TIMEOUT and used once
    (the token changes with the password)."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return
    with translation.override(language):
        path = reverse(
            "password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        context = {"user": user, "link": base_url.rstrip("/") + path}
        subject = render_to_string("registration/invitation_subject.txt", context).strip()
        body = render_to_string("registration/invitation_email.txt", context)
    send_mail(subject=subject, message=body, from_email=None, recipient_list=[user.email])
