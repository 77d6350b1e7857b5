"""CSV and XLSX downloads that a spreadsheet program opens safely.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab, a carriage return or a line feed could
be run as a formula by Excel or LibreOffice ("CSV injection", OWASP: a line break first hides the
formula on the cell's second line). Text cells starting with one of them get
a leading apostrophe, which spreadsheet programs show as plain text. Numbers stay numbers: they
are written as numbers, never as text, so a negative amount is not mangled.
"""

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Cell = str | int | Decimal | float | datetime.date | None


def escape_cell(value: Cell) -> Cell:
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _csv_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(escape_cell(value))


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel reads ä and ö right; ``;`` as the separator,
    as Finnish-locale spreadsheet programs expect."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([_csv_text(cell) for cell in header])
    for row in rows:
        writer.writerow([_csv_text(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(
    header: Sequence[str], rows: Iterable[Sequence[Cell]], *, sheet_title: str = "Data"
) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    sheet.append([escape_cell(cell) for cell in header])
    for row in rows:
        sheet.append([escape_cell(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def download(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_download(header, rows, *, filename: str) -> HttpResponse:
    return download(
        csv_bytes(header, rows), filename=filename, content_type="text/csv; charset=utf-8"
    )


def xlsx_download(header, rows, *, filename: str, sheet_title: str = "Data") -> HttpResponse:
    return download(
        xlsx_bytes(header, rows, sheet_title=sheet_title),
        filename=filename,
        content_type=XLSX_CONTENT_TYPE,
    )
