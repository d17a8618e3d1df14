"""Reading the demo data files: what a file may say, and the checks that run before anything
is written.

Every file under data/ is a TOML file (README.md aside). A file may hold:

- `[source]`: the article it comes from. The positions, events, figures and agreements of a
  file cite it, so a file that has any needs one.
- `[defaults.<section>]`: keys every record of that section in this file takes unless it sets
  them itself (the fifteen FKLPI industries share their kind, province and description).
- `[organisations.<slug>]`, `[people.<slug>]`, `[events.<slug>]`, `[figures.<slug>]`,
  `[agreements."<number>"]`, `[cohorts.<slug>]`, `[accounts."<username>"]`: the records, each
  under a named key that other records, in any file, use to refer to it.

SCHEMAS below lists the keys each record may have. An unknown key, a key used in two files, or
a reference to a key no file defines is refused with the file and the record named.
Province, regency, prefecture and programme codes refer to tables the migrations fill; the
loader checks those against the database.
"""

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.core.management import CommandError

DATA = Path(__file__).resolve().parent / "data"
README = "README.md"

# The tables that migrations fill, referred to by their codes.
TABLES = ("province", "regency", "prefecture", "programme")


class DemoDataError(CommandError):
    """A demo data file says something the loader cannot load. The message names the file and
    the record."""


@dataclass(frozen=True)
class Schema:
    """The keys a record (or a table inside one) may have. `refs` and `many` name what a key
    refers to: a section of the files (by its records' keys) or one of TABLES (by code)."""

    values: frozenset = frozenset()
    refs: dict = field(default_factory=dict)
    many: dict = field(default_factory=dict)
    nested: dict = field(default_factory=dict)  # key -> Schema of each table in its list
    required: tuple = ()
    special: frozenset = frozenset()  # checked by their own code (a cohort's paths, trainees)

    @property
    def keys(self):
        return self.values | self.refs.keys() | self.many.keys() | self.nested.keys() | self.special


def _schema(values="", **kwargs):
    return Schema(values=frozenset(values.split()), **kwargs)


SOURCE = _schema("publisher title published_on url note", required=("publisher", "title"))
POSITION = _schema(
    "title as_of", refs={"organisation": "organisations"}, required=("organisation", "title")
)
PARTY = _schema(
    "role signatory_name signatory_title signed_on signed_at_place",
    refs={"organisation": "organisations", "person": "people"},
    required=("organisation",),
)
MEMBERSHIP = _schema(
    "role", refs={"organisation": "organisations", "province": "province"}, required=("role",)
)
STEP = _schema("stage date", required=("stage", "date"))
TRAINEE_COLUMNS = _schema(
    "full_name sex birth_date language_level occupation path",
    refs={"home_institution": "organisations", "host_organisation": "organisations"},
    required=("full_name", "path"),
)
SCHEMAS = {
    "organisations": _schema(
        "name short_name name_ja kind category npsn licence_number address website email phone "
        "description is_demo",
        refs={
            "parent": "organisations",
            "province": "province",
            "regency": "regency",
            "prefecture": "prefecture",
        },
        many={"members": "organisations"},
    ),
    "people": _schema("name name_ja", nested={"positions": POSITION}),
    "events": _schema(
        "name kind date venue summary",
        refs={"regency": "regency"},
        many={"participants": "organisations"},
        required=("name", "date"),
    ),
    "figures": _schema(
        "metric value value_max unit as_of note",
        refs={"organisation": "organisations"},
        required=("organisation", "metric", "as_of"),
    ),
    "agreements": _schema(
        "title kind summary signed_on signed_on_precision effective_from expires_on auto_renewal "
        "quota quota_period terminated_on termination_reason source_citation is_demo",
        refs={"event": "events"},
        many={"programmes": "programme"},
        nested={"parties": PARTY},
    ),
    "cohorts": _schema(
        "name intake_year start_date planned_size target_departure is_demo",
        refs={"institution": "organisations", "programme": "programme"},
        many={"partners": "organisations", "agreements": "agreements"},
        required=("name", "institution", "programme"),
        special=frozenset({"paths", "trainees"}),
    ),
    "accounts": _schema(
        "first_name last_name email is_staff language", nested={"memberships": MEMBERSHIP}
    ),
}
SINGULAR = {
    "organisations": "organisation",
    "people": "person",
    "events": "event",
    "agreements": "agreement",
    "cohorts": "cohort",
    "accounts": "account",
}
# Sections whose records cite the file's [source] (people through their positions).
CITING = ("people", "events", "figures", "agreements")


