"""Saving the demo data files (read and checked by files.py) to the database.

Every record goes through its model's full_clean() before it is saved, and trainees through
trainees.services, as a curator's or a head's edits do. Loading is idempotent: each record is
found by its natural key (a slug, an agreement number, a name and a date...) and updated, never
duplicated; a cohort that has trainees already gets none added. A field the file leaves out is
left as it is, except `is_demo`, which is false unless the file says true.
"""

from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from devtools.demo.files import DATA, SCHEMAS, TRAINEE_COLUMNS, DemoDataError, read_data
from partnerships.models import (
    Agreement,
    AgreementParty,
    Event,
    Figure,
    Organisation,
    Person,
    Position,
    Programme,
    Source,
)
from portal.models import Membership, Prefecture, Province, Regency, User
from portal.roles import CURATOR_GROUP
from trainees import services
from trainees.models import Cohort, Trainee

DEMO_PASSWORD = "portal-demo-2025"
TRAINEE_NOTE = "data demo"  # on every stage change of the demo's trainees


def curator_group():
    """The curators' group, which migration portal 0007_curator_group creates with its
    permissions in every database; the demo only adds its curator to it."""
    group = Group.objects.filter(name=CURATOR_GROUP).first()
    if group is None:
        raise DemoDataError(
            f'The group "{CURATOR_GROUP}" is missing. Run "manage.py migrate": migration '
            "portal 0007_curator_group creates it."
        )
    return group


@transaction.atomic
def load_demo(folder=DATA):
    """Create or update the demo data from the files under `folder`; return the demo accounts
    as (username, role label), in the order the files give them."""
    demo = read_data(folder)
    tables = {
        "province": {p.code: p for p in Province.objects.all()},
        "regency": {r.code: r for r in Regency.objects.all()},
        "prefecture": {p.code: p for p in Prefecture.objects.all()},
        "programme": {p.code: p for p in Programme.objects.all()},
    }
    demo.check_references(codes=tables)
    curators = curator_group()
    loader = _Loader(demo, tables)
    loader.sources()
    loader.organisations()
    loader.people()
    loader.events()
    loader.figures()
    loader.agreements()
    loader.cohorts()
    return loader.accounts(curators)


def _save(model, lookup, fields, *, where):
    """update_or_create, with the model's own validation before anything is written. A record
    already as the files say is left alone: no save, no version bump, no history record, so
    that running the loader again (every `make run`) changes nothing."""
    instance = model.objects.filter(**lookup).first()
    if instance is not None and all(getattr(instance, k) == v for k, v in fields.items()):
        return instance
    instance = instance or model(**lookup)
    for name, value in fields.items():
        setattr(instance, name, value)
    try:
        instance.full_clean()
    except ValidationError as error:
        raise DemoDataError(f"{where}: {_messages(error)}") from error
    instance.save()
    return instance


def _messages(error):
    if hasattr(error, "error_dict"):
        return "; ".join(f"{key}: {' '.join(m)}" for key, m in error.message_dict.items())
    return " ".join(error.messages)


