"""Measure the roster import: check and save N rows (10,000 by default), then roll back.

make benchmark            # against a throwaway PostgreSQL
manage.py benchmark_import --format xlsx
"""

import datetime
import io
import time
import tracemalloc
from pathlib import Path

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction
from openpyxl import Workbook

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
        parser.add_argument("--format", dest="file_format", choices=["csv", "xlsx"], default="csv")

    def handle(self, *args, rows, memory, file_format, **options):
        header = ["nama", "NISN", "jk", "lahir", "NPSN", "bahasa", "bidang", "tahap"]
        body = [
            [f"Peserta Fiktif {n}", f"{7000000000 + n}", "L" if n % 2 else "P"]
            + [datetime.date(2007, 5, 17), "", "N5", "las", ""]
            for n in range(rows)
        ]
        if file_format == "csv":
            lines = [header] + [[str(value) for value in row] for row in body]
            data = "".join(",".join(line) + "\n" for line in lines).encode()
        else:
            workbook = Workbook(write_only=True)
            sheet = workbook.create_sheet()
            for line in [header, *body]:
                sheet.append(line)
            buffer = io.BytesIO()
            workbook.save(buffer)
            data = buffer.getvalue()
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
                result = roster.check(SimpleUploadedFile(f"peserta.{file_format}", data), cohort)
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
            f"{rows} rows, {file_format} {len(data) / 1e6:.2f} MB: "
            f"check {checked - started:.2f} s, save {saved - checked:.2f} s, "
            f"total {saved - started:.2f} s"
            + (f", peak Python memory {peak / 1e6:.0f} MB" if memory else "")
            + " (rolled back)"
        )
        self.time_hostile_sheet(cohort)

    def time_hostile_sheet(self, cohort):
        """The test data's small sheet that declares A1:XFD20000: read within its header."""
        path = Path(apps.get_app_config("trainees").path) / "tests" / "data" / "wide_hostile.xlsx"
        started = time.perf_counter()
        # The cohort was rolled back above; check() reads its fields only, never its row.
        result = roster.check(SimpleUploadedFile(path.name, path.read_bytes()), cohort)
        self.stdout.write(
            f"hostile sheet {path.name} ({path.stat().st_size / 1e3:.0f} KB, declares "
            f"A1:XFD20000): {len(result.rows)} rows read in {time.perf_counter() - started:.3f} s"
        )
