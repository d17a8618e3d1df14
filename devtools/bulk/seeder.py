"""Seeder: runs the tables in order (organisations, the curator, events and agreements,
cohorts, trainees, users), each from its module's mixin, with the ids handed out from the highest
one on; writes nothing itself.
"""

import time

from django.core.management.color import no_style
from django.db import connection

from devtools.bulk.accounts import AccountsMixin
from devtools.bulk.agreements import AgreementsMixin
from devtools.bulk.base import SeederBase
from devtools.bulk.cohorts import CohortsMixin
from devtools.bulk.events import EventsMixin
from devtools.bulk.organisations import OrganisationsMixin
from devtools.bulk.places import PlacesMixin
from devtools.bulk.trainees import TraineesMixin
from partnerships.models import Agreement, AgreementParty, Event, Organisation
from portal.models import Membership, User
from trainees.models import Cohort, StageChange, Trainee


class Seeder(
    PlacesMixin,
    OrganisationsMixin,
    AccountsMixin,
    EventsMixin,
    AgreementsMixin,
    CohortsMixin,
    TraineesMixin,
    SeederBase,
):
    """Generates and loads the bulk data; run() returns {table name: rows written}."""

    def run(self):
        tables = [Organisation, Event, Agreement, AgreementParty, Cohort, Trainee, StageChange]
        tables += [User, Membership]
        with connection.cursor() as cursor:
            # Ids are given here, from the highest one on: nobody else may insert meanwhile.
            names = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in tables)
            cursor.execute(f"LOCK TABLE {names} IN EXCLUSIVE MODE")
        self.next_id = {
            model: (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
            for model in tables
        }
        self.load_places()
        steps = [
            ("organisations", self.organisations),
            ("curator", self.curator),
            ("agreements", self.agreements),
            ("cohorts", self.cohorts),
            ("trainees", self.trainees),
            ("users", self.users),
        ]
        for label, step in steps:
            started = time.perf_counter()
            step()
            self.log(f"  {label:<14} {time.perf_counter() - started:6.1f} s")
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), tables):
                cursor.execute(sql)
        return self.counts
