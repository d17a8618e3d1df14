"""Roster files: the template, reading an uploaded CSV or Excel file, checking every row, and
saving them all in one transaction.

Nothing is saved until the whole file is clean. Checks that need the database (NISNs already
registered, home institutions) run in one query each, whatever the number of rows.
"""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from simple_history.utils import bulk_create_with_history

from partnerships.models import Organisation
from trainees.models import Stage, StageChange, Trainee

MAX_FILE_SIZE = 5 * 1024 * 1024  # bytes: 10,000 rows of a roster are well under 2 MB
MAX_ROWS = 10_000

# (column, header label, required)
COLUMNS = [
    ("full_name", gettext_lazy("full name"), True),
    ("nisn", "NISN", False),
    ("sex", gettext_lazy("sex (L/P)"), True),
    ("birth_date", gettext_lazy("date of birth (YYYY-MM-DD)"), True),
    ("home_npsn", gettext_lazy("NPSN of the home school"), False),
    ("language_level", gettext_lazy("Japanese level (N5..N1, JFT)"), False),
    ("occupation", gettext_lazy("occupation field"), False),
    ("stage", gettext_lazy("stage"), False),
]
COLUMN_NAMES = [name for name, _label, _required in COLUMNS]
SEX = {"l": "M", "laki-laki": "M", "m": "M", "male": "M", "p": "F", "perempuan": "F", "f": "F"}
SEX.update({"female": "F"})
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]


def stage_lookup():
    """Stage by its code or by its label in either language, case-insensitive."""
    from django.utils import translation

    lookup = {}
    for stage in Stage:
        lookup[stage.value] = stage.value
        for language in ("id", "en"):
            with translation.override(language):
                lookup[str(stage.label).lower()] = stage.value
    return lookup


class RosterError(Exception):
    """The file as a whole cannot be read."""


@dataclass
class Problem:
    row: int  # as a spreadsheet numbers it: the header is row 1
    column: str
    message: str


@dataclass
class Result:
    rows: list = field(default_factory=list)  # dicts of clean values
    problems: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.problems and bool(self.rows)


def template_response(fmt):
    from portal.exports import export_response

    example = [
        "Nama Peserta Fiktif",
        "0051234567",
        "P",
        "2008-05-17",
        "",
        "N5",
        "pengelasan",
        str(Stage.REGISTERED.label),
    ]
    return export_response(
        basename="templat-peserta",
        headers=[label for _name, label, _required in COLUMNS],
        rows=[example],
        fmt=fmt,
    )


