"""Background work of the partnerships app, through Django's tasks framework (see
portal/tasks.py)."""

from django.tasks import task

from partnerships import reminders


@task
def send_expiry_reminders():
    """Send the expiry reminders due today (partnerships/reminders.py); return how many mails
    were sent. Safe to run twice, and by several workers at once."""
    return reminders.send_due_reminders()
