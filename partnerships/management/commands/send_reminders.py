"""Enqueue today's expiry reminders for the task worker; the daily cron job (docs/operations.md).

With --now the reminders are sent by this process instead, without a worker.
"""

from django.core.management.base import BaseCommand

from partnerships.tasks import send_expiry_reminders


class Command(BaseCommand):
    help = (
        "Enqueue the task that emails reminders of agreements expiring in 90, 30 and 7 days "
        "(each once); --now sends them here instead."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            action="store_true",
            help="Send the reminders in this process instead of enqueueing the task.",
        )

    def handle(self, *args, now=False, **options):
        if now:
            count = send_expiry_reminders.call()
            self.stdout.write(f"Sent {count} expiry reminder email(s).")
            return
        result = send_expiry_reminders.enqueue()
        self.stdout.write(
            f"Enqueued send_expiry_reminders (task result {result.id}, {result.status})."
        )
