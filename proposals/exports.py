"""CSV and XLSX exports of (filtered) proposals for staff."""

from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter


def _headers() -> list[str]:
    return [
        _("Reference"),
        _("Title"),
        _("Sector"),
        _("Organisation"),
        _("Status"),
        _("Themes"),
        _("Atelier"),
        _("Submitted at"),
        _("Decided at"),
        _("Support"),
        _("Objections"),
        _("Abstentions"),
        _("Summary"),
        _("Official answer"),
        _("Link"),
    ]


def _safe(value):
    """Neutralise spreadsheet formulas in user text (CSV/formula injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _date(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _rows(proposals):
    from django.conf import settings

    for p in proposals:
        yield [
            p.reference,
            _safe(p.title),
            p.sector.name,
            p.organisation.short_name,
            p.get_status_display(),
            ", ".join(t.name for t in p.themes.all()),
            _safe(p.atelier.title) if p.atelier_id else "",
            _date(p.submitted_at),
            _date(p.decided_at),
            p.support_count,
            p.objection_count,
            p.abstention_count,
            _safe(p.summary),
            _safe(p.answer),
            settings.SITE_URL + p.get_absolute_url(),
        ]


def export_csv_rows(proposals):
    yield _headers()
    yield from _rows(proposals)


def export_xlsx(proposals) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Proposals")[:31]
    sheet.append(_headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in _rows(proposals):
        sheet.append(row)
    widths = [10, 50, 25, 18, 16, 30, 30, 17, 17, 8, 8, 8, 60, 60, 40]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
