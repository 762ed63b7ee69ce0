"""Writes of monitoring: indicators, reporting periods, progress reports, remarks, reminders.

Every function is keyword-only and atomic and records what it did in the audit log; mails go
through the outbox (`streekpact.core.outbox`) and are sent by the worker after commit.
"""

import datetime as dt
import functools
import logging
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from adoption.services import content_version_bump
from pact.models import Action, Pact
from streekpact.core import outbox
from streekpact.core.attachments import attachment_store
from streekpact.core.lifecycle import RenderLifecycle
from streekpact.core.mail import send_templated_mail
from streekpact.core.models import OutboxKind
from streekpact.partners.audit import audit_record, changes_since, snapshot
from streekpact.partners.models import AuditVerb, Role, User

from .models import (
    NEEDS_REASON,
    Indicator,
    IndicatorValue,
    MonitoringReport,
    PeriodStatus,
    ProgressReport,
    Remark,
    ReminderKind,
    ReminderSent,
    RenderStatus,
    ReportAttachment,
    ReportingPeriod,
    ReportState,
    pact_can_be_monitored,
)

logger = logging.getLogger(__name__)

#: Why staff cannot open a period yet (the form and the period pages show it).
NOT_ADOPTED = gettext_lazy(
    "The pact is not adopted yet, and only an adopted pact can be monitored. Propose a ready "
    "draft as the final text and let the chair adopt it; then open the first period."
)

INDICATOR_FIELDS = (
    "name",
    "unit",
    "baseline",
    "baseline_date",
    "target",
    "target_date",
    "direction",
)


# --- Indicators -----------------------------------------------------------------------------------


@transaction.atomic
def indicator_save(*, action: Action, indicator: Indicator | None = None, by: User, **fields):
    """Staff add an indicator to an action, or complete one (name, unit, baseline, target)."""
    fields = {name: fields[name] for name in INDICATOR_FIELDS if name in fields}
    created = indicator is None
    if created:
        position = (action.monitoring_indicators.aggregate(m=Max("position"))["m"] or 0) + 1
        indicator = Indicator(action=action, position=position)
    before = snapshot(indicator, list(fields))
    for name, value in fields.items():
        setattr(indicator, name, value)
    if (
        indicator.baseline_date
        and indicator.target_date
        and indicator.target_date <= indicator.baseline_date
    ):
        raise ValidationError(
            {"target_date": _("The target date must come after the baseline date.")}
        )
    indicator.full_clean()
    indicator.save()
    audit_record(
        by=by,
        verb=AuditVerb.CREATE if created else AuditVerb.UPDATE,
        target=indicator,
        organisation=action.trekker,
        changes=fields if created else changes_since(before, indicator),
        action="indicator_save",
    )
    return indicator


@transaction.atomic
def indicator_delete(*, indicator: Indicator, by: User) -> None:
    """Staff remove an indicator that has no reported values yet."""
    if indicator.values.exists():
        raise ValidationError(_("This indicator already has reported values; it stays."))
    audit_record(
        by=by,
        verb=AuditVerb.DELETE,
        target=indicator,
        organisation=indicator.action.trekker,
        changes={"name": indicator.name},
        action="indicator_delete",
    )
    indicator.delete()


def indicators_from_text(text: str) -> list[str]:
    """The names in a free-text indicator field: one per line or per part between semicolons
    (bullets, numbering and a closing full stop dropped). The data migration keeps a copy."""
    names = []
    for line in (text or "").replace(";", "\n").splitlines():
        name = line.strip().lstrip("-*•·").strip().rstrip(".").strip()
        if name[:1].isdigit() and name[1:3] in (". ", ") "):
            name = name[3:].strip()
        if name:
            names.append(name[:300])
    return names


@transaction.atomic
def indicators_from_wording(*, action: Action, by: User | None) -> list[Indicator]:
    """Name an action's indicators after the pact's wording (`Action.indicators`), without
    numbers, when it has none yet (actions placed after the data migration). The wording itself
    stays as it is."""
    if action.monitoring_indicators.exists():
        return []
    created = []
    for name in indicators_from_text(action.indicators):
        created.append(indicator_save(action=action, by=by, name=name))
    return created


# --- Reporting periods ----------------------------------------------------------------------------


