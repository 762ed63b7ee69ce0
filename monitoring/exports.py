"""The period's reports as a table (XLSX through streekpact.core.exports): one row per action."""

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .models import ReportingPeriod
from .selectors import period_overview

STANDING_LABELS = {
    "reported": _("Reported"),
    "late": _("Reported late"),
    "missing": _("Missing"),
    "pending": _("Not yet reported"),
    "no_trekker": _("No trekker"),
}

PERIOD_HEADER = [
    _("Period"),
    _("Chapter"),
    _("Action"),
    _("Trekker"),
    _("Report"),
    _("Status"),
    _("Narrative"),
    _("What stands in the way"),
    _("Budget (EUR)"),
    _("Spent (EUR)"),
    _("Indicator values"),
    _("Off track"),
    _("Partners involved"),
    _("Submitted on"),
]


def _value_text(value) -> str:
    indicator = value.indicator
    unit = f" {indicator.unit}" if indicator.unit else ""
    target = f" (doel {indicator.target}{unit})" if indicator.target is not None else ""
    return f"{indicator.name}: {value.value}{unit} op {value.measured_on:%d/%m/%Y}{target}"


def period_rows(period: ReportingPeriod):
    """One row per action of the pact for the period (fixed number of queries)."""
    overview = period_overview(period)
    for row in overview.rows:
        report = row.report
        submitted = report is not None and report.state == "submitted"
        values = list(report.values.all()) if report else []
        yield [
            period.title,
            row.chapter.title,
            row.action.title,
            str(row.action.trekker or ""),
            str(STANDING_LABELS.get(row.standing, row.standing)),
            report.get_status_display() if submitted else "",
            report.narrative if report else "",
            report.obstacles if report else "",
            row.action.budget,
            report.spent if report else None,
            "; ".join(_value_text(v) for v in values),
            "; ".join(v.indicator.name for v in row.off_track),
            ", ".join(str(p) for p in report.partners_involved.all()) if report else "",
            date_format(report.submitted_at, "SHORT_DATE_FORMAT")
            if submitted and report.submitted_at
            else "",
        ]
