from django.contrib.auth.forms import PasswordResetForm
from django.utils import translation

from portal.tasks import send_password_reset


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, with the mail sent by the task worker.

    The task receives the user's id and builds the link when it runs (portal/tasks.py): no
    token or link is ever written to the task's row, which curators can read."""

    def save(self, *args, **kwargs):
        language = translation.get_language()
        for user in self.get_users(self.cleaned_data["email"]):
            send_password_reset.enqueue(user.pk, language)
