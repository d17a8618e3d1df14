"""Roster files: the template, reading an uploaded CSV or Excel file, checking every row, and
saving them all in one transaction.

A file is read by its header row, found under any title rows: Indonesian or English column
names, in any order. Text files are read as UTF-8, UTF-16 or the Windows code page of the
machine that saved them, and refused when they cannot be read faithfully. Excel sheets are read
no wider than their header and no longer than the row limit, whatever they declare.

Nothing is saved until the whole file is clean. Checks that need the database (NISNs already
registered, home institutions) run in one query each, whatever the number of rows.
"""

import codecs
import csv
import datetime
import io
import itertools
import re
import zipfile
from dataclasses import dataclass, field

import charset_normalizer
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from partnerships.models import Organisation
from trainees import services
from trainees.models import Stage, Trainee

MAX_FILE_SIZE = 5 * 1024 * 1024  # bytes: 10,000 rows of a roster are well under 2 MB
MAX_ROWS = 10_000
# The header is looked for in the first rows: there may be a title and a blank row above it.
HEADER_SEARCH_ROWS = 10
# How many cells of those first rows are looked at, before the header's width is known.
HEADER_SEARCH_WIDTH = 64
# Rows of an Excel sheet read below the header, blank and merely formatted ones included:
# room for blank rows between trainees, and a bound on a sheet of a million empty rows.
MAX_SHEET_ROWS = 2 * MAX_ROWS
# Cells of an Excel sheet, filled or only formatted. openpyxl parses every cell of a row, even
# past the columns asked for (about 1 µs each): 600 rows of 16,384 formatted empty cells are a
# 200 KB file and 12 s of work. A full roster is 10,000 rows of 12 cells; twice that is plenty.
MAX_SHEET_CELLS = 2 * MAX_ROWS * 12
# The start of a cell element, <c ...> or <x:c ...>, in a sheet's XML.
CELL_TAG = re.compile(rb"<(?:[\w.-]+:)?c[\s/>]")


@dataclass(frozen=True)
class Column:
    """A roster column: its key in a row, the template's header, and the other headers people
    write for it (compared without case, punctuation or extra spaces)."""

    name: str
    label: object  # the template's header, translated when shown
    required: bool = False
    aliases: tuple = ()
    # An identifier of this many digits: when Excel has turned it into a number, its leading
    # zeros come back (NISNs mostly start with 00).
    digits: int = 0


COLUMNS = [
    Column(
        "full_name",
        gettext_lazy("full name"),
        required=True,
        aliases=("nama", "nama lengkap", "nama peserta", "nama siswa", "nama peserta didik")
        + ("name", "full name"),
    ),
    Column("nisn", "NISN", aliases=("nisn", "nomor induk siswa nasional"), digits=10),
    Column(
        "sex",
        gettext_lazy("sex (L/P)"),
        required=True,
        aliases=("jk", "l/p", "jenis kelamin", "kelamin", "sex", "gender"),
    ),
    Column(
        "birth_date",
        gettext_lazy("date of birth (YYYY-MM-DD)"),
        required=True,
        aliases=("tanggal lahir", "tgl lahir", "lahir", "date of birth", "birth date", "dob"),
    ),
    Column(
        "home_npsn",
        gettext_lazy("NPSN of the home school"),
        aliases=("npsn", "npsn sekolah", "npsn sekolah asal", "npsn asal", "home npsn"),
        digits=8,
    ),
    Column(
        "language_level",
        gettext_lazy("Japanese level (N5..N1, JFT)"),
        aliases=("bahasa", "bahasa jepang", "tingkat bahasa jepang", "level bahasa jepang")
        + ("jlpt", "japanese level", "language level"),
    ),
    Column(
        "occupation",
        gettext_lazy("occupation field"),
        aliases=("bidang", "bidang kerja", "bidang pekerjaan", "occupation"),
    ),
    Column("stage", gettext_lazy("stage"), aliases=("tahap", "stage")),
    Column(
        "stage_date",
        gettext_lazy("stage date (YYYY-MM-DD)"),
        aliases=("tanggal tahap", "tgl tahap", "stage date"),
    ),
    Column(
        "departed_on",
        gettext_lazy("departure date (YYYY-MM-DD)"),
        aliases=("tanggal berangkat", "tgl berangkat", "berangkat", "departure date"),
    ),
    Column(
        "returned_on",
        gettext_lazy("return date (YYYY-MM-DD)"),
        aliases=("tanggal pulang", "tgl pulang", "pulang", "return date"),
    ),
]
COLUMN_NAMES = [column.name for column in COLUMNS]
DATE_COLUMNS = ["birth_date", "stage_date", "departed_on", "returned_on"]
# Spreadsheets number their rows in a column of their own ("No"): it is there, and not read.
ROW_NUMBER_HEADERS = ("no", "no urut", "nomor", "nomor urut")
SEX = {"l": "M", "laki-laki": "M", "m": "M", "male": "M", "p": "F", "perempuan": "F", "f": "F"}
SEX.update({"female": "F"})
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]

