from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from devtools.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = (
        "Load the demo data from the seed articles and the demo accounts. Safe to run again: "
        "records are updated, never duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load even with DEBUG off. The demo accounts have a published password.",
        )

    def handle(self, *args, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "DEBUG is off: this looks like production, and the demo accounts have a "
                "published password. Pass --allow-production if you really mean it."
            )
        accounts = load_demo()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, role in accounts:
            self.stdout.write(f"  {username:<20} {role}")
