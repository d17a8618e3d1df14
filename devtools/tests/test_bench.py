"""manage.py bench (make bench) runs end to end at tiny scales: every key page answers, the
table names each of them and the JSON holds both scales; its databases are dropped after."""

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection

from devtools.management.commands.bench import database_name

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.slow,  # seeds two databases and runs every page
]

PAGES = [
    "home",
    "directory",
    "partnerships",
    "partnerships filtered",
    "partnerships searched",
    "agreement",
    "event",
    "province",
    "national dashboard",
    "national dashboard narrowed",
    "province dashboard curator",
    "province report xlsx",
    "province report pdf",
    "workspace official",
    "workspace head",
    "cohort list",
    "cohort",
    "trainee form",
    "cohort form",
    "export csv",
    "export xlsx",
    "admin agreements",
    "admin organisations",
    "admin trainees",
    "home while 8 PDFs are made",
]


def test_bench_prints_every_page_at_both_scales(tmp_path):
    out = tmp_path / "results.json"
    stdout = io.StringIO()
    call_command(
        "bench",
        scale=[0.001, 0.002],
        runs=1,
        out=str(out),
        stdout=stdout,
        stderr=io.StringIO(),
    )
    table = stdout.getvalue()
    results = json.loads(out.read_text())
    assert list(results["pages"]) == PAGES
    for name in PAGES:
        assert f"| {name} " in table
        for scale in ("0.001", "0.002"):
            figures = results["pages"][name][scale]
            assert figures["status"] == 200, (name, scale)
            assert figures["queries"] > 0 or name == "home while 8 PDFs are made"
    for scale in ("0.001", "0.002"):  # a real worker made the eight PDFs meanwhile
        assert (
            "8 PDFs made in" in results["pages"]["home while 8 PDFs are made"][scale]["slowest_sql"]
        )
    assert results["objects"]["0.002"]["cohort"]["trainees"] > 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE 'bench_%%'")
        assert cursor.fetchall() == []
    assert database_name(0.01) == "bench_0_01"