# Excel's "Unicode Text" is UTF-16 with a BOM; its "CSV UTF-8" has the UTF-8 one.
BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
]
# Excel's plain "CSV" is in the Windows code page of the machine: 1252 in Indonesia, 932
# (Shift-JIS) at the Japanese partners. charset-normalizer tells them apart; left free to choose
# among its hundred code pages it reads a few accented names as Baltic or Korean.
LEGACY_ENCODINGS = {"cp1252": "Windows-1252", "cp932": "Shift-JIS"}
# A character in UTF-8 (two to four bytes). Read as Windows-1252 it would be "Ã©", never a name.
UTF8_CHARACTER = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
CSV_DELIMITERS = [",", ";", "\t"]  # Indonesian Excel writes ";", "Unicode Text" tabs


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
    row: int  # as the spreadsheet numbers it, title rows above the header included
    column: str
    message: str


@dataclass
class Result:
    rows: list = field(default_factory=list)  # dicts of clean values
    problems: list = field(default_factory=list)
    columns: list = field(default_factory=list)  # (header as written, label or None if not read)
    encoding: str = ""  # how a text file was read, for the preview; "" for Excel

    @property
    def ok(self):
        return not self.problems and bool(self.rows)


@dataclass
class Table:
    """What a file holds under its header."""

    columns: list  # (position in the row, Column or None for a row-number column, header)
    rows: list  # (spreadsheet row number, {column name: text}), blank rows left out
    encoding: str = ""


