"""The monitoring report of a period: frozen content, its HTML and its PDF.

The PDF goes through the pact's pipeline (`pact.rendering`): the same URL fetcher, which serves
only the app's own static files, the same PDF/UA-1 variant and the same `finish_pdf_ua`
tagging. Only the template differs.
"""

import hashlib
import json

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format

from pact.rendering import (
    STATIC_SCHEME,
    RenderedPdf,
    layout,
    write,
)
from pact.snapshot import AUTHOR, DOCUMENT_LANGUAGE
from streekpact.core.money import format_money

from .models import NEEDS_REASON, ProgressStatus, ReportingPeriod, ReportState
from .selectors import Standing, period_overview

STANDING_TEXT = {
    Standing.REPORTED: "gerapporteerd",
    Standing.LATE: "te laat gerapporteerd",
    Standing.MISSING: "ontbreekt",
    Standing.PENDING: "nog niet gerapporteerd",
    Standing.NO_TREKKER: "geen trekker",
}


def _number(value) -> str:
    if value is None:
        return ""
    text = f"{value:,.2f}".replace(",", " ").replace(".", ",")
    return text[:-3] if text.endswith(",00") else text


def _day(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def build_content(period: ReportingPeriod) -> dict:
    """The report's content as JSON: what the PDF shows, frozen at the request."""
    overview = period_overview(period)
    chapters = []
    delayed = []
    with translation.override(DOCUMENT_LANGUAGE):
        statuses = [(value, str(label)) for value, label in ProgressStatus.choices]
        for summary in overview.chapters:
            actions = []
            for row in summary.rows:
                report = row.report
                submitted = report is not None and report.state == ReportState.SUBMITTED
                values = list(report.values.all()) if submitted else []
                item = {
                    "title": row.action.title,
                    "trekker": str(row.action.trekker or ""),
                    "standing": STANDING_TEXT[row.standing],
                    "status": report.status if submitted else "",
                    "status_label": report.get_status_display() if submitted else "",
                    "narrative": report.narrative if submitted else "",
                    "obstacles": report.obstacles if submitted else "",
                    "budget": format_money(row.action.budget),
                    "spent": format_money(report.spent) if submitted else "",
                    "indicators": [
                        {
                            "name": v.indicator.name,
                            "unit": v.indicator.unit,
                            "value": _number(v.value),
                            "measured_on": _day(v.measured_on),
                            "target": _number(v.indicator.target),
                            "target_date": _day(v.indicator.target_date),
                            "expected": _number(v.indicator.expected_on(v.measured_on)),
                            "off_track": bool(v.off_track),
                        }
                        for v in values
                    ],
                }
                actions.append(item)
                if submitted and report.status in NEEDS_REASON:
                    delayed.append({**item, "chapter": summary.chapter.title})
            chapters.append(
                {
                    "title": summary.chapter.title,
                    "statuses": [
                        {"label": label, "count": summary.by_status.get(value, 0)}
                        for value, label in statuses
                    ],
                    "unreported": summary.by_status.get("", 0),
                    "actions": actions,
                }
            )
        today = timezone.localdate()
        return {
            "pact": {"title": period.pact.title, "period": period.pact.period},
            "period": {
                "title": period.title,
                "starts_on": _day(period.starts_on),
                "ends_on": _day(period.ends_on),
                "deadline": _day(period.deadline),
            },
            "date": today.isoformat(),
            "date_display": date_format(today, "j F Y"),
            "counts": overview.counts,
            "off_track": len(overview.off_track),
            "chapters": chapters,
            "delayed": delayed,
        }


def content_checksum(content: dict) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def build_html(snapshot: dict) -> str:
    """The report's HTML: user text escaped by the template (narratives are plain text)."""
    with translation.override(DOCUMENT_LANGUAGE):
        return render_to_string(
            "monitoring/pdf/report.html",
            {"content": snapshot["content"], "author": AUTHOR, "static_base": STATIC_SCHEME},
        )


def render_pdf(snapshot: dict) -> RenderedPdf:
    """Render the report to a tagged (PDF/UA-1) A4 PDF through the pact's fetcher and tagging."""
    document = layout(build_html(snapshot))
    content = write(document, identifier=snapshot["checksum"][:32].encode())
    return RenderedPdf(content=content, page_count=len(document.pages))
