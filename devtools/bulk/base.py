"""The machinery every table uses, and what all of them share.

No table of its own: Table COPYs a model's rows, with the "+" history row of each, and fills
the columns a row leaves out with their defaults; SeederBase holds the seeded random, today and
now, the ids handed out (`next_id`, set by Seeder.run), the cached dates and times of day, the
rows written per table (`counts`) and the person names every table draws from. The constants here
are the national shape (NATIONAL, scaled()) and the prefix and password of the bulk accounts.
"""

import datetime
import operator
import random
import zoneinfo
from collections import Counter

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils import timezone

from partnerships.models import Organisation
from portal.models import User

PREFIX = "bulk-"  # of organisation slugs and usernames: how bulk data is recognised
PASSWORD = "bulk-pass-2025"

# The shape at scale 1. Organisations add up to 20,000.
NATIONAL = {
    "school": 14_000,
    "blk": 450,
    "bbpvp": 15,
    "lpk": 1_935,
    "lpk_so": 600,
    "jp_supervising": 900,
    "jp_company": 480,
    "jp_foundation": 75,
    "jp_prefectural": 45,
    "government": 600,
    "association": 400,
    "industry": 500,
    "agreements": 20_000,
    "forum_agreements": 760,  # signed at one national forum
    "events": 150,  # smaller signing ceremonies, launches and forums
    "cohorts": 10_000,
    "trainees": 300_000,
    "users": 2_000,  # heads and staff of institutions that run cohorts
}
MINIMUM = {"agreements": 6}  # one agreement of each status, whatever the scale

# Indonesian names, of signatories, trainees and account holders (person_name).
GIVEN_MALE = (
    "Agus", "Ahmad", "Andi", "Arif", "Bagus", "Bambang", "Budi", "Dedi", "Dimas", "Eko", "Fajar",
    "Fikri", "Gilang", "Hadi", "Hendra", "Ilham", "Irfan", "Joko", "Kevin", "Lukman", "Muhammad",
    "Nanda", "Rizki", "Rudi", "Satria", "Taufik", "Wahyu", "Yoga", "Yusuf", "Zaki", "Aditya",
    "Bima", "Dani", "Galih", "Hafiz", "Iqbal", "Putu", "Made", "Komang", "Rahmat",
)  # fmt: skip
GIVEN_FEMALE = (
    "Ayu", "Citra", "Dewi", "Dian", "Eka", "Fitri", "Gita", "Indah", "Intan", "Kartika", "Lestari",
    "Maya", "Nabila", "Nurul", "Putri", "Rina", "Sari", "Siti", "Tari", "Umi", "Vina", "Wulan",
    "Yuni", "Zahra", "Anisa", "Bunga", "Dinda", "Eva", "Febri", "Hana", "Kadek", "Ketut",
    "Melati", "Nadia", "Rara", "Salsabila", "Tiara", "Winda", "Yulia", "Aulia",
)  # fmt: skip
SURNAMES = (
    "Saputra", "Pratama", "Wijaya", "Hidayat", "Nugroho", "Kurniawan", "Setiawan", "Siregar",
    "Nasution", "Lubis", "Simanjuntak", "Harahap", "Manurung", "Tanjung", "Gunawan", "Santoso",
    "Susanto", "Hakim", "Ramadhan", "Firmansyah", "Maulana", "Syahputra", "Hutapea", "Sinaga",
    "Pangaribuan", "Wibowo", "Purnomo", "Sitompul", "Rahman", "Permana", "Sembiring", "Ginting",
    "Tarigan", "Mahendra", "Kusuma", "Halim", "Panjaitan", "Situmorang", "Daulay", "Effendi",
)  # fmt: skip
FEMALE_SURNAMES = (
    "Rahmawati", "Wulandari", "Permatasari", "Anggraini", "Puspitasari", "Handayani", "Maharani",
    "Safitri",
)  # fmt: skip
JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")

# Plain strings: psycopg would write an Enum member's name, not its value.
K = {kind.name: kind.value for kind in Organisation.Kind}


def scaled(key, scale):
    return max(MINIMUM.get(key, 1), round(NATIONAL[key] * scale))


def existing_bulk_data():
    """How many bulk organisations and users the database holds already."""
    return (
        Organisation.objects.filter(slug__startswith=PREFIX).count(),
        User.objects.filter(username__startswith=PREFIX).count(),
    )