def template_response(fmt):
    """The template to fill in, as CSV or Excel. In the Excel one NISN and NPSN are Text columns,
    so that Excel keeps the leading zeros of what is typed there."""
    from portal.exports import export_response, safe_cell

    example = {
        "full_name": "Nama Peserta Fiktif",
        "nisn": "0051234567",
        "sex": "P",
        "birth_date": "2008-05-17",
        "language_level": "N5",
        "occupation": "pengelasan",
        "stage": str(Stage.REGISTERED.label),
    }
    headers = [column.label for column in COLUMNS]
    row = [example.get(name, "") for name in COLUMN_NAMES]
    if fmt == "csv":
        return export_response(basename="templat-peserta", headers=headers, rows=[row], fmt=fmt)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "templat-peserta"
    sheet.append([str(header) for header in headers])
    sheet.append([safe_cell(value) if value else None for value in row])
    for position, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(position)
        sheet.column_dimensions[letter].width = max(12, len(str(column.label)) + 2)
        if column.digits:
            # The whole column, for the rows still to be typed, and the cells written here.
            sheet.column_dimensions[letter].number_format = "@"
            for (cell,) in sheet.iter_rows(min_col=position, max_col=position):
                cell.number_format = "@"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"templat-peserta-{timezone.localdate().isoformat()}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def read_rows(upload):
    """The header's columns and the rows below it of an uploaded .csv or .xlsx file."""
    if upload.size > MAX_FILE_SIZE:
        raise RosterError(
            _("The file is larger than %(size)d MB. Split it, or remove empty rows and columns.")
            % {"size": MAX_FILE_SIZE // (1024 * 1024)}
        )
    name = (upload.name or "").lower()
    data = upload.read()
    if name.endswith(".xlsx") or data[:4] == b"PK\x03\x04":
        return _xlsx_rows(data)
    if name.endswith(".csv") or name.endswith(".txt"):
        return _csv_rows(data)
    raise RosterError(_("Upload a .csv or .xlsx file (the template is either)."))


def _normalise(header):
    """ "Tgl. Lahir", "TGL_LAHIR" and " tgl  lahir " are the same header: "tgl lahir"."""
    return " ".join(part for part in re.split(r"[\W_]+", header.casefold()) if part)


def _header_lookup():
    """Normalised header -> Column (None for a row-number column): the aliases and the
    template's labels, in Indonesian, in English and in the language of the page."""
    lookup = {_normalise(header): None for header in ROW_NUMBER_HEADERS}
    for column in COLUMNS:
        for alias in column.aliases:
            lookup[_normalise(alias)] = column
        for language in ("id", "en", translation.get_language()):
            with translation.override(language):
                lookup[_normalise(str(column.label))] = column
    return lookup


def _header_text(value):
    return "" if value is None else str(value).strip()


def _find_header(rows, lookup):
    """(row number, cells, how many columns it names) of the first row naming two known
    columns, among the first rows of a file; None if there is none."""
    for number, cells in enumerate(itertools.islice(rows, HEADER_SEARCH_ROWS), start=1):
        known = sum(lookup.get(_normalise(_header_text(cell))) is not None for cell in cells)
        if known >= 2:
            return number, cells, known
    return None


def _quoted(headers):
    return ", ".join(f"“{header}”" for header in headers)


def _labels(columns):
    return ", ".join(str(column.label) for column in columns)


def _expected_columns():
    return _("Required: %(required)s. If you have them: %(optional)s.") % {
        "required": _labels(c for c in COLUMNS if c.required),
        "optional": _labels(c for c in COLUMNS if not c.required),
    }


def _header_not_found():
    return RosterError(
        _(
            "Header row not found: none of the first %(rows)d rows names the columns. "
            "Put one row of column names (in any order) above the trainees."
        )
        % {"rows": HEADER_SEARCH_ROWS}
        + " "
        + _expected_columns()
    )


def _columns(number, cells, lookup):
    """The header's columns as (position, Column or None, header as written). Unknown,
    missing and repeated columns are one error naming them all."""
    columns, unknown, seen = [], [], {}
    for position, cell in enumerate(cells):
        header = _header_text(cell)
        key = _normalise(header)
        if not key:
            continue
        if key not in lookup:
            unknown.append(header)
            continue
        column = lookup[key]
        columns.append((position, column, header))
        if column is not None:
            seen.setdefault(column.name, []).append(header)
    missing = [column for column in COLUMNS if column.required and column.name not in seen]
    repeated = [
        (column, seen[column.name]) for column in COLUMNS if len(seen.get(column.name, ())) > 1
    ]
    if not (unknown or missing or repeated):
        return columns
    messages = [_("The header on row %(row)d cannot be read.") % {"row": number}]
    if unknown:
        messages.append(_("Unknown columns: %(columns)s.") % {"columns": _quoted(unknown)})
    if missing:
        messages.append(_("Missing columns: %(columns)s.") % {"columns": _labels(missing)})
    for column, headers in repeated:
        messages.append(
            _("The column “%(label)s” appears more than once: %(columns)s.")
            % {"label": str(column.label), "columns": _quoted(headers)}
        )
    messages.append(_expected_columns())
    raise RosterError(" ".join(messages))


def _cell_text(value, column):
    """A cell as the text typed in it. Excel gives numbers and dates: a date is written
    YYYY-MM-DD, and an NISN or NPSN it made a number of gets its leading zeros back."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if type(value) is int and column.digits and 0 <= value < 10**column.digits:
        return str(value).zfill(column.digits)
    return str(value)


def _cells(values, columns):
    """{column name: text} of one row; "" for the columns the file does not have."""
    cells = dict.fromkeys(COLUMN_NAMES, "")
    for position, column, _header in columns:
        if column is not None and position < len(values):
            cells[column.name] = _cell_text(values[position], column)
    return cells


def _add_row(rows, number, values, columns):
    """Add a row of the file to `rows`, unless it is blank (a row number alone is blank)."""
    row = _cells(values, columns)
    if not any(row.values()):
        return
    if len(rows) == MAX_ROWS:
        raise RosterError(
            _("The file has more than %(max)d rows. Split it into several files.")
            % {"max": MAX_ROWS}
        )
    if any("\ufffd" in text for text in row.values()):
        raise _replacement_character(number)
    rows.append((number, row))


def _replacement_character(row):
    # U+FFFD stands for a letter an earlier conversion could not read: the name is wrong already.
    return RosterError(
        _(
            "Row %(row)d contains “%(char)s”: letters were lost when the file was converted "
            "earlier. Correct them and upload the file again."
        )
        % {"row": row, "char": "\ufffd"}
    )


def _csv_rows(data):
    text, encoding = _decode(data)
    if not text.strip():
        raise RosterError(_("The file is empty."))
    lookup = _header_lookup()
    try:
        # The delimiter is the one that makes a header of the first rows.
        found = [
            (header, delimiter)
            for delimiter in CSV_DELIMITERS
            if (header := _find_header(csv.reader(io.StringIO(text), delimiter=delimiter), lookup))
        ]
        if not found:
            raise _header_not_found()
        (number, cells, _known), delimiter = max(found, key=lambda item: item[0][2])
        columns = _columns(number, cells, lookup)
        rows = []
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        for row_number, values in enumerate(reader, start=1):
            if row_number > number:
                _add_row(rows, row_number, values, columns)
    except csv.Error as error:
        raise RosterError(_("The CSV file cannot be read: %(error)s") % {"error": error}) from None
    return Table(columns=columns, rows=rows, encoding=encoding)


def _not_one_encoding(mixed):
    if mixed:
        message = _(
            "Part of this file is UTF-8 and part is in another encoding, so some letters would "
            "be garbled."
        )
    else:
        message = _(
            "The letters of this file cannot all be read in one encoding (UTF-8, UTF-16, "
            "Windows-1252 or Shift-JIS)."
        )
    return RosterError(
        message + " " + _("Open it in Excel, save it as “CSV UTF-8” and upload it again.")
    )


def _decode(data):
    """The text of a CSV file and the name of its encoding. A file is read in one encoding,
    whole, or refused: never with letters guessed or replaced."""
    codec, name = next(((c, n) for bom, c, n in BOMS if data.startswith(bom)), (None, None))
    if codec:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            # A UTF-8 BOM before bytes that are not UTF-8: rows added in another encoding.
            raise _not_one_encoding(mixed=codec == "utf-8-sig") from None
    elif b"\x00" in data[:4096]:
        raise RosterError(_("This is not a text (CSV) file."))
    else:
        try:
            text, name = data.decode("utf-8"), "UTF-8"
        except UnicodeDecodeError:
            text, name = _decode_legacy(data)
    if "\x00" in text:
        raise RosterError(_("This is not a text (CSV) file."))
    return text, name


def _decode_legacy(data):
    """Text that is not UTF-8: Windows-1252 or Shift-JIS, if the whole file reads cleanly in
    one of them and not partly as UTF-8."""
    # Lines of plain ASCII read the same in every encoding: left out, they cannot drown the few
    # names that tell one encoding from another.
    lines = [line for line in data.splitlines() if not line.isascii()]
    if any(_is_utf8(line) for line in lines):
        raise _not_one_encoding(mixed=True)
    match = charset_normalizer.from_bytes(
        b"\n".join(lines), cp_isolation=list(LEGACY_ENCODINGS)
    ).best()
    if match is None:
        raise _not_one_encoding(mixed=False)
    if match.encoding == "cp1252" and UTF8_CHARACTER.search(data):
        raise _not_one_encoding(mixed=True)
    try:
        return data.decode(match.encoding), LEGACY_ENCODINGS[match.encoding]
    except UnicodeDecodeError:
        raise _not_one_encoding(mixed=False) from None


def _is_utf8(line):
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


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
    try:
        sheet = workbook.worksheets[0]
        # openpyxl knows where the sheet is in the archive; it has no public name for it.
        with archive.open(sheet._worksheet_path) as xml:
            if _count_cells(xml) > MAX_SHEET_CELLS:
                raise RosterError(
                    _(
                        "The sheet has more than %(max)d cells, filled or formatted: far more "
                        "than a roster. Delete the empty rows and columns around the trainees, "
                        "or copy them into the template."
                    )
                    % {"max": MAX_SHEET_CELLS}
                )
        return _sheet_rows(sheet)
    except RosterError:
        raise
    except Exception:
        raise RosterError(_("The Excel file cannot be read. Save it again as .xlsx.")) from None
    finally:
        workbook.close()


def _count_cells(xml):
    """How many cells a sheet's XML holds, counted up to just past MAX_SHEET_CELLS."""
    count, carry = 0, b""
    while count <= MAX_SHEET_CELLS and (chunk := xml.read(1024 * 1024)):
        buffer = carry + chunk
        # A tag never holds a "<": cut before the last one, and no tag is cut in two.
        cut = buffer.rfind(b"<")
        if cut < 0:
            cut = len(buffer)
        count += len(CELL_TAG.findall(buffer, 0, cut))
        carry = buffer[cut:]
    return count + len(CELL_TAG.findall(carry))


def _sheet_rows(sheet):
    # openpyxl pads every row to the size the sheet declares: a 4 KB file declaring A1:XFD20000
    # would be 20,000 rows of 16,384 cells. Forget it, and read no wider than the header and no
    # longer than MAX_SHEET_ROWS.
    sheet.reset_dimensions()
    lookup = _header_lookup()
    top = sheet.iter_rows(max_row=HEADER_SEARCH_ROWS, max_col=HEADER_SEARCH_WIDTH, values_only=True)
    found = _find_header(top, lookup)
    if found is None:
        raise _header_not_found()
    number, cells, _known = found
    columns = _columns(number, cells, lookup)
    width = max(position for position, _column, _header in columns) + 1
    rows = []
    below = sheet.iter_rows(min_row=number + 1, max_col=width, values_only=True)
    for row_number, values in enumerate(below, start=number + 1):
        if row_number > number + MAX_SHEET_ROWS:
            raise RosterError(
                _(
                    "The sheet goes on below row %(row)d, with empty or formatted rows. Delete "
                    "the rows below the trainees, or split the file."
                )
                % {"row": number + MAX_SHEET_ROWS}
            )
        _add_row(rows, row_number, values, columns)
    return Table(columns=columns, rows=rows)


def _parse_date(text):
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def check(upload, cohort):
    """Read and check a roster for `cohort`. Nothing is written."""
    table = read_rows(upload)
    result = Result(
        columns=[(header, column and str(column.label)) for _p, column, header in table.columns],
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

        for column in COLUMNS:
            if column.required and not cells[column.name]:
                problem(column.name, _("Required: this cell is empty."))
        if len(cells["full_name"]) > 200:
            problem("full_name", _("Longer than 200 characters."))
        nisn = cells["nisn"] or None
        if nisn is not None:
            digits = nisn.isascii() and nisn.isdigit()
            if digits and len(nisn) < 10:
                problem(
                    "nisn",
                    _(
                        "“%(value)s” has %(digits)d digits; an NISN has 10. If the spreadsheet "
                        "removed its leading zeros, format the column as Text and type them again."
                    )
                    % {"value": nisn, "digits": len(nisn)},
                )
            elif not (digits and len(nisn) == 10):
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
        dates = dict.fromkeys(DATE_COLUMNS)
        for name in DATE_COLUMNS:
            if cells[name]:
                dates[name] = _parse_date(cells[name])
                if dates[name] is None:
                    problem(name, _("Write the date as YYYY-MM-DD, e.g. 2008-05-17."))
                elif dates[name] > today:
                    problem(name, _("The date is in the future."))
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


def save(result, cohort, user):
    """Save every row of a clean result in one transaction, through the same service as the
    trainee form; return how many."""
    created = services.register_trainees(
        cohort=cohort,
        trainees=[
            Trainee(
                full_name=row["full_name"],
                nisn=row["nisn"],
                sex=row["sex"],
                birth_date=row["birth_date"],
                home_institution=row["home_institution"],
                language_level=row["language_level"],
                occupation=row["occupation"],
                stage=row["stage"],
                stage_since=row["stage_date"],
                departed_on=row["departed_on"],
                returned_on=row["returned_on"],
            )
            for row in result.rows
        ],
        user=user,
        note=_("imported from a roster file"),
        validate=False,  # check() has checked every cell; the stage rules run again
    )
    return len(created)