@dataclass
class Record:
    file: str
    section: str
    key: str
    fields: dict
    source: str | None = None  # the file, when it has a [source]

    def __str__(self):
        return f"{self.file}: {self.section}.{_toml_key(self.key)}"


@dataclass
class Demo:
    """What the files under one folder say, checked and not yet saved."""

    folder: Path
    files: list = field(default_factory=list)
    sources: dict = field(default_factory=dict)  # file -> its [source] table
    records: dict = field(default_factory=lambda: {section: {} for section in SCHEMAS})
    refs: list = field(default_factory=list)  # (where, key, target, value)

    def add_file(self, name, document):
        self.files.append(name)
        unknown = document.keys() - {"source", "defaults", *SCHEMAS}
        if unknown:
            raise DemoDataError(
                f"{name}: unknown table {_names(unknown)}. A demo file holds [source], "
                f"[defaults.<section>] and records under {_names(SCHEMAS)}."
            )
        if "source" in document:
            self._check(f"{name}: [source]", _table(name, "source", document["source"]), SOURCE)
            self.sources[name] = document["source"]
        defaults = _table(name, "defaults", document.get("defaults", {}))
        for section, values in defaults.items():
            if section not in SCHEMAS:
                raise DemoDataError(f"{name}: [defaults.{section}]: no such section.")
            where = f"{name}: [defaults.{section}]"
            values = _table(name, f"defaults.{section}", values)
            self._check(where, values, SCHEMAS[section], required=False)
        for section, schema in SCHEMAS.items():
            for key, table in _table(name, section, document.get(section, {})).items():
                record = Record(name, section, key, {**defaults.get(section, {})})
                record.fields |= _table(name, f"{section}.{_toml_key(key)}", table)
                self._add(record, schema)

    def _add(self, record, schema):
        other = self.records[record.section].get(record.key)
        if other is not None:
            raise DemoDataError(f"{record}: the key is used in {other.file} too.")
        self._check(str(record), record.fields, schema)
        if record.section == "cohorts":
            self._check_trainees(record)
        cites = record.section in CITING and (
            record.section != "people" or record.fields.get("positions")
        )
        if cites:
            if record.file not in self.sources:
                raise DemoDataError(
                    f"{record}: the file has no [source]. Positions, events, figures and "
                    "agreements cite the article they come from: add its [source] table."
                )
            record.source = record.file
        self.records[record.section][record.key] = record

    def _check(self, where, fields, schema, *, required=True):
        unknown = fields.keys() - schema.keys
        if unknown:
            raise DemoDataError(
                f"{where}: unknown key {_names(unknown)} (known: {_names(schema.keys)})."
            )
        missing = [key for key in schema.required if key not in fields] if required else []
        if missing:
            raise DemoDataError(f"{where}: {_names(missing)} missing.")
        for key, target in schema.refs.items():
            if key in fields:
                self._ref(where, key, target, fields[key])
        for key, target in schema.many.items():
            values = fields.get(key, [])
            if not isinstance(values, list):
                raise DemoDataError(f'{where}: "{key}" is a list of keys: [...].')
            for value in values:
                self._ref(where, key, target, value)
        for key, nested in schema.nested.items():
            tables = fields.get(key, [])
            if not isinstance(tables, list):
                raise DemoDataError(f'{where}: "{key}" is a list of tables.')
            for number, table in enumerate(tables, start=1):
                self._check(f"{where}.{key} #{number}", _table(where, key, table), nested)

    def _ref(self, where, key, target, value):
        if not isinstance(value, str):
            raise DemoDataError(f'{where}: "{key}" refers by a key in quotes, not {value!r}.')
        self.refs.append((where, key, target, value))

    def _check_trainees(self, record):
        """A cohort's named paths (lists of steps) and its trainees table (columns, rows)."""
        paths = _table(str(record), "paths", record.fields.get("paths", {}))
        for name, steps in paths.items():
            if not isinstance(steps, list) or not steps:
                raise DemoDataError(f"{record}.paths.{name}: a list of steps, at least one.")
            for number, step in enumerate(steps, start=1):
                where = f"{record}.paths.{name} #{number}"
                self._check(where, _table(where, "step", step), STEP)
        trainees = _table(str(record), "trainees", record.fields.get("trainees", {}))
        unknown = trainees.keys() - {"columns", "rows"}
        if unknown:
            raise DemoDataError(f"{record}.trainees: unknown key {_names(unknown)}.")
        columns = trainees.get("columns", [])
        rows = []
        for number, row in enumerate(trainees.get("rows", []), start=1):
            where = f"{record}.trainees row {number}"
            if not isinstance(row, list) or len(row) != len(columns):
                raise DemoDataError(f"{where}: {len(columns)} values, one per column.")
            # An empty reference ("") is none: a trainee no Japanese partner hosts (yet).
            trainee = {
                key: value
                for key, value in zip(columns, row, strict=True)
                if not (key in TRAINEE_COLUMNS.refs and value == "")
            }
            self._check(where, trainee, TRAINEE_COLUMNS)
            if trainee["path"] not in paths:
                raise DemoDataError(
                    f'{where}: path "{trainee["path"]}" is not among the cohort\'s paths '
                    f"({_names(paths)})."
                )
            # The demo's trainees are invented and say so, whoever edits the files.
            if "Fiktif" not in str(trainee["full_name"]).split():
                raise DemoDataError(
                    f'{where}: "{trainee["full_name"]}": a demo trainee\'s name carries the word '
                    '"Fiktif", so that no real person is ever mistaken for one.'
                )
            rows.append(trainee)
        record.fields["trainees"] = rows

    def check_references(self, codes=None):
        """Refuse a reference to a key no file defines; with `codes` ({table: set of codes}),
        also one to a code the database does not hold."""
        for where, key, target, value in self.refs:
            if target in SCHEMAS:
                if value not in self.records[target]:
                    raise DemoDataError(
                        f'{where}: {key} = "{value}": no {SINGULAR[target]} has that key in '
                        f"any file under {self.folder}."
                    )
            elif codes is not None and value not in codes[target]:
                raise DemoDataError(f'{where}: {key} = "{value}": no {target} has that code.')


def read_data(folder=DATA):
    """Read and check every file under `folder`; nothing is written."""
    folder = Path(folder)
    demo = Demo(folder)
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.relative_to(folder).as_posix()
        if path.name == README:
            continue
        if path.suffix != ".toml":
            raise DemoDataError(
                f"{name}: not a .toml file. Every file under {folder} is demo data, "
                f"in TOML ({README} aside)."
            )
        try:
            document = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise DemoDataError(f"{name}: not valid TOML: {error}") from error
        demo.add_file(name, document)
    if not demo.files:
        raise DemoDataError(f"No demo data files under {folder}.")
    demo.check_references()
    return demo


def _table(where, key, value):
    if not isinstance(value, dict):
        raise DemoDataError(f'{where}: "{key}" is a table of keys and values, not {value!r}.')
    return value


def _toml_key(key):
    return key if key.replace("-", "").replace("_", "").isalnum() else f'"{key}"'


def _names(keys):
    return ", ".join(f'"{key}"' for key in sorted(keys))
