"""Checking a roster for a cohort: every row of the file, every cell. Nothing is written.

check() returns the clean rows, or every problem by row and column: nothing is saved until the
whole file is clean. A cell is checked by the rule of its field (trainees.fields), as in the
trainee form and the admin. Checks that need the database (NISNs already registered, home
institutions) run in one query each, whatever the number of rows.
"""

import datetime
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from partnerships.models import Organisation
from trainees import fields, services
from trainees.models import Stage, Trainee
from trainees.roster.mapping import COLUMNS, DATE_COLUMNS
from trainees.roster.reading import read_rows

# The ways a date may be written, each with the same day written that way: the message of a
# date not read lists them (a day past the 12th, so that the order of day and month shows).
# Year first with "-" or "/" (the Japanese partners' 2008/01/10), day first with "/" or "-"
# (Indonesian lists), or 2008年1月10日; a month or day of one digit reads too.
DATE_FORMATS = [
    ("%Y-%m-%d", "2008-05-17"),
    ("%Y/%m/%d", "2008/05/17"),
    ("%d/%m/%Y", "17/05/2008"),
    ("%d-%m-%Y", "17-05-2008"),
    ("%Y年%m月%d日", "2008年5月17日"),
]
# How much of a cell that is not a date the message repeats.
QUOTED_LENGTH = 30


def stage_lookup():
    """Stage by its code or by its label in either language, case-insensitive."""
    lookup = {}
    for stage in Stage:
        lookup[stage.value] = stage.value
        for language in ("id", "en"):
            with translation.override(language):
                lookup[str(stage.label).lower()] = stage.value
    return lookup


@dataclass
class Problem:
    row: int  # as the spreadsheet numbers it, title rows above the header included
    column: str
    message: str


@dataclass
class Result:
    rows: list = field(default_factory=list)  # dicts of clean values
    problems: list = field(default_factory=list)
    # (header as written, label or None if not read, whether the portal keeps what it read)
    columns: list = field(default_factory=list)
    encoding: str = ""  # how a text file was read, for the preview; "" for Excel

    @property
    def ok(self):
        return not self.problems and bool(self.rows)


def _parse_date(text):
    # Full-width digits and signs (２００８／０１／１０), as Japanese keyboards type them, are
    # the same date.
    text = unicodedata.normalize("NFKC", text).strip()
    for fmt, _example in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _not_a_date(text):
    """The message of a date cell that is not read: the value found and every way accepted."""
    if len(text) > QUOTED_LENGTH:
        text = text[: QUOTED_LENGTH - 1] + "…"
    return _(
        "“%(value)s” is not a date this import reads. Write it like one of these, which are "
        "all 17 May 2008: %(formats)s."
    ) % {"value": text, "formats": ", ".join(example for _fmt, example in DATE_FORMATS)}


def check(upload, cohort):
    """Read and check a roster for `cohort`. Nothing is written.

    A trainee's cells go through the rules of their fields (trainees.fields), the same as the
    trainee form and the admin run; the stage and its dates through the rules of a move
    (trainees.services.entry_problems)."""
    table = read_rows(upload)
    result = Result(
        columns=[
            (header, column and str(column.label), column is not None and column.kept)
            for _p, column, header in table.columns
        ],
        encoding=table.encoding,
    )
    stages = stage_lookup()
    labels = {column.name: str(column.label) for column in COLUMNS}
    npsns = {cells["home_npsn"] for _index, cells in table.rows if cells["home_npsn"]}
    schools = {o.npsn: o for o in Organisation.objects.filter(npsn__in=npsns)}
    nisns_in_file = {}
    today = timezone.localdate()
    domestic = cohort.is_domestic
    stage_labels = {labels[name] for name in ("stage", "stage_date", "departed_on", "returned_on")}
    for index, cells in table.rows:
        problems = []

        def problem(column, message, problems=problems, index=index):
            problems.append(Problem(index, labels[column], message))

        def clean(column, rule, *args, problem=problem):
            """rule(*args): the clean value, or None and the rule's message under `column`."""
            try:
                return rule(*args)
            except ValidationError as error:
                problem(column, error.messages[0])
                return None

        for column in COLUMNS:
            if column.required and not cells[column.name]:
                problem(column.name, _("Required: this cell is empty."))
        clean("full_name", fields.clean_full_name, cells["full_name"])
        nisn = cells["nisn"] or None
        if nisn is not None and clean("nisn", fields.clean_nisn, nisn):
            if nisn in nisns_in_file:
                problem(
                    "nisn",
                    _("The same NISN is on row %(row)d of this file.")
                    % {"row": nisns_in_file[nisn]},
                )
            else:
                nisns_in_file[nisn] = index
        sex = clean("sex", fields.clean_sex, cells["sex"]) if cells["sex"] else None
        dates = dict.fromkeys(DATE_COLUMNS)
        for name in DATE_COLUMNS:
            if cells[name]:
                dates[name] = _parse_date(cells[name])
                if dates[name] is None:
                    problem(name, _not_a_date(cells[name]))
                elif name == "birth_date":
                    clean(name, fields.clean_birth_date, dates[name], today)
                elif dates[name] > today:
                    problem(name, _("The date is in the future."))
        home = cohort.institution
        if cells["home_npsn"]:
            home = schools.get(cells["home_npsn"])
            if home is None:
                problem("home_npsn", _("No school with this NPSN is registered."))
            else:
                clean("home_npsn", fields.clean_home_institution, home)
        level = clean("language_level", fields.clean_language_level, cells["language_level"])
        stage = Stage.REGISTERED.value
        if cells["stage"]:
            stage = stages.get(cells["stage"].lower())
            if stage is None:
                problem("stage", _("Unknown stage “%(stage)s”.") % {"stage": cells["stage"]})
        clean("occupation", fields.clean_occupation, cells["occupation"])
        if stage is not None and not any(p.column in stage_labels for p in problems):
            # The same rules as a move: a stage the programme has, dates in order, and the
            # departure (and return) of a trainee who went to Japan.
            for name, message in services.entry_problems(
                stage=stage,
                since=dates["stage_date"],
                departed_on=dates["departed_on"],
                returned_on=dates["returned_on"],
                domestic=domestic,
                today=today,
            ).items():
                problem(name, message)
        result.problems.extend(problems)
        if not problems:
            result.rows.append(
                {
                    "row": index,
                    "full_name": cells["full_name"],
                    "nisn": nisn,
                    "sex": sex,
                    "sex_label": Trainee.Sex(sex).label,
                    "birth_date": dates["birth_date"],
                    "home_institution": home,
                    "language_level": level,
                    "occupation": cells["occupation"],
                    "stage": stage,
                    "stage_label": Stage(stage).label,
                    "stage_date": dates["stage_date"],
                    "departed_on": dates["departed_on"],
                    "returned_on": dates["returned_on"],
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
