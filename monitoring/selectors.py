"""Reads of monitoring: the staff overview of a period, and what the public site may show.

Every function here reads with a fixed number of queries, whatever the number of actions.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Prefetch
from django.utils import timezone

from pact.models import Action, Chapter, Pact, pact_order

from .charts import UNREPORTED
from .models import (
    Indicator,
    IndicatorValue,
    MonitoringReport,
    ProgressReport,
    ProgressStatus,
    ReportingPeriod,
    ReportState,
)


class Standing:
    """Where an action's report of a period stands, for the staff overview."""

    REPORTED = "reported"  # submitted by the deadline
    LATE = "late"  # submitted after the deadline
    MISSING = "missing"  # deadline passed, not submitted
    PENDING = "pending"  # deadline not yet passed, not submitted
    NO_TREKKER = "no_trekker"  # nobody can report: staff must assign a trekker


def standing_of(report: ProgressReport | None, period: ReportingPeriod, today: dt.date) -> str:
    if report is not None and report.state == ReportState.SUBMITTED:
        submitted_on = timezone.localdate(report.submitted_at) if report.submitted_at else today
        return Standing.LATE if submitted_on > period.deadline else Standing.REPORTED
    return Standing.MISSING if today > period.deadline else Standing.PENDING


@dataclass
class ActionRow:
    action: Action
    chapter: Chapter
    report: ProgressReport | None
    standing: str
    off_track: list = field(default_factory=list)  # IndicatorValues behind their line


@dataclass
class ChapterSummary:
    chapter: Chapter
    rows: list = field(default_factory=list)
    by_status: dict = field(default_factory=dict)  # ProgressStatus value -> count


@dataclass
class PeriodOverview:
    period: ReportingPeriod
    rows: list
    chapters: list
    counts: dict
    without_trekker: list
    off_track: list  # (row, IndicatorValue)


def pact_actions(pact: Pact):
    """The pact's actions in the order of the pact, with their indicators (no N+1)."""
    chapter_order = pact_order("operational_objective__strategic_objective__chapter__")
    return (
        Action.objects.filter(operational_objective__strategic_objective__chapter__pact=pact)
        .with_details()
        .prefetch_related(
            Prefetch("monitoring_indicators", queryset=Indicator.objects.order_by("position", "pk"))
        )
        .order_by(
            *chapter_order,
            "operational_objective__strategic_objective__position",
            "operational_objective__strategic_objective__pk",
            "operational_objective__position",
            "operational_objective__pk",
            "position",
            "pk",
        )
    )


def period_reports(period: ReportingPeriod):
    """The reports of a period with their values, partners and remarks (no N+1)."""
    return (
        ProgressReport.objects.filter(period=period)
        .select_related("submitted_by", "organisation")
        .prefetch_related(
            Prefetch("values", queryset=IndicatorValue.objects.select_related("indicator")),
            "partners_involved",
        )
    )


def period_overview(period: ReportingPeriod, *, today: dt.date | None = None) -> PeriodOverview:
    """Per action: its report and standing (reported, late, missing, pending, no trekker);
    per chapter: how many actions have each status; the indicators off track at their date."""
    today = today or timezone.localdate()
    reports = {report.action_id: report for report in period_reports(period)}
    rows, chapters, without_trekker, off_track = [], {}, [], []
    counts = {
        Standing.REPORTED: 0,
        Standing.LATE: 0,
        Standing.MISSING: 0,
        Standing.PENDING: 0,
        Standing.NO_TREKKER: 0,
    }
    for action in pact_actions(period.pact):
        chapter = action.operational_objective.strategic_objective.chapter
        report = reports.get(action.pk)
        standing = standing_of(report, period, today)
        if action.trekker_id is None and standing not in (Standing.REPORTED, Standing.LATE):
            standing = Standing.NO_TREKKER
            without_trekker.append(action)
        row = ActionRow(action=action, chapter=chapter, report=report, standing=standing)
        if report is not None and report.state == ReportState.SUBMITTED:
            row.off_track = [value for value in report.values.all() if value.off_track]
            off_track.extend((row, value) for value in row.off_track)
        counts[standing] += 1
        rows.append(row)
        summary = chapters.setdefault(chapter.pk, ChapterSummary(chapter=chapter))
        summary.rows.append(row)
        status = report.status if report and report.state == ReportState.SUBMITTED else ""
        summary.by_status[status] = summary.by_status.get(status, 0) + 1
    for summary in chapters.values():
        summary.statuses = [
            (label, summary.by_status.get(value, 0)) for value, label in ProgressStatus.choices
        ]
        summary.unreported = summary.by_status.get("", 0)
    return PeriodOverview(
        period=period,
        rows=rows,
        chapters=list(chapters.values()),
        counts=counts,
        without_trekker=without_trekker,
        off_track=off_track,
    )


# --- For the public site (built by another app): published results only --------------------------


def published_periods(pact: Pact):
    """The periods of the pact whose results staff published, newest first (their monitoring
    reports may be downloaded on the public site)."""
    return ReportingPeriod.objects.monitorable().filter(pact=pact).published()


