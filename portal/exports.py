"""CSV and Excel downloads of list pages, with the page's filters applied."""

import csv
import io

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook

FORMATS = {"csv", "xlsx"}
# A spreadsheet runs a cell that starts with one of these as a formula ("CSV injection"):
# an organisation named "=HYPERLINK(...)" must stay text.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if value is None:
        return ""
    if isinstance(value, Promise):  # a lazily translated label
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class _Echo:
    def write(self, value):
        return value


def export_response(*, basename, headers, rows, fmt):
    """Stream `rows` (an iterable of lists) as CSV, or build an .xlsx workbook."""
    stamp = timezone.localdate().isoformat()
    filename = f"{basename}-{stamp}.{fmt}"
    if fmt == "csv":
        writer = csv.writer(_Echo())

        def lines():
            yield "\ufeff"  # a BOM, so that Excel reads the file as UTF-8
            yield writer.writerow([str(header) for header in headers])
            for row in rows:
                yield writer.writerow([safe_cell(value) for value in row])

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    else:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(basename[:31])
        sheet.append([str(header) for header in headers])
        for row in rows:
            sheet.append([safe_cell(value) for value in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class ExportMixin:
    """For a FilterView: ?format=csv or ?format=xlsx downloads every filtered row, unpaginated.

    Subclasses give `export_basename`, `export_headers()` and `export_row(obj)`."""

    export_basename = "export"

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("format")
        if fmt not in FORMATS:
            return super().get(request, *args, **kwargs)
        filterset = self.get_filterset(self.get_filterset_class())
        queryset = filterset.qs if filterset.is_valid() or not self.strict else filterset.qs.none()
        rows = (self.export_row(obj) for obj in queryset.iterator(chunk_size=500))
        return export_response(
            basename=self.export_basename, headers=self.export_headers(), rows=rows, fmt=fmt
        )