class Table:
    """COPY rows into a model's table and, when the model keeps history, the "+" history row
    of each into its history table, as bulk_create_with_history would.

    `fields` are the attnames each row gives, in order; every other column gets the field's
    default (auto_now fields: `now`), so a column added later does not break the load unless
    it has no default. An auto-incremented primary key left out is assigned by the database.
    `history_date` names the field that dates the history row (e.g. created_at); else `now`."""

    def __init__(self, model, fields, *, now, history_date=None):
        self.model = model
        opts = model._meta
        by_attname = {field.attname: field for field in opts.concrete_fields}
        unknown = set(fields) - set(by_attname)
        if unknown:
            raise ImproperlyConfigured(f"{opts.label} has no field {', '.join(sorted(unknown))}")
        missing, defaults = [], []
        for field in opts.concrete_fields:
            if field.attname in fields or (field.primary_key and field.auto_created):
                continue
            missing.append(field.attname)
            defaults.append(_default(field, now, opts.label))
        self.defaults = tuple(defaults)
        names = [*fields, *missing]  # the attnames of a full row, in order
        self.columns = [by_attname[name].column for name in names]

        self.history_columns = None
        manager_name = getattr(opts, "simple_history_manager_attribute", None)
        if manager_name:
            history_model = getattr(model, manager_name).model
            taken, constants, columns = [], [], []
            constant_columns = []
            for field in history_model._meta.concrete_fields:
                name = field.attname
                if name == "history_id":
                    continue
                if name == "history_date" and history_date:
                    taken.append(names.index(history_date))
                    columns.append(field.column)
                elif name == "history_date":
                    constants.append(now)
                    constant_columns.append(field.column)
                elif name in ("history_type", "history_change_reason", "history_user_id"):
                    constants.append({"history_type": "+", "history_change_reason": ""}.get(name))
                    constant_columns.append(field.column)
                elif name in names:
                    taken.append(names.index(name))
                    columns.append(field.column)
                else:
                    constants.append(_default(field, now, history_model._meta.label))
                    constant_columns.append(field.column)
            self.history_model = history_model
            self.history_columns = columns + constant_columns
            self.history_getter = _getter(taken)
            self.history_constants = tuple(constants)

    def write(self, cursor, rows):
        """COPY `rows` (a list of tuples); returns how many."""
        if not rows:
            return 0
        full = [row + self.defaults for row in rows] if self.defaults else rows
        _copy(cursor, self.model._meta.db_table, self.columns, full)
        if self.history_columns:
            getter, constants = self.history_getter, self.history_constants
            _copy(
                cursor,
                self.history_model._meta.db_table,
                self.history_columns,
                [getter(row) + constants for row in full],
            )
        return len(rows)


def _default(field, now, label):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    if field.has_default():
        return field.get_default()
    if field.null:
        return None
    if field.empty_strings_allowed:  # CharField, TextField...: blank
        return ""
    raise ImproperlyConfigured(
        f"seed_bulk gives no value for {label}.{field.name}, which has no default: "
        "add it to devtools/bulk/."
    )


def _getter(indexes):
    if len(indexes) == 1:
        (index,) = indexes
        return lambda row: (row[index],)
    return operator.itemgetter(*indexes)


def _copy(cursor, table, columns, rows):
    quote = connection.ops.quote_name
    sql = f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    with cursor.copy(sql) as copy:
        write = copy.write_row
        for row in rows:
            write(row)


class SeederBase:
    """The state and helpers shared by the per-table mixins of Seeder (devtools/bulk/seeder.py)."""

    def __init__(self, *, scale, seed=2025, users=None, log=print):
        self.scale = scale
        self.rng = random.Random(seed)
        self.user_count = scaled("users", scale) if users is None else users
        self.log = log
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.counts = Counter()
        self._dates = {}
        self._times = {}

    # -- helpers -----------------------------------------------------------------------------

    def count(self, key):
        return scaled(key, self.scale)

    def date(self, ordinal):
        value = self._dates.get(ordinal)
        if value is None:
            value = self._dates[ordinal] = datetime.date.fromordinal(ordinal)
        return value

    def moment(self, ordinal):
        """A time of day on that date, never after now."""
        value = self._times.get(ordinal)
        if value is None:
            day = datetime.date.fromordinal(ordinal)
            value = min(datetime.datetime.combine(day, datetime.time(9), JAKARTA), self.now)
            self._times[ordinal] = value
        return value

    def next_ids(self, model, count):
        start = self.next_id[model]
        self.next_id[model] = start + count
        return range(start, start + count)

    def write(self, table, rows):
        with connection.cursor() as cursor:
            written = table.write(cursor.cursor, rows)
        self.counts[table.model._meta.db_table] += written
        if table.history_columns:
            self.counts[table.history_model._meta.db_table] += written

    def pick(self, pool):
        """A member of `pool`, the first ones more often: a few institutions sign and run
        much more than the rest."""
        return pool[int(len(pool) * self.rng.random() ** 1.7)]

    def person_name(self, sex=None):
        rng = self.rng
        sex = sex or rng.choice("MF")
        if sex == "F":
            given = rng.choice(GIVEN_FEMALE)
            last = rng.choice(FEMALE_SURNAMES if rng.random() < 0.4 else SURNAMES)
        else:
            given = rng.choice(GIVEN_MALE)
            last = rng.choice(SURNAMES)
        if rng.random() < 0.3:
            middle = rng.choice(GIVEN_FEMALE if sex == "F" else GIVEN_MALE)
            if middle != given:
                return f"{given} {middle} {last}"
        return f"{given} {last}"


def positive_scale(value):
    """An argparse type for --scale: a fraction or a multiple of the national size, up to 20."""
    scale = float(value)
    if not 0 < scale <= 20:
        raise ValueError(value)
    return scale
