"""Delete the records of trainees who left the programme more than five years ago, with their
stage history: the privacy notice promises it (UU 27/2022). Without --confirm it lists what
would go; cron runs it with --confirm (docs/operations.md, docs/privacy.md)."""

from django.core.management.base import BaseCommand

from trainees import services


class Command(BaseCommand):
    help = (
        "List (or, with --confirm, delete with their history) the trainees at a final stage "
        f"(returned, completed, withdrawn) with no change for {services.RETENTION_YEARS} years."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--confirm",
            action="store_true",
            help="Delete them, and write how many and why in the access log.",
        )

    def handle(self, *args, confirm=False, **options):
        cutoff = services.retention_cutoff()
        if confirm:
            count = services.purge_expired_trainees()
            self.stdout.write(
                f"Deleted {count} trainee record(s) at a final stage with no change since "
                f"before {cutoff}; the access log says how many per cohort."
            )
            return
        # Record numbers, never names: this output goes to a terminal or cron's mail.
        rows = (
            services.expired_trainees()
            .order_by("cohort_id", "pk")
            .values_list("pk", "cohort_id", "stage", "stage_since", "updated_at")
        )
        count = 0
        for pk, cohort, stage, since, updated in rows.iterator(chunk_size=2000):
            count += 1
            self.stdout.write(
                f"trainee {pk}  cohort {cohort}  {stage} since {since}  "
                f"last change {updated:%Y-%m-%d}"
            )
        self.stdout.write(
            f"Would delete {count} trainee record(s) at a final stage with no change since "
            f"before {cutoff}. Run again with --confirm to delete them."
        )
