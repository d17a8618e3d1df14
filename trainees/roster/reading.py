"""Reading an uploaded roster file: its bytes into a table of text cells under its header.

Text files are read as UTF-8, UTF-16 or the Windows code page of the machine that saved them,
with the delimiter that makes a header of their first rows, and refused when they cannot be
read faithfully. Excel sheets are read no wider than their header and no longer than the row
limit, whatever they declare. Every limit holds against a hostile file: its size, its rows, the
cells of a sheet and the size of the workbook unpacked. A file that cannot be read as a whole
raises RosterError, with a message for the person who sent it.
"""

import codecs
import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass

import charset_normalizer
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from trainees.roster.mapping import (
    COLUMN_NAMES,
    HEADER_SEARCH_ROWS,
    _columns,
    _find_header,
    _header_lookup,
    _header_not_found,
)

MAX_FILE_SIZE = 5 * 1024 * 1024  # bytes: 10,000 rows of a roster are well under 2 MB
MAX_ROWS = 10_000
# How many cells of the rows searched for the header (HEADER_SEARCH_ROWS) are looked at,
# before the header's width is known.
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


class RosterError(Exception):
    """The file as a whole cannot be read."""


@dataclass
class Table:
    """What a file holds under its header."""

    columns: list  # (position in the row, Column or None for a row-number column, header)
    rows: list  # (spreadsheet row number, {column name: text}), blank rows left out
    encoding: str = ""


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


def _header_columns(number, cells, lookup):
    """The columns of the header on row `number`, or RosterError naming what is wrong."""
    columns, message = _columns(number, cells, lookup)
    if message:
        raise RosterError(message)
    return columns


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
    """{column name: text} of one row; "" for the columns the file does not have. The columns
    not kept (a name's reading) are left out."""
    cells = dict.fromkeys(COLUMN_NAMES, "")
    for position, column, _header in columns:
        if column is not None and column.kept and position < len(values):
            cells[column.name] = _cell_text(values[position], column)
    return cells


def _only_not_kept(values, columns):
    """Whether a row that is blank in the columns kept has something in one not kept: a
    trainee's reading of the name without the rest is a row to complete, not a blank one."""
    return any(
        _cell_text(values[position], column)
        for position, column, _header in columns
        if column is not None and not column.kept and position < len(values)
    )


def _add_row(rows, number, values, columns):
    """Add a row of the file to `rows`, unless it is blank (a row number alone is blank)."""
    row = _cells(values, columns)
    if not any(row.values()) and not _only_not_kept(values, columns):
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
            raise RosterError(_header_not_found())
        (number, cells, _known), delimiter = max(found, key=lambda item: item[0][2])
        columns = _header_columns(number, cells, lookup)
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
        raise RosterError(_header_not_found())
    number, cells, _known = found
    columns = _header_columns(number, cells, lookup)
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
