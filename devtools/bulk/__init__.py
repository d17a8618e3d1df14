"""Bulk data of national shape for load tests (`manage.py seed_bulk --scale N`).

At scale 1 the registry looks like Indonesia's: about 14,000 SMKs, 3,000 training centres, 1,500
Japanese partners and 1,500 government bodies, associations and industries; 20,000 agreements
with 50,000 parties; 10,000 cohorts with 300,000 trainees and about 1.6 million stage changes.
Every number in NATIONAL (base.py) is multiplied by the scale; the names, places and dates are
drawn from a seeded random.Random, so the same seed and scale give the same data.

Rows go in with PostgreSQL's COPY (psycopg 3), each with the "+" history row that
bulk_create_with_history would have written, so the database still checks every constraint.
Rules the database cannot check (clean(): a host in Japan is a Japanese partner, a cohort is
run by a school, training centre or association, a regency lies in its province) hold by
construction, and the stage timelines follow trainees.models.NEXT_STAGES.

Bulk rows are found again by their prefix: organisation slugs and usernames start with "bulk-"
(everything else hangs off these organisations). Every record with an `is_demo` flag has it set.

One module per table (organisations, accounts, events, agreements, cohorts, trainees), each a
mixin of Seeder (seeder.py) over the shared machinery of base.py.
"""

from devtools.bulk.base import (
    MINIMUM,
    NATIONAL,
    PASSWORD,
    PREFIX,
    Table,
    existing_bulk_data,
    positive_scale,
    scaled,
)
from devtools.bulk.events import FORUM
from devtools.bulk.seeder import Seeder
from devtools.bulk.trainees import walk

__all__ = [
    "FORUM",
    "MINIMUM",
    "NATIONAL",
    "PASSWORD",
    "PREFIX",
    "Seeder",
    "Table",
    "existing_bulk_data",
    "positive_scale",
    "scaled",
    "walk",
]
