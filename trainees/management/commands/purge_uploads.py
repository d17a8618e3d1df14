"""Delete rosters left unconfirmed for more than a day: they hold trainees' personal data.

Run it from cron (see docs/operations.md), or pass --enqueue to hand it to the task backend.
"""

from django.core.management.base import BaseCommand

from trainees.tasks import purge_stale_uploads


class Command(BaseCommand):
    help = "Delete the uploaded rosters that were never confirmed and are more than a day old."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Enqueue the purge_stale_uploads task instead of running the purge here.",
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            result = purge_stale_uploads.enqueue()
            self.stdout.write(f"Enqueued purge_stale_uploads (task result {result.id}).")
            return
        removed = purge_stale_uploads.call()
        self.stdout.write(f"Removed {removed} unconfirmed roster file(s).")
