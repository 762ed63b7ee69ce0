"""Every CSV and XLSX download of the portal: one writer per format, one formula guard.

Apps build a header and rows of plain values (text, numbers, dates already formatted) and call
`table_response`. Every cell passes `safe_cell` first, whatever column it is in: names of
sectors, organisations and themes are user text as much as titles are, and a spreadsheet
program runs a cell that starts like a formula (CSV or formula injection, OWASP).
"""

import csv
from collections.abc import Iterable, Sequence
from io import BytesIO

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# What makes Excel, LibreOffice or Google Sheets read a cell as a formula (or a DDE command):
# the ASCII triggers, tab and line breaks that shift the start, and their full-width forms.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def safe_cell(value):
    """A cell value that no spreadsheet program will run as a formula.

    Text that starts with a formula trigger (also after leading spaces) is prefixed with an
    apostrophe, which spreadsheets read as "this is text". Numbers and None pass unchanged.
    """
    if value is None:
        return ""
    if not isinstance(value, str):
        if isinstance(value, bool | int | float):
            return value
        value = str(value)
    if value.startswith(_FORMULA_STARTS) or value.lstrip(" ").startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _safe_rows(header: Sequence, rows: Iterable[Sequence]):
    yield [safe_cell(v) for v in header]
    for row in rows:
        yield [safe_cell(v) for v in row]


def csv_response(*, filename: str, header: Sequence, rows: Iterable[Sequence]) -> HttpResponse:
    """A CSV download as Belgian spreadsheet programs open it: UTF-8 with a BOM, `;`-separated."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerows(_safe_rows(header, rows))
    return response


def xlsx_response(
    *,
    filename: str,
    header: Sequence,
    rows: Iterable[Sequence],
    sheet_title: str = "",
    widths: Sequence[int] = (),
) -> HttpResponse:
    """An XLSX download: a bold, frozen header row above the rows, every cell a value."""
    workbook = Workbook()
    sheet = workbook.active
    if sheet_title:
        sheet.title = sheet_title[:31]
    for row in _safe_rows(header, rows):
        # XML cannot hold most control characters: drop them rather than fail the download.
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def table_response(fmt: str, **kwargs) -> HttpResponse:
    """`csv_response` or `xlsx_response` by format name ("csv" or "xlsx")."""
    if fmt == "xlsx":
        return xlsx_response(**kwargs)
    if fmt != "csv":
        raise ValueError(f"unknown export format {fmt!r}")
    kwargs.pop("sheet_title", None)
    kwargs.pop("widths", None)
    return csv_response(**kwargs)