def period_defaults(pact: Pact, today: dt.date | None = None) -> dict:
    """A yearly period by default: the calendar year after the last one, deadline 31 January."""
    last = ReportingPeriod.objects.filter(pact=pact).order_by("-ends_on").first()
    year = (last.ends_on.year + 1) if last else (today or timezone.localdate()).year
    return {
        "title": str(year),
        "starts_on": dt.date(year, 1, 1),
        "ends_on": dt.date(year, 12, 31),
        "deadline": dt.date(year + 1, 1, 31),
    }


def _check_period(period: ReportingPeriod) -> None:
    errors = {}
    if period.ends_on < period.starts_on:
        errors["ends_on"] = _("The period cannot end before it starts.")
    if period.deadline < period.starts_on:
        errors["deadline"] = _("The deadline cannot be before the period starts.")
    clash = ReportingPeriod.objects.filter(pact=period.pact, title=period.title).exclude(
        pk=period.pk
    )
    if clash.exists():
        errors["title"] = _("There is already a period with this title.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def period_create(
    *,
    pact: Pact,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date,
    deadline: dt.date,
    by: User,
) -> ReportingPeriod:
    """Staff open a reporting period of the pact (only a pact that can be monitored)."""
    if not pact_can_be_monitored(pact):
        raise ValidationError(NOT_ADOPTED)
    period = ReportingPeriod(
        pact=pact, title=title.strip(), starts_on=starts_on, ends_on=ends_on, deadline=deadline
    )
    _check_period(period)
    period.save()
    audit_record(
        by=by,
        verb=AuditVerb.CREATE,
        target=period,
        changes={"title": period.title, "deadline": deadline},
        action="period_create",
    )
    return period


@transaction.atomic
def period_update(*, period: ReportingPeriod, by: User, **fields) -> ReportingPeriod:
    """Staff move a period's dates or deadline (not of a published period)."""
    if period.status == PeriodStatus.PUBLISHED:
        raise ValidationError(_("A published period cannot be changed."))
    names = [n for n in ("title", "starts_on", "ends_on", "deadline") if n in fields]
    before = snapshot(period, names)
    for name in names:
        setattr(period, name, fields[name])
    _check_period(period)
    period.save()
    audit_record(
        by=by,
        verb=AuditVerb.UPDATE,
        target=period,
        changes=changes_since(before, period),
        action="period_update",
    )
    return period


_TRANSITIONS = {
    PeriodStatus.OPEN: (PeriodStatus.CLOSED,),
    PeriodStatus.CLOSED: (PeriodStatus.OPEN, PeriodStatus.PUBLISHED),
    PeriodStatus.PUBLISHED: (PeriodStatus.CLOSED,),
}


@transaction.atomic
def period_set_status(*, period: ReportingPeriod, status: str, by: User) -> ReportingPeriod:
    """Staff close a period (reports are frozen), reopen it, publish its results or take the
    publication back. Only a closed period is published."""
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if status not in _TRANSITIONS.get(period.status, ()):
        raise ValidationError(
            _("A period that is %(from)s cannot become %(to)s.")
            % {
                "from": PeriodStatus(period.status).label.lower(),
                "to": PeriodStatus(status).label.lower()
                if status in PeriodStatus.values
                else status,
            }
        )
    old = period.status
    period.status = status
    period.published_at = timezone.now() if status == PeriodStatus.PUBLISHED else None
    period.save(update_fields=["status", "published_at", "updated_at"])
    audit_record(
        by=by,
        verb=AuditVerb.PUBLISH if status == PeriodStatus.PUBLISHED else AuditVerb.STATUS,
        target=period,
        changes={"status": (old, status)},
        action="period_set_status",
    )
    if PeriodStatus.PUBLISHED in (old, status):
        # The public site shows the published results: its cached pages are rendered again.
        content_version_bump()
    return period


# --- Progress reports -----------------------------------------------------------------------------


def _check_open(period: ReportingPeriod) -> None:
    if period.status != PeriodStatus.OPEN:
        raise ValidationError(
            _(
                "The reporting period %(period)s is closed: reports can no longer be saved. "
                "Copy your text and contact RESOC."
            )
            % {"period": period}
        )


def report_for(*, period: ReportingPeriod, action: Action) -> ProgressReport:
    """The action's report in the period, or a new unsaved one (a read; nothing is written)."""
    report = ProgressReport.objects.filter(period=period, action=action).first()
    if report is None:
        report = ProgressReport(
            period=period, action=action, organisation_id=action.trekker_id, state=ReportState.DRAFT
        )
    return report