def latest_published_statuses(actions, *, pact: Pact | None = None) -> dict[int, ProgressReport]:
    """For each action (pk), its submitted report of the latest published period that has one:
    one query for any number of actions. Only periods of a monitorable (adopted) pact count,
    of `pact` when given."""
    action_ids = [getattr(a, "pk", a) for a in actions]
    periods = ReportingPeriod.objects.monitorable().published()
    if pact is not None:
        periods = periods.filter(pact=pact)
    latest: dict[int, ProgressReport] = {}
    reports = (
        ProgressReport.objects.filter(
            action_id__in=action_ids,
            state=ReportState.SUBMITTED,
            period__in=periods.values("pk"),
        )
        .select_related("period")
        .order_by("action_id", "-period__ends_on")
    )
    for report in reports:
        latest.setdefault(report.action_id, report)
    return latest


def latest_published_status(action) -> ProgressReport | None:
    """The action's report of the latest published period (its status, narrative), or None."""
    return latest_published_statuses([action]).get(getattr(action, "pk", action))


def snapshot_statuses(pact: Pact, snapshot_actions) -> dict[int, ProgressReport]:
    """For the public site, which shows the adopted version's frozen snapshot: per action of
    the snapshot, keyed by its `id` (the live action's pk, frozen with it), the latest published
    report. Mapped by id, never by number: an action renumbered or moved after adoption keeps
    its id, and a number may later belong to another action. An action removed from the live
    pact since has no reports (reports protect their action), so it shows none."""
    ids = [item["id"] for item in snapshot_actions if isinstance(item.get("id"), int)]
    return latest_published_statuses(ids, pact=pact)


def public_reports(pact: Pact) -> list[tuple[ReportingPeriod, MonitoringReport | None]]:
    """The published periods of the pact, newest first, each with its latest ready monitoring
    report (None while none is ready): two queries."""
    periods = list(published_periods(pact))
    reports: dict[int, MonitoringReport] = {}
    for report in (
        MonitoringReport.objects.published()
        .filter(period__in=[p.pk for p in periods])
        .order_by("period_id", "-created_at", "-pk")
    ):
        reports.setdefault(report.period_id, report)
    return [(period, reports.get(period.pk)) for period in periods]


def action_history(action) -> list[ProgressReport]:
    """Every submitted report of an action, oldest period first (the trend)."""
    return list(
        ProgressReport.objects.filter(action=action, state=ReportState.SUBMITTED)
        .select_related("period")
        .prefetch_related("values__indicator")
        .order_by("period__starts_on")
    )


# --- For the insight page and the monitoring report: the status of the actions per chapter ------


def status_by_chapter(period: ReportingPeriod, *, sector=None) -> list[tuple[Chapter, dict]]:
    """Per chapter of the period's pact (in the pact's order): how many actions have each
    progress status in the period (`UNREPORTED` for those without a submitted report). The
    same counts as `period_overview(period).chapters[…].by_status`, in three queries."""
    chapter = "operational_objective__strategic_objective__chapter"
    chapters = Chapter.objects.filter(pact=period.pact).in_pact_order()
    actions = Action.objects.filter(**{f"{chapter}__pact": period.pact})
    reports = ProgressReport.objects.filter(period=period).submitted()
    if sector is not None:
        chapters = chapters.filter(sector=sector)
        actions = actions.filter(**{f"{chapter}__sector": sector})
        reports = reports.filter(**{f"action__{chapter}__sector": sector})
    totals = dict(
        actions.values_list(chapter)
        .annotate(n=models.Count("pk"))
        .order_by()
        .values_list(chapter, "n")
    )
    counts: dict[int, dict] = {}
    for chapter_id, status, n in reports.counts_by_chapter_and_status():
        counts.setdefault(chapter_id, {})[status] = n
    result = []
    for item in chapters:
        total = totals.get(item.pk, 0)
        if not total:
            continue
        by_status = dict(counts.get(item.pk, {}))
        by_status[UNREPORTED] = total - sum(by_status.values())
        result.append((item, by_status))
    return result


#: The standing of an indicator value against its baseline → target line (indicator chart).
ON_TRACK, OFF_TRACK, UNKNOWN = "on_track", "off_track", "unknown"


def period_values(period: ReportingPeriod):
    """The indicator values of the period's submitted reports, with their indicator and the
    chapter of their action (one query): the values `period_overview` judges."""
    chapter = "report__action__operational_objective__strategic_objective__chapter_id"
    return (
        IndicatorValue.objects.filter(report__period=period, report__state=ReportState.SUBMITTED)
        .select_related("indicator")
        .annotate(chapter_id=models.F(chapter))
        .order_by()
    )


def indicators_by_chapter(period: ReportingPeriod, *, sector=None) -> list[tuple[Chapter, dict]]:
    """Per chapter of the period's pact (in the pact's order, chapters with at least one value):
    how many of the indicator values reported in the period are on track, off track (behind the
    line from baseline to target at the date measured: `IndicatorValue.off_track`, the test of
    the period's overview) or cannot tell (the indicator misses a number). Two queries."""
    chapters = Chapter.objects.filter(pact=period.pact).in_pact_order()
    values = period_values(period)
    if sector is not None:
        chapters = chapters.filter(sector=sector)
        values = values.filter(
            report__action__operational_objective__strategic_objective__chapter__sector=sector
        )
    counts: dict[int, dict] = {}
    for value in values:
        judged = value.off_track
        key = UNKNOWN if judged is None else OFF_TRACK if judged else ON_TRACK
        by_standing = counts.setdefault(value.chapter_id, {ON_TRACK: 0, OFF_TRACK: 0, UNKNOWN: 0})
        by_standing[key] += 1
    return [(item, counts[item.pk]) for item in chapters if item.pk in counts]
