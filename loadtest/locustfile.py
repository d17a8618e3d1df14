"""The load test (`make loadtest`): readers on the public pages, school heads editing trainees
and moving stages. loadtest/run.sh starts gunicorn and runs this headless; see docs/performance.md,
"Performance".

Environment: LOADTEST_PLAN (from loadtest/plan.py), LOADTEST_WRITES (a JSON-lines file where
every write is recorded with its unique token and whether the portal said it succeeded, for
loadtest/check.py), LOADTEST_WRITERS (how many school heads; the rest of the users read).
"""

import itertools
import json
import os
import random
import re
import uuid
from pathlib import Path

from locust import HttpUser, between, task

PLAN = json.loads(Path(os.environ["LOADTEST_PLAN"]).read_text())
WRITES = Path(os.environ["LOADTEST_WRITES"])
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SEEN_VERSION = re.compile(r'name="seen_version" value="(\d+)"')
writer_slots = itertools.count()


def record(**write):
    with WRITES.open("a") as writes:
        writes.write(json.dumps(write) + "\n")


class Reader(HttpUser):
    """Anyone on the public pages."""

    weight = 10
    wait_time = between(0.5, 2)

    @task(3)
    def home(self):
        self.client.get("/", name="home")

    @task(2)
    def directory(self):
        province = random.choice(PLAN["provinces"])
        self.client.get("/organisations/", name="directory")
        self.client.get(f"/organisations/?province={province}", name="directory ?province")

    @task(3)
    def partnerships(self):
        self.client.get("/partnerships/", name="partnerships")
        self.client.get("/partnerships/?page=3", name="partnerships ?page")

    @task(2)
    def partnerships_filtered(self):
        province = random.choice(PLAN["provinces"])
        self.client.get(
            f"/partnerships/?status=in_force&province={province}", name="partnerships ?filters"
        )

    @task(2)
    def partnerships_searched(self):
        term = random.choice(PLAN["search"])
        self.client.get("/partnerships/", params={"q": term}, name="partnerships ?q")

    @task(4)
    def agreement(self):
        pk = random.choice(PLAN["agreements"])
        self.client.get(f"/partnerships/{pk}/", name="agreement")

    @task(1)
    def event(self):
        pk = random.choice([PLAN["forum"], *PLAN["events"]])
        self.client.get(f"/events/{pk}/", name="event")

    @task(1)
    def province(self):
        code = random.choice(PLAN["provinces"])
        self.client.get(f"/provinces/{code}/", name="province")


class SchoolHead(HttpUser):
    """A head of a school or training centre: opens a cohort, edits trainees, moves stages.
    Each one logs in as a bulk head of its own, so that two never edit the same trainee."""

    fixed_count = int(os.environ.get("LOADTEST_WRITERS", "2"))
    wait_time = between(1, 3)

    def on_start(self):
        self.plan = PLAN["writers"][next(writer_slots) % len(PLAN["writers"])]
        self.registered = list(self.plan["registered"])
        response = self.client.get("/accounts/login/", name="login form")
        response = self.client.post(
            "/accounts/login/",
            data={
                "username": self.plan["username"],
                "password": self.plan["password"],
                "csrfmiddlewaretoken": CSRF.search(response.text).group(1),
            },
            allow_redirects=False,
            name="login",
        )
        if response.status_code != 302:
            raise RuntimeError(f"{self.plan['username']} could not log in")

    @task(3)
    def open_cohort(self):
        pk = random.choice(self.plan["cohorts"])
        self.client.get(f"/cohorts/{pk}/", name="cohort")

    @task(2)
    def edit_trainee(self):
        trainee = random.choice(self.plan["edit"])
        url = f"/trainees/{trainee['pk']}/edit/"
        form = self.client.get(url, name="trainee form")
        token = f"lt-{uuid.uuid4().hex}"
        data = {
            **trainee["fields"],
            "occupation": token,
            "seen_version": SEEN_VERSION.search(form.text).group(1),
            "csrfmiddlewaretoken": CSRF.search(form.text).group(1),
        }
        with self.client.post(
            url, data=data, allow_redirects=False, name="trainee save", catch_response=True
        ) as response:
            ok = response.status_code == 302
            if not ok:
                response.failure(f"trainee not saved: HTTP {response.status_code}")
        record(kind="edit", token=token, trainee=trainee["pk"], ok=ok)

    @task(2)
    def move_stage(self):
        if not self.registered:
            return
        cohort, trainee = self.registered.pop()
        page = self.client.get(f"/cohorts/{cohort}/", name="cohort")
        token = f"lt-{uuid.uuid4().hex}"
        data = {
            "trainee": trainee,
            "stage": "in_training",
            "date": PLAN["today"],
            "note": f"load test {token}",
            "csrfmiddlewaretoken": CSRF.search(page.text).group(1),
        }
        with self.client.post(
            f"/cohorts/{cohort}/move/",
            data=data,
            allow_redirects=False,
            name="cohort move",
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"move: HTTP {response.status_code}")
        # The outcome is in the message on the page the move redirects to.
        with self.client.get(
            f"/cohorts/{cohort}/", name="cohort (after move)", catch_response=True
        ) as after:
            ok = response.status_code == 302 and "alert-success" in after.text
            if not ok:
                after.failure("move refused")
        record(kind="move", token=token, trainee=trainee, ok=ok)