@transaction.atomic
def report_save(
    *,
    period: ReportingPeriod,
    action: Action,
    status: str,
    narrative: str,
    obstacles: str,
    spent: Decimal | None,
    partners_involved,
    values: dict,
    submit: bool,
    by: User,
) -> ProgressReport:
    """The trekker saves its report as a draft, or submits it.

    `values` maps an indicator to (value, measured_on); a value left empty removes it. Dates
    must lie in the period. A submitted report needs a status and a narrative, and a delay or
    stop its reason. A report of a closed period, or one already submitted, is not changed.
    """
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    _check_open(period)
    if action.trekker_id is None:
        raise ValidationError(_("This action has no trekker; RESOC staff must assign one first."))
    report = ProgressReport.objects.select_for_update().filter(period=period, action=action).first()
    created = report is None
    if created:
        report = ProgressReport(period=period, action=action, organisation_id=action.trekker_id)
    elif report.state == ReportState.SUBMITTED:
        raise ValidationError(_("This report was already submitted; it can no longer be changed."))

    errors = {}
    for indicator, (value, measured_on) in values.items():
        if value is not None and measured_on is not None and not period.contains(measured_on):
            errors[f"date_{indicator.pk}"] = _(
                "The date must lie within the period (%(start)s – %(end)s)."
            ) % {
                "start": date_format(period.starts_on, "SHORT_DATE_FORMAT"),
                "end": date_format(period.ends_on, "SHORT_DATE_FORMAT"),
            }
        if value is not None and measured_on is None:
            errors[f"date_{indicator.pk}"] = _("Give the date of this value.")
        if (value is not None) and (value < -(10**11) or value > 10**11):
            errors[f"value_{indicator.pk}"] = _("This number is too large.")
    if spent is not None and spent < 0:
        errors["spent"] = _("The money spent cannot be negative.")
    if submit:
        if not status:
            errors["status"] = _("Choose the status of the action to submit the report.")
        if not (narrative or "").strip():
            errors["narrative"] = _("Write a short narrative to submit the report.")
        if status in NEEDS_REASON and not (obstacles or "").strip():
            errors["obstacles"] = _("Say what stands in the way of a delayed or stopped action.")
    if errors:
        raise ValidationError(errors)

    before = snapshot(report, ["status", "narrative", "obstacles", "spent", "state"])
    report.status = status or ""
    report.narrative = narrative or ""
    report.obstacles = obstacles or ""
    report.spent = spent
    old_state = report.state if not created else ""
    if submit:
        report.state = ReportState.SUBMITTED
        report.submitted_at = timezone.now()
        report.submitted_by = by
    report.full_clean(exclude=["period", "action", "organisation"])
    report.save()
    report.partners_involved.set(partners_involved)
    for indicator, (value, measured_on) in values.items():
        if value is None:
            IndicatorValue.objects.filter(report=report, indicator=indicator).delete()
        else:
            IndicatorValue.objects.update_or_create(
                report=report,
                indicator=indicator,
                defaults={"value": value, "measured_on": measured_on},
            )
    changes = {"values": len(values)}
    changes.update(changes_since(before, report) if not created else {"status": report.status})
    audit_record(
        by=by,
        verb=AuditVerb.CREATE if created else AuditVerb.UPDATE,
        target=report,
        organisation=report.organisation,
        changes=changes,
        action="report_save",
    )
    if submit:
        audit_record(
            by=by,
            verb=AuditVerb.STATUS,
            target=report,
            organisation=report.organisation,
            changes={"state": (old_state, ReportState.SUBMITTED)},
            action="report_submit",
        )
    return report


@transaction.atomic
def report_send_back(*, report: ProgressReport, remark: str, by: User) -> ProgressReport:
    """Staff send a submitted report back to the trekker with a remark (the period is open)."""
    report = ProgressReport.objects.select_for_update().select_related("period").get(pk=report.pk)
    _check_open(report.period)
    if report.state != ReportState.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be sent back."))
    if not (remark or "").strip():
        raise ValidationError({"remark": _("Say what the trekker should change.")})
    report.state = ReportState.RETURNED
    report.return_remark = remark.strip()
    report.save(update_fields=["state", "return_remark", "updated_at"])
    audit_record(
        by=by,
        verb=AuditVerb.STATUS,
        target=report,
        organisation=report.organisation,
        changes={"state": (ReportState.SUBMITTED, ReportState.RETURNED), "remark": remark},
        action="report_send_back",
    )
    outbox.enqueue("monitoring.tasks.send_report_returned_mail", report.pk, kind=OutboxKind.MAIL)
    return report