def read_rows(upload):
    """The data rows of an uploaded .csv or .xlsx file, as lists of strings."""
    if upload.size > MAX_FILE_SIZE:
        raise RosterError(
            _("The file is larger than %(size)d MB. Split it, or remove empty rows and columns.")
            % {"size": MAX_FILE_SIZE // (1024 * 1024)}
        )
    name = (upload.name or "").lower()
    data = upload.read()
    if name.endswith(".xlsx") or data[:4] == b"PK\x03\x04":
        rows = _xlsx_rows(data)
    elif name.endswith(".csv") or name.endswith(".txt"):
        rows = _csv_rows(data)
    else:
        raise RosterError(_("Upload a .csv or .xlsx file (the template is either)."))
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise RosterError(_("The file is empty."))
    return rows[0], rows[1:]


def _csv_rows(data):
    if b"\x00" in data[:4096]:
        raise RosterError(_("This is not a text (CSV) file."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    rows = []
    try:
        for row in reader:
            rows.append(row)
            if len(rows) > MAX_ROWS + 1:
                break
    except csv.Error as error:
        raise RosterError(_("The CSV file cannot be read: %(error)s") % {"error": error}) from None
    return rows


def _xlsx_rows(data):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        # A zip bomb: refuse a workbook that expands beyond a reasonable size.
        if sum(info.file_size for info in archive.infolist()) > 20 * MAX_FILE_SIZE:
            raise RosterError(_("The Excel file expands to an unreasonable size."))
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except RosterError:
        raise
    except Exception:
        raise RosterError(_("The Excel file cannot be read. Save it again as .xlsx.")) from None
    sheet = workbook.worksheets[0]
    rows = []
    for values in sheet.iter_rows(values_only=True):
        rows.append([_cell_text(value) for value in values])
        if len(rows) > MAX_ROWS + 1:
            break
    workbook.close()
    return rows


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _parse_date(text):
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def check(upload, cohort):
    """Read and check a roster for `cohort`. Nothing is written."""
    header, body = read_rows(upload)
    result = Result()
    if len(body) > MAX_ROWS:
        raise RosterError(
            _("The file has more than %(max)d rows. Split it into several files.")
            % {"max": MAX_ROWS}
        )
    if len(header) < len(COLUMNS):
        raise RosterError(
            _(
                "The file has %(found)d columns; the template has %(expected)d. "
                "Download the template and copy your rows into it."
            )
            % {"found": len(header), "expected": len(COLUMNS)}
        )
    stages = stage_lookup()
    labels = {name: str(label) for name, label, _required in COLUMNS}
    npsns = {row[4].strip() for row in body if len(row) > 4 and row[4].strip()}
    schools = {o.npsn: o for o in Organisation.objects.filter(npsn__in=npsns)}
    nisns_in_file = {}
    today = timezone.localdate()
    for index, raw in enumerate(body, start=2):
        padded = ([c.strip() for c in raw] + [""] * len(COLUMNS))[: len(COLUMNS)]
        cells = dict(zip(COLUMN_NAMES, padded, strict=True))
        problems = []

        def problem(column, message, problems=problems, index=index):
            problems.append(Problem(index, labels[column], message))

        for name, _label, required in COLUMNS:
            if required and not cells[name]:
                problem(name, _("Required: this cell is empty."))
        if len(cells["full_name"]) > 200:
            problem("full_name", _("Longer than 200 characters."))
        nisn = cells["nisn"] or None
        if nisn is not None:
            if not (len(nisn) == 10 and nisn.isdigit()):
                problem("nisn", _("“%(value)s” is not an NISN: 10 digits.") % {"value": nisn})
            elif nisn in nisns_in_file:
                problem(
                    "nisn",
                    _("The same NISN is on row %(row)d of this file.")
                    % {"row": nisns_in_file[nisn]},
                )
            else:
                nisns_in_file[nisn] = index
        sex = SEX.get(cells["sex"].lower()) if cells["sex"] else None
        if cells["sex"] and sex is None:
            problem("sex", _("Write L (laki-laki) or P (perempuan)."))
        birth_date = _parse_date(cells["birth_date"]) if cells["birth_date"] else None
        if cells["birth_date"] and birth_date is None:
            problem("birth_date", _("Write the date as YYYY-MM-DD, e.g. 2008-05-17."))
        elif birth_date and birth_date > today:
            problem("birth_date", _("The date is in the future."))
        home = cohort.institution
        if cells["home_npsn"]:
            home = schools.get(cells["home_npsn"])
            if home is None:
                problem("home_npsn", _("No school with this NPSN is registered."))
        level = cells["language_level"].upper().replace("JLPT", "").strip()
        if level.startswith("JFT"):
            level = "JFT"
        if level and level not in Trainee.Language.values:
            problem("language_level", _("Write N5, N4, N3, N2, N1 or JFT."))
        stage = Stage.REGISTERED.value
        if cells["stage"]:
            stage = stages.get(cells["stage"].lower())
            if stage is None:
                problem("stage", _("Unknown stage “%(stage)s”.") % {"stage": cells["stage"]})
        if len(cells["occupation"]) > 100:
            problem("occupation", _("Longer than 100 characters."))
        result.problems.extend(problems)
        if not problems:
            result.rows.append(
                {
                    "row": index,
                    "full_name": cells["full_name"],
                    "nisn": nisn,
                    "sex": sex,
                    "birth_date": birth_date,
                    "home_institution": home,
                    "language_level": level,
                    "occupation": cells["occupation"],
                    "stage": stage,
                    "stage_label": Stage(stage).label,
                }
            )
    # NISNs registered already, anywhere: one query for the whole file.
    taken = dict(Trainee.objects.filter(nisn__in=nisns_in_file).values_list("nisn", "cohort_id"))
    for nisn, row in nisns_in_file.items():
        if nisn in taken:
            result.problems.append(
                Problem(
                    row,
                    labels["nisn"],
                    _("This NISN is already registered in another cohort.")
                    if taken[nisn] != cohort.pk
                    else _("This NISN is already registered in this cohort."),
                )
            )
    result.problems.sort(key=lambda p: (p.row, p.column))
    if result.problems:
        result.rows = []
    return result


def save(result, cohort, user):
    """Save every row of a clean result in one transaction; return how many."""
    today = timezone.localdate()
    with transaction.atomic():
        trainees = [
            Trainee(
                cohort=cohort,
                full_name=row["full_name"],
                nisn=row["nisn"],
                sex=row["sex"],
                birth_date=row["birth_date"],
                home_institution=row["home_institution"],
                language_level=row["language_level"],
                occupation=row["occupation"],
                stage=row["stage"],
                stage_since=today,
            )
            for row in result.rows
        ]
        created = bulk_create_with_history(trainees, Trainee, batch_size=1000, default_user=user)
        note = _("imported from a roster file")
        StageChange.objects.bulk_create(
            [
                StageChange(trainee=t, stage=t.stage, date=today, note=note, recorded_by=user)
                for t in created
            ],
            batch_size=2000,
        )
    return len(created)
