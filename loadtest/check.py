"""After the load test: print its figures and check that every write landed exactly once.

    DATABASE_URL=... python loadtest/check.py --csv loadtest/results/locust \
        --writes loadtest/results/writes.jsonl

Reads locust's `<csv>_stats.csv` (throughput, p50/p95/p99, failures per request name) and the
writes the locust file recorded, each with a unique token: a stage move the portal reported as
done must have exactly one StageChange whose note holds its token, one it refused none; a
trainee edit it saved must appear in exactly one history row of the trainee, and the trainee's
occupation must hold the token of its last saved edit. Exits 1 on any request failure or any
lost, duplicated or unexpected write. The targets (no errors, p95 under 1 s) are printed.
"""

import argparse
import csv
import json
import os
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
django.setup()

from trainees.models import StageChange, Trainee  # noqa: E402

P95_TARGET_MS = 1000


def stats(prefix):
    with open(f"{prefix}_stats.csv", newline="") as file:
        rows = list(csv.DictReader(file))
    print(f"{'request':28} {'count':>6} {'fail':>5} {'req/s':>6} {'p50':>6} {'p95':>6} {'p99':>6}")
    for row in rows:
        print(
            f"{(row['Name'] or row['Type'])[:28]:28} {row['Request Count']:>6} "
            f"{row['Failure Count']:>5} {float(row['Requests/s']):6.1f} {row['50%']:>6} "
            f"{row['95%']:>6} {row['99%']:>6}"
        )
    return next(row for row in rows if row["Name"] == "Aggregated")


def check_writes(path):
    writes = [json.loads(line) for line in Path(path).read_text().splitlines() if line]
    problems = []
    last_edit = {}
    counts = {"move": [0, 0], "edit": [0, 0]}  # [reported done, reported refused]
    for write in writes:
        counts[write["kind"]][0 if write["ok"] else 1] += 1
        if write["kind"] == "move":
            landed = StageChange.objects.filter(note__contains=write["token"]).count()
        else:
            landed = Trainee.history.filter(occupation=write["token"]).count()
            if write["ok"]:
                last_edit[write["trainee"]] = write["token"]
        expected = 1 if write["ok"] else 0
        if landed != expected:
            problems.append(
                f"{write['kind']} {write['token']} (trainee {write['trainee']}): reported "
                f"{'done' if write['ok'] else 'refused'}, found {landed} times in the database"
            )
    current = dict(Trainee.objects.filter(pk__in=last_edit).values_list("pk", "occupation"))
    for pk, token in last_edit.items():
        if current.get(pk) != token:
            problems.append(f"trainee {pk}: occupation {current.get(pk)!r}, last edit {token}")
    for kind, (done, refused) in counts.items():
        print(f"{kind}s: {done} reported done, {refused} refused")
    return problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--csv", required=True, help="locust's --csv prefix")
    parser.add_argument("--writes", required=True)
    args = parser.parse_args()
    total = stats(args.csv)
    requests, failures = int(total["Request Count"]), int(total["Failure Count"])
    p95 = float(total["95%"])
    print(
        f"\nThroughput {float(total['Requests/s']):.1f} requests/s; {requests} requests, "
        f"{failures} errors; p50 {total['50%']} ms, p95 {total['95%']} ms, "
        f"p99 {total['99%']} ms"
    )
    problems = check_writes(args.writes)
    for problem in problems:
        print("WRITE CHECK:", problem)
    print(f"Write check: {'every write landed exactly once' if not problems else 'FAILED'}")
    misses = []
    if failures:
        misses.append(f"{failures} errors (target 0)")
    if p95 >= P95_TARGET_MS:
        misses.append(f"p95 {p95:.0f} ms (target under {P95_TARGET_MS} ms)")
    print("Targets:", "; ".join(misses) if misses else "met (no errors, p95 under 1 s)")
    sys.exit(1 if failures or problems else 0)


if __name__ == "__main__":
    main()
