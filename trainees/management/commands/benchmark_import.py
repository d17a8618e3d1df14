"""Measure the roster import: check and save N rows (10,000 by default), then roll back.

make benchmark            # against a throwaway PostgreSQL
"""

import time
import tracemalloc

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction

from partnerships.models import Organisation, Programme
from portal.models import Province
from trainees import roster
from trainees.models import Cohort, Trainee


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time the roster import of N rows (check, then save in one transaction), rolled back."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=roster.MAX_ROWS)
        parser.add_argument(
            "--memory", action="store_true", help="Also trace memory (slows the run down)."
        )

    def handle(self, *args, rows, memory, **options):
        header = "nama,NISN,jk,lahir,NPSN,bahasa,bidang,tahap\n"
        body = "".join(
            f"Peserta Fiktif {n},{7000000000 + n},{'L' if n % 2 else 'P'},2007-05-17,,N5,las,\n"
            for n in range(rows)
        )
        data = (header + body).encode()
        try:
            with transaction.atomic():
                school = Organisation.objects.create(
                    name="Sekolah Tolok Ukur",
                    kind="school",
                    category="smk",
                    slug="tolok-ukur",
                    province=Province.objects.get(code="17"),
                )
                cohort = Cohort.objects.create(
                    name="Tolok ukur",
                    institution=school,
                    intake_year=2026,
                    programme=Programme.objects.first(),
                )
                if memory:
                    tracemalloc.start()
                started = time.perf_counter()
                result = roster.check(SimpleUploadedFile("peserta.csv", data), cohort)
                checked = time.perf_counter()
                count = roster.save(result, cohort, None)
                saved = time.perf_counter()
                peak = tracemalloc.get_traced_memory()[1] if memory else 0
                tracemalloc.stop()
                assert result.ok and count == rows == Trainee.objects.filter(cohort=cohort).count()
                raise Rollback
        except Rollback:
            pass
        self.stdout.write(
            f"{rows} rows, {len(data) / 1e6:.2f} MB: check {checked - started:.2f} s, "
            f"save {saved - checked:.2f} s, total {saved - started:.2f} s"
            + (f", peak Python memory {peak / 1e6:.0f} MB" if memory else "")
            + " (rolled back)"
        )
