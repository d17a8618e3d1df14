"""Fill a fresh PostgreSQL database with bulk data of national shape, for load tests.

    manage.py seed_bulk --scale 1       # the national size
    manage.py seed_bulk --scale 0.01    # the comparison point

At scale 1: 20,000 organisations (14,000 SMKs over the 38 provinces and their regencies,
3,000 BLK/BPVP/LPK, 1,500 Japanese cooperatives, companies, foundations and prefectures,
600 government bodies, 400 associations with their members, 500 industries), 20,000
agreements (one of each status at least) with 50,000 parties and their programmes, a national
forum where 760 were signed and 150 smaller events, 10,000 cohorts with their partners and
agreements, 300,000 trainees with about 1.6 million stage changes, and 2,000 heads and staff of
the institutions that run the most cohorts, one official per province and a curator
(`bulk-curator`), all with the password "bulk-pass-2025". Every record that keeps history gets
its "+" history row. Fractions of the scale are allowed; the same --seed gives the same data.

Measured on a 2-core machine, PostgreSQL 15 from scripts/with-postgres.sh, after `migrate`:
- scale 0.01: 0.7 s to load (1.3 s with Django's start), peak RSS 79 MB, database 17 MB
  (11 MB of it the empty schema);
- scale 1: 31 s to load, peak RSS 147 MB, database 502 MB (trainees_stagechange 224 MB,
  trainees_historicaltrainee 100 MB, trainees_trainee 85 MB, the rest under 15 MB each).

It needs PostgreSQL (rows go in with COPY) and is meant for a fresh database: it refuses to
run twice (bulk organisation slugs and usernames start with "bulk-"); drop the database and
migrate again instead. Like load_demo it refuses to run with DEBUG off unless given
--allow-production: the accounts have a published password.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from devtools import bulk


class Command(BaseCommand):
    help = "Fill a fresh PostgreSQL database with bulk data of national shape (load tests)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=bulk.positive_scale,
            required=True,
            help="1 is the national size (300,000 trainees); fractions allowed, e.g. 0.01.",
        )
        parser.add_argument(
            "--seed", type=int, default=2025, help="Seed of the random draws (default 2025)."
        )
        parser.add_argument(
            "--users",
            type=int,
            default=None,
            help="Heads and staff of institutions (default 2,000 times the scale), besides "
            "one official per province and the curator.",
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load even with DEBUG off. The bulk accounts have a published password.",
        )

    def handle(self, *args, scale, seed, users, allow_production, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "DEBUG is off: this looks like production, and the bulk accounts have a "
                "published password. Pass --allow-production if you really mean it."
            )
        if users is not None and users < 0:
            raise CommandError("--users cannot be negative.")
        organisations, accounts = bulk.existing_bulk_data()
        if organisations or accounts:
            raise CommandError(
                f"This database already holds bulk data ({organisations} organisations and "
                f'{accounts} users whose slug or username starts with "{bulk.PREFIX}"). '
                "seed_bulk is meant for a fresh database: drop it, migrate and run again."
            )
        started = time.perf_counter()
        self.stdout.write(f"Loading bulk data at scale {scale:g} (seed {seed})...")
        seeder = bulk.Seeder(scale=scale, seed=seed, users=users, log=self.stdout.write)
        with transaction.atomic():
            counts = seeder.run()
        analysed = time.perf_counter()
        with connection.cursor() as cursor:
            for table in sorted(counts):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
        self.stdout.write(f"  {'analyze':<14} {time.perf_counter() - analysed:6.1f} s")
        self.stdout.write("Rows written:")
        for label, count in sorted(counts.items()):
            self.stdout.write(f"  {label:<42} {count:>10,}")
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"Bulk data loaded in {elapsed:.1f} s."))
        self.stdout.write(f'Logins (password for all: "{bulk.PASSWORD}"):')
        for usernames, what in seeder.account_summary():
            self.stdout.write(f"  {usernames:<40} {what}")
