from django.contrib.auth.forms import PasswordResetForm
from django.template import loader

from portal.tasks import send_email


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, with the email sent through the tasks framework."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        send_email.enqueue(subject, body, to_email)