class _Loader:
    def __init__(self, demo, tables):
        self.demo = demo
        self.tables = tables
        self.saved = {section: {} for section in SCHEMAS}  # section -> key -> instance
        self.saved_sources = {}  # file -> Source

    def records(self, section):
        return self.demo.records[section].values()

    def fields(self, record, fields=None, schema=None):
        """The record's (or a table inside it) plain values and single references as model field
        values: references resolved; lists, nested tables and the source left to the caller."""
        schema = schema or SCHEMAS[record.section]
        fields = record.fields if fields is None else fields
        values = {key: value for key, value in fields.items() if key in schema.values}
        for key, target in schema.refs.items():
            if key in fields:
                values[key] = self.get(target, fields[key])
        if "is_demo" in schema.values:
            values["is_demo"] = fields.get("is_demo", False)
        return values

    def source(self, record):
        """The Source of the article the record's file comes from."""
        return self.saved_sources[record.source]

    def get(self, target, key):
        return (self.tables[target] if target in self.tables else self.saved[target])[key]

    def get_many(self, record, key):
        return [self.get(SCHEMAS[record.section].many[key], k) for k in record.fields.get(key, [])]

    def sources(self):
        for file, fields in self.demo.sources.items():
            lookup = {"publisher": fields["publisher"], "title": fields["title"]}
            rest = {key: value for key, value in fields.items() if key not in lookup}
            self.saved_sources[file] = _save(Source, lookup, rest, where=f"{file}: [source]")

    def organisations(self):
        for record in _parents_first(self.demo.records["organisations"]):
            self.saved["organisations"][record.key] = _save(
                Organisation, {"slug": record.key}, self.fields(record), where=record
            )
        for record in self.records("organisations"):
            if "members" in record.fields:
                organisation = self.saved["organisations"][record.key]
                organisation.members.set(self.get_many(record, "members"))

    def people(self):
        position = SCHEMAS["people"].nested["positions"]
        for record in self.records("people"):
            person = _save(Person, {"slug": record.key}, self.fields(record), where=record)
            self.saved["people"][record.key] = person
            for number, table in enumerate(record.fields.get("positions", []), start=1):
                values = self.fields(record, table, position) | {"source": self.source(record)}
                lookup = {key: values.pop(key) for key in ("organisation", "title")}
                where = f"{record}.positions #{number}"
                _save(Position, {"person": person, **lookup}, values, where=where)

    def events(self):
        for record in self.records("events"):
            values = self.fields(record) | {"source": self.source(record)}
            lookup = {key: values.pop(key) for key in ("name", "date")}
            event = _save(Event, lookup, values, where=record)
            event.participants.set(self.get_many(record, "participants"))
            self.saved["events"][record.key] = event

    def figures(self):
        for record in self.records("figures"):
            values = self.fields(record) | {"source": self.source(record)}
            lookup = {key: values.pop(key) for key in ("organisation", "metric", "as_of")}
            for key in ("value", "value_max"):
                if key in values:
                    values[key] = Decimal(str(values[key]))
            _save(Figure, lookup, values, where=record)

    def agreements(self):
        party = SCHEMAS["agreements"].nested["parties"]
        for record in self.records("agreements"):
            values = self.fields(record) | {"source": self.source(record)}
            agreement = _save(Agreement, {"number": record.key}, values, where=record)
            agreement.programmes.set(self.get_many(record, "programmes"))
            self.saved["agreements"][record.key] = agreement
            for position, table in enumerate(record.fields.get("parties", [])):
                values = self.fields(record, table, party)
                lookup = {"agreement": agreement, "organisation": values.pop("organisation")}
                where = f"{record}.parties #{position + 1}"
                _save(AgreementParty, lookup, {**values, "position": position}, where=where)

    def cohorts(self):
        for record in self.records("cohorts"):
            values = self.fields(record)
            lookup = {key: values.pop(key) for key in ("name", "institution")}
            cohort = _save(Cohort, lookup, values, where=record)
            cohort.partners.set(self.get_many(record, "partners"))
            cohort.agreements.set(self.get_many(record, "agreements"))
            try:
                self.trainees(cohort, record)
            except ValidationError as error:
                raise DemoDataError(f"{record}.trainees: {_messages(error)}") from error

    def trainees(self, cohort, record):
        """Register each trainee at the first step of their path, then move them step by step
        through trainees.services, so the invented timelines obey the stage rules."""
        rows = record.fields.get("trainees", [])
        if not rows or cohort.trainees.exists():
            return  # loaded before: the demo does not pile up
        paths = record.fields["paths"]
        steps = [[(step["stage"], step["date"]) for step in paths[row["path"]]] for row in rows]
        trainees = []
        for row, (first_stage, first_date) in zip(rows, (s[0] for s in steps), strict=True):
            values = {key: value for key, value in row.items() if key != "path"}
            for key, target in TRAINEE_COLUMNS.refs.items():  # the home institution, the host
                if key in values:
                    values[key] = self.get(target, values[key])
            trainees.append(Trainee(**values, stage=first_stage, stage_since=first_date))
        created = services.register_trainees(cohort=cohort, trainees=trainees, note=TRAINEE_NOTE)
        # The later steps, in order; trainees who make the same move on the same day move
        # together.
        for index in range(1, max(len(s) for s in steps)):
            moves = {}
            for trainee, path in zip(created, steps, strict=True):
                if index < len(path):
                    moves.setdefault(path[index], []).append(trainee.pk)
            for (stage, date), ids in moves.items():
                services.move_trainees(
                    cohort=cohort, trainee_ids=ids, stage=stage, date=date, note=TRAINEE_NOTE
                )

    def accounts(self, curators):
        """The demo accounts, all with DEMO_PASSWORD; staff accounts are curators. Their
        memberships are replaced by the file's."""
        membership = SCHEMAS["accounts"].nested["memberships"]
        accounts = []
        # One hash for every demo account (a published password; hashing is the slow part).
        password = make_password(DEMO_PASSWORD, salt="portal-demo")
        for record in self.records("accounts"):
            wanted = {**self.fields(record), "is_active": True, "password": password}
            user = _save(User, {"username": record.key}, wanted, where=record)
            if user.is_staff:
                user.groups.add(curators)
            # The file's memberships, and no other: unchanged ones are kept as they are.
            kept = set()
            for number, table in enumerate(record.fields.get("memberships", []), start=1):
                values = self.fields(record, table, membership)
                where = f"{record}.memberships #{number}"
                kept.add(_save(Membership, {"user": user, **values}, {}, where=where).pk)
            user.memberships.exclude(pk__in=kept).delete()
            roles = [str(m) for m in user.memberships.select_related("organisation", "province")]
            accounts.append((record.key, "; ".join(roles) or gettext("Curator (admin)")))
        return accounts


def _parents_first(records):
    """The organisation records ordered so that a parent comes before its units."""
    ordered, placed = [], set()

    def place(key, chain):
        if key in placed:
            return
        if key in chain:
            loop = " -> ".join([*chain[chain.index(key) :], key])
            raise DemoDataError(f"{records[key]}: the parents form a loop: {loop}.")
        parent = records[key].fields.get("parent")
        if parent:
            place(parent, [*chain, key])
        placed.add(key)
        ordered.append(records[key])

    for key in records:
        place(key, [])
    return ordered