@transaction.atomic
def remark_add(*, report: ProgressReport, body: str, by: User) -> Remark:
    """A partner named on the action adds a remark to the report."""
    if not (body or "").strip():
        raise ValidationError({"body": _("Write your remark.")})
    remark = Remark(report=report, organisation_id=by.organisation_id, author=by, body=body.strip())
    remark.full_clean(exclude=["report", "organisation", "author"])
    remark.save()
    audit_record(
        by=by,
        verb=AuditVerb.CREATE,
        target=remark,
        organisation=report.organisation,
        changes={"report": report.pk},
        action="remark_add",
    )
    return remark


@transaction.atomic
def report_attachment_add(*, report: ProgressReport, upload, title: str, by: User):
    """The trekker adds a file to an editable report (checked by the one attachment service)."""
    _check_open(report.period)
    if report.state == ReportState.SUBMITTED:
        raise ValidationError(_("This report was already submitted; it can no longer be changed."))
    attachment = attachment_store(
        attachment=ReportAttachment(report=report, title=title, uploaded_by=by), upload=upload
    )
    audit_record(
        by=by,
        verb=AuditVerb.CREATE,
        target=attachment,
        organisation=report.organisation,
        changes={"file": attachment.original_name},
        action="report_attachment_add",
    )
    return attachment


def notify_report_returned(*, report_pk: int) -> int:
    """E-mail the trekker's members that staff sent their report back."""
    report = ProgressReport.objects.with_details().get(pk=report_pk)
    recipients = User.objects.filter(organisation_id=report.organisation_id, is_active=True)
    return send_templated_mail(
        recipients=recipients,
        template_prefix="monitoring/email/report_returned",
        kind="monitoring.report_returned",
        link=report.get_absolute_url(),
        context={
            "report": report,
            "url": settings.SITE_URL + report.get_absolute_url(),
        },
    )


# --- Reminders ------------------------------------------------------------------------------------


def _claim_reminder(*, period, kind: str, key: str, action=None) -> ReminderSent | None:
    """Record a reminder once: the unique constraint refuses a second (after a restart, or a
    second beat racing this one)."""
    try:
        with transaction.atomic():
            return ReminderSent.objects.create(period=period, kind=kind, key=key, action=action)
    except IntegrityError:
        return None


def reminders_send_due(*, today: dt.date | None = None) -> int:
    """Beat: remind trekkers 14 and 3 days before a deadline of the actions they have not yet
    submitted, and staff once the deadline has passed. Each reminder once; returns how many
    reminders were queued."""
    today = today or timezone.localdate()
    queued = 0
    for period in ReportingPeriod.objects.monitorable().open().select_related("pact"):
        days_left = (period.deadline - today).days
        if days_left < 0:
            with transaction.atomic():
                if _claim_reminder(period=period, kind=ReminderKind.PASSED, key="staff"):
                    outbox.enqueue(
                        "monitoring.tasks.send_deadline_passed_mail",
                        period.pk,
                        kind=OutboxKind.MAIL,
                    )
                    queued += 1
            continue
        if days_left <= 3:
            kind = ReminderKind.DAYS_3
        elif days_left <= 14:
            kind = ReminderKind.DAYS_14
        else:
            continue
        submitted = ProgressReport.objects.filter(
            period=period, state=ReportState.SUBMITTED
        ).values("action_id")
        actions = (
            Action.objects.filter(
                operational_objective__strategic_objective__chapter__pact=period.pact,
                trekker__isnull=False,
            )
            .exclude(pk__in=submitted)
            .order_by("pk")
        )
        for action in actions:
            with transaction.atomic():
                if _claim_reminder(
                    period=period, kind=kind, key=f"action:{action.pk}", action=action
                ):
                    outbox.enqueue(
                        "monitoring.tasks.send_reminder_mail",
                        period.pk,
                        action.pk,
                        kind,
                        kind=OutboxKind.MAIL,
                    )
                    queued += 1
    return queued


