"""Delete the entries of the access log of trainees' data once they are a year old: the privacy
notice keeps them that long. Run it daily from cron (docs/operations.md), or pass
--enqueue to hand it to the task worker."""

from django.core.management.base import BaseCommand

from trainees.models import DataAccess
from trainees.tasks import purge_access_log


class Command(BaseCommand):
    help = f"Delete access log entries older than {DataAccess.RETENTION_DAYS} days."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Enqueue the purge_access_log task instead of running the purge here.",
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            result = purge_access_log.enqueue()
            self.stdout.write(f"Enqueued purge_access_log (task result {result.id}).")
            return
        removed = purge_access_log.call()
        self.stdout.write(f"Deleted {removed} access log entr{'y' if removed == 1 else 'ies'}.")
