"""Delete the records of trainees who left the programme more than five years ago, with their
stage history: the privacy notice promises it (UU 27/2022). Run it from cron (README "Deploy")."""

from django.core.management.base import BaseCommand

from trainees import services


class Command(BaseCommand):
    help = (
        "Delete trainees who returned, withdrew or ended a domestic programme, with no change "
        f"for {services.RETENTION_YEARS} years, and their history."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count them, delete nothing.")

    def handle(self, *args, dry_run=False, **options):
        count = services.purge_expired_trainees(dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(f"{verb} {count} trainee record(s) past the retention period.")