def notify_reminder(*, period_pk: int, action_pk: int, kind: str) -> int:
    """E-mail the trekker's members that the report of an action is due."""
    period = ReportingPeriod.objects.get(pk=period_pk)
    action = Action.objects.select_related("trekker").get(pk=action_pk)
    if action.trekker_id is None:
        return 0
    if ProgressReport.objects.filter(
        period=period, action=action, state=ReportState.SUBMITTED
    ).exists():
        return 0  # submitted meanwhile
    recipients = User.objects.filter(organisation_id=action.trekker_id, is_active=True)
    return send_templated_mail(
        recipients=recipients,
        template_prefix="monitoring/email/reminder",
        kind="monitoring.reminder",
        link=period.get_absolute_url(),
        context={
            "period": period,
            "action": action,
            "days": 3 if kind == ReminderKind.DAYS_3 else 14,
            "url": settings.SITE_URL + period.get_absolute_url(),
        },
    )


def notify_deadline_passed(*, period_pk: int) -> int:
    """E-mail staff that a period's deadline passed, with how many reports are missing."""
    from .selectors import period_overview

    period = ReportingPeriod.objects.get(pk=period_pk)
    overview = period_overview(period)
    recipients = User.objects.filter(role=Role.STAFF, is_active=True)
    return send_templated_mail(
        recipients=recipients,
        template_prefix="monitoring/email/deadline_passed",
        kind="monitoring.deadline_passed",
        link=period.get_absolute_url(),
        context={
            "period": period,
            "overview": overview,
            "url": settings.SITE_URL + period.get_absolute_url(),
        },
    )


# --- The monitoring report (PDF, rendered by the worker) -----------------------------------------


#: The monitoring reports' render lifecycle (streekpact.core.lifecycle), the same as the drafts'.
REPORTS = RenderLifecycle(
    model=MonitoringReport,
    task="monitoring.tasks.render_monitoring_report",
    action="monitoring_report_render",
    recover_action="monitoring_reports_recover_stale",
    audit=functools.partial(audit_record, by=None, verb=AuditVerb.STATUS),
)


def _enqueue_render(report_pk: int, task_id: str) -> None:
    REPORTS.enqueue(report_pk, task_id)


@transaction.atomic
def monitoring_report_request(
    *, period: ReportingPeriod, by: User
) -> tuple[MonitoringReport, bool]:
    """Freeze the period's reports as a monitoring report and queue its rendering.

    While one of the same content is queued or rendering, that one is returned instead.
    Returns (report, created).
    """
    from .rendering import build_content, content_checksum

    period = ReportingPeriod.objects.select_for_update().select_related("pact").get(pk=period.pk)
    content = build_content(period)
    checksum = content_checksum(content)
    for active in MonitoringReport.objects.filter(
        period=period, status__in=(RenderStatus.QUEUED, RenderStatus.RENDERING)
    ):
        if active.snapshot.get("checksum") == checksum:
            return active, False
    task_id = str(uuid.uuid4())
    report = MonitoringReport.objects.create(
        period=period,
        requested_by=by,
        snapshot={"content": content, "checksum": checksum},
        task_id=task_id,
    )
    audit_record(
        by=by,
        verb=AuditVerb.CREATE,
        target=report,
        changes={"period": period.title},
        action="monitoring_report_request",
    )
    _enqueue_render(report.pk, task_id)
    return report, True


def monitoring_report_render(
    *, report_pk: int, task_id: str = "", final_attempt: bool = True, heartbeat: bool = False
) -> MonitoringReport | None:
    """Render a queued monitoring report: queued → rendering → ready or failed.

    Idempotent: only a queued report is claimed (atomically), so a duplicate or late message
    does nothing. Transient errors put it back in the queue and are re-raised for a retry.
    A report of a published period is offered by the public site once ready.
    """
    from .rendering import render_pdf

    return REPORTS.render(
        report_pk,
        render=lambda report: render_pdf(report.snapshot),
        on_ready=_report_ready,
        task_id=task_id,
        final_attempt=final_attempt,
        heartbeat=heartbeat,
        queryset=MonitoringReport.objects.select_related("period"),
    )


def _report_ready(report: MonitoringReport) -> None:
    if report.period.status == PeriodStatus.PUBLISHED:
        content_version_bump()  # the public site offers this PDF now


def monitoring_reports_recover_stale() -> list[MonitoringReport]:
    """Re-queue (or fail, after too many attempts) reports whose worker died or whose message
    was lost; a render still waiting in the outbox is not stale. Called by beat only."""
    return REPORTS.recover_stale()
