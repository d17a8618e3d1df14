"""A roster's columns, and how a file's header row names them.

The template's columns (COLUMNS) carry the headers people write for them: Indonesian, English
or Japanese (the Japanese partners' candidate lists), in any order, compared without case,
punctuation, extra spaces or the width of Japanese characters. A few columns are known and
not kept (NOT_KEPT: a name's reading in katakana), and a row-number column is not read. The
header is the first of the top rows that names two known columns; unknown, missing and
repeated columns are one short message naming them.
"""

import itertools
import re
import unicodedata
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The header is looked for in the first rows: there may be a title and a blank row above it.
HEADER_SEARCH_ROWS = 10


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
    # False for a column the portal reads and does not store (NOT_KEPT): the preview says so.
    kept: bool = True


COLUMNS = [
    Column(
        "full_name",
        gettext_lazy("full name"),
        required=True,
        aliases=("nama", "nama lengkap", "nama peserta", "nama siswa", "nama peserta didik")
        + ("name", "full name")
        + ("氏名", "名前"),
    ),
    Column("nisn", "NISN", aliases=("nisn", "nomor induk siswa nasional"), digits=10),
    Column(
        "sex",
        gettext_lazy("sex (L/P)"),
        required=True,
        aliases=("jk", "l/p", "jenis kelamin", "kelamin", "sex", "gender", "性別"),
    ),
    Column(
        "birth_date",
        gettext_lazy("date of birth (YYYY-MM-DD)"),
        required=True,
        aliases=("tanggal lahir", "tgl lahir", "lahir", "date of birth", "birth date", "dob")
        + ("生年月日",),
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
# Columns a file may have that the portal reads and does not store: accepted, and named so in
# the preview. The reading of a name in katakana (フリガナ) heads the Japanese partners' lists;
# a trainee has no field for it.
NOT_KEPT = [
    Column(
        "name_reading",
        gettext_lazy("reading of the name (furigana)"),
        aliases=("フリガナ", "ふりがな", "furigana"),
        kept=False,
    ),
]
DATE_COLUMNS = ["birth_date", "stage_date", "departed_on", "returned_on"]
# Spreadsheets number their rows in a column of their own ("No"): it is there, and not read.
ROW_NUMBER_HEADERS = ("no", "no urut", "nomor", "nomor urut")


def _normalise(header):
    """ "Tgl. Lahir", "TGL_LAHIR" and " tgl  lahir " are the same header: "tgl lahir"; so are
    the half-width "ﾌﾘｶﾞﾅ" Japanese spreadsheets write and "フリガナ" (NFKC)."""
    header = unicodedata.normalize("NFKC", header).casefold()
    return " ".join(part for part in re.split(r"[\W_]+", header) if part)


def _header_lookup():
    """Normalised header -> Column (None for a row-number column): the aliases and the
    template's labels, in Indonesian, in English and in the language of the page."""
    lookup = {_normalise(header): None for header in ROW_NUMBER_HEADERS}
    for column in COLUMNS + NOT_KEPT:
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
    """ "“Kelas”, “Alamat”": the first few headers, each cut short, so that a row of long
    cells read as a header does not make a message of a page."""
    shown = [header if len(header) <= 40 else header[:39] + "…" for header in headers[:6]]
    return ", ".join(f"“{header}”" for header in shown) + (", …" if len(headers) > 6 else "")


def _labels(columns):
    return ", ".join(str(column.label) for column in columns)


def _expected_columns():
    return _("Required: %(required)s. If you have them: %(optional)s.") % {
        "required": _labels(c for c in COLUMNS if c.required),
        "optional": _labels(c for c in COLUMNS if not c.required),
    }


def _header_not_found():
    """What a file whose header row is not found is told (trainees.roster.reading raises it)."""
    return (
        _(
            "Header row not found: none of the first %(rows)d rows names the columns. "
            "Put one row of column names (in any order) above the trainees."
        )
        % {"rows": HEADER_SEARCH_ROWS}
        + " "
        + _expected_columns()
    )


def _columns(number, cells, lookup):
    """The header's columns as (position, Column or None, header as written), and what is
    wrong with them: unknown, missing and repeated columns, one short message naming them (""
    when nothing is; trainees.roster.reading raises it, once for the file)."""
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
        return columns, ""
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
    # No list of every column the import reads here: the message stays short, and the page
    # links the template, which has them all.
    return columns, " ".join(messages)
