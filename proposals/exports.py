"""CSV and XLSX exports of (filtered) proposals for staff."""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from streekpact.core.exports import table_response
from streekpact.core.markdown import markdown_to_text


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


def _date(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _rows(proposals):
    from django.conf import settings

    for p in proposals:
        yield [
            p.reference,
            p.title,
            p.sector.name,
            p.organisation.short_name,
            p.get_status_display(),
            ", ".join(t.name for t in p.themes.all()),
            p.atelier.title if p.atelier_id else "",
            _date(p.submitted_at),
            _date(p.decided_at),
            p.support_count,
            p.objection_count,
            p.abstention_count,
            p.summary,
            markdown_to_text(p.answer),
            settings.SITE_URL + p.get_absolute_url(),
        ]


def proposals_export_response(proposals, *, fmt: str) -> HttpResponse:
    """The proposals as a CSV or XLSX download (every cell through the one formula guard)."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return table_response(
        fmt,
        filename=f"voorstellen-{stamp}",
        header=_headers(),
        rows=_rows(proposals),
        sheet_title=_("Proposals"),
        widths=[10, 50, 25, 18, 16, 30, 30, 17, 17, 8, 8, 8, 60, 60, 40],
    )
