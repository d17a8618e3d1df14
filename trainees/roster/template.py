"""The roster template to fill in, as CSV or Excel: the columns of trainees.roster.mapping, and a
row of an invented trainee to show how they are written."""

import io

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from trainees.models import Stage
from trainees.roster.mapping import COLUMN_NAMES, COLUMNS


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
