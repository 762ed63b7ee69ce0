"""Monitoring of the pact: structured indicators, reporting periods and progress reports.

Every action of the (adopted) pact is followed up by its trekker organisation: once per
reporting period it reports a status, a narrative, the value of each indicator, the money spent
and the partners actually involved. Staff open, close and publish periods; partners named on an
action add remarks. Earlier periods stay as they were submitted.
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from adoption.models import Adoption
from pact.models import Action, Pact
from streekpact.core.models import (
    Attachment,
    RenderedDocument,
    RenderedDocumentQuerySet,
    TimeStampedModel,
)
from streekpact.core.models import RenderStatus as RenderStatus  # the reports' render status
from streekpact.core.text import MEDIUM_TEXT, SHORT_TEXT, BoundedTextField
from streekpact.partners.models import Organisation


def pact_can_be_monitored(pact: Pact) -> bool:
    """Only an adopted pact can be monitored: one that has an adopted version (`adoption`).

    The one place that decides it: periods are created only for a pact that passes here
    (`period_create`), and `ReportingPeriod.objects.monitorable()` narrows to such pacts with
    the same condition (`_adopted_pact`).
    """
    return pact is not None and Adoption.objects.adopted().filter(pact=pact).exists()


#: The condition of `pact_can_be_monitored` as a subquery on a period's pact.
def _adopted_pact():
    return models.Exists(Adoption.objects.adopted().filter(pact=models.OuterRef("pact")))


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class Indicator(TimeStampedModel):
    """A named, measurable indicator of an action: from its baseline to its target.

    Migrated free-text indicators have a name only; staff complete the numbers. The wording of
    the pact itself (`Action.indicators`) is never changed by this model.
    """

    action = models.ForeignKey(
        Action,
        verbose_name=_("action"),
        on_delete=models.CASCADE,
        related_name="monitoring_indicators",
    )
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    baseline = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target_date__isnull=True)
                | models.Q(baseline_date__isnull=True)
                | models.Q(target_date__gt=models.F("baseline_date")),
                name="monitoring_indicator_target_after_baseline",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})" if self.unit else self.name

    @property
    def is_complete(self) -> bool:
        return None not in (self.baseline, self.baseline_date, self.target, self.target_date)

    def expected_on(self, on: dt.date) -> Decimal | None:
        """The value on the straight baseline → target line at `on` (None when incomplete).

        Before the baseline date the baseline is expected, after the target date the target.
        """
        if not self.is_complete:
            return None
        if on <= self.baseline_date:
            return self.baseline
        if on >= self.target_date:
            return self.target
        span = (self.target_date - self.baseline_date).days
        elapsed = (on - self.baseline_date).days
        return self.baseline + (self.target - self.baseline) * Decimal(elapsed) / Decimal(span)

    def is_off_track(self, value: Decimal | None, on: dt.date | None) -> bool | None:
        """Is `value`, measured `on`, behind the baseline → target line? None: cannot tell."""
        if value is None or on is None:
            return None
        expected = self.expected_on(on)
        if expected is None:
            return None
        if self.direction == Direction.LOWER:
            return value > expected
        return value < expected


class PeriodStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    PUBLISHED = "published", _("Published")


PERIOD_TONES = {
    PeriodStatus.OPEN: "progress",
    PeriodStatus.CLOSED: "info",  # waiting to be published
    PeriodStatus.PUBLISHED: "success",
}


class ReportingPeriodQuerySet(models.QuerySet):
    def monitorable(self):
        """Periods of a pact that can be monitored (see `pact_can_be_monitored`)."""
        return self.filter(_adopted_pact())

    def open(self):
        return self.filter(status=PeriodStatus.OPEN)

    def published(self):
        """The periods whose results staff published (for the public site)."""
        return self.filter(status=PeriodStatus.PUBLISHED).order_by("-ends_on")


class ReportingPeriod(TimeStampedModel):
    """A reporting period of the pact (a year by default), with its deadline."""

    pact = models.ForeignKey(
        Pact, verbose_name=_("pact"), on_delete=models.CASCADE, related_name="reporting_periods"
    )
    title = models.CharField(_("title"), max_length=60, help_text=_("For example 2015."))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    deadline = models.DateField(_("deadline for the reports"))
    status = models.CharField(
        _("status"), max_length=10, choices=PeriodStatus.choices, default=PeriodStatus.OPEN
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = ReportingPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.UniqueConstraint(fields=["pact", "title"], name="monitoring_period_title"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="monitoring_period_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(deadline__gte=models.F("starts_on")),
                name="monitoring_period_deadline_after_start",
            ),
        ]

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        return reverse("monitoring:period_detail", kwargs={"pk": self.pk})

    @property
    def status_tone(self) -> str:
        return PERIOD_TONES.get(self.status, "neutral")

    @property
    def is_open(self) -> bool:
        return self.status == PeriodStatus.OPEN

    def contains(self, day: dt.date) -> bool:
        return self.starts_on <= day <= self.ends_on


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    STARTED = "started", _("Started")
    ON_TRACK = "on_track", _("On track")
    DELAYED = "delayed", _("Delayed")
    STOPPED = "stopped", _("Stopped")
    DONE = "done", _("Done")


#: Statuses that need a reason (what stands in the way).
NEEDS_REASON = (ProgressStatus.DELAYED, ProgressStatus.STOPPED)

PROGRESS_TONES = {
    ProgressStatus.NOT_STARTED: "neutral",
    ProgressStatus.STARTED: "progress",
    ProgressStatus.ON_TRACK: "success",
    ProgressStatus.DELAYED: "attention",
    ProgressStatus.STOPPED: "danger",
    ProgressStatus.DONE: "pact",  # carried out as the pact said
}


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Sent back")


STATE_TONES = {
    ReportState.DRAFT: "neutral",
    ReportState.SUBMITTED: "progress",
    ReportState.RETURNED: "attention",
}


class ProgressReportQuerySet(models.QuerySet):
    def with_details(self):
        return self.select_related(
            "period",
            "action__trekker",
            "action__operational_objective__strategic_objective__chapter",
            "submitted_by",
        ).prefetch_related("values__indicator", "partners_involved")

    def submitted(self):
        return self.filter(state=ReportState.SUBMITTED)

    def counts_by_chapter_and_status(self) -> list[tuple[int, str, int]]:
        """`(chapter id, progress status, count)` of these reports, one grouped query (the
        insight page's status chart; filter to a period's submitted reports first)."""
        chapter = "action__operational_objective__strategic_objective__chapter"
        rows = self.values(chapter, "status").annotate(n=models.Count("pk")).order_by()
        return [(row[chapter], row["status"], row["n"]) for row in rows]

    def visible_to(self, user):
        """Staff and the chair see all; a partner the reports of actions its organisation
        leads or is a partner on."""
        from streekpact.partners.models import Role

        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.role in (Role.STAFF, Role.CHAIR):
            return self
        if user.organisation_id is None:
            return self.none()
        return self.filter(
            models.Q(action__trekker_id=user.organisation_id)
            | models.Q(action__partners__id=user.organisation_id)
        ).distinct()


class ProgressReport(TimeStampedModel):
    """The progress of one action in one period, reported by its trekker organisation."""

    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("reporting period"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.PROTECT, related_name="progress_reports"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("reported by (organisation)"),
        on_delete=models.PROTECT,
        related_name="progress_reports",
    )
    state = models.CharField(
        _("state"), max_length=10, choices=ReportState.choices, default=ReportState.DRAFT
    )
    status = models.CharField(
        _("progress"), max_length=12, choices=ProgressStatus.choices, blank=True
    )
    narrative = BoundedTextField(_("narrative"), max_length=MEDIUM_TEXT, blank=True)
    obstacles = BoundedTextField(_("what stands in the way"), max_length=SHORT_TEXT, blank=True)
    spent = models.DecimalField(
        _("money spent (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    partners_involved = models.ManyToManyField(
        Organisation,
        verbose_name=_("partners actually involved"),
        related_name="progress_reports_involved",
        blank=True,
    )
    return_remark = BoundedTextField(_("remark of staff"), max_length=SHORT_TEXT, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        ordering = ["period", "action"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "action"], name="monitoring_report_once_per_period"
            ),
            models.CheckConstraint(
                condition=models.Q(spent__isnull=True) | models.Q(spent__gte=0),
                name="monitoring_report_spent_not_negative",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="submitted") | ~models.Q(status=""),
                name="monitoring_submitted_report_has_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action} — {self.period}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:report_detail", kwargs={"pk": self.pk})

    @property
    def status_tone(self) -> str:
        return PROGRESS_TONES.get(self.status, "neutral")

    @property
    def state_tone(self) -> str:
        """The tone of the report's state (draft, submitted, sent back)."""
        return STATE_TONES.get(self.state, "neutral")

    @property
    def is_editable(self) -> bool:
        """The trekker can still change it: the period is open and it is not submitted."""
        return self.period.is_open and self.state != ReportState.SUBMITTED


class IndicatorValue(TimeStampedModel):
    """The value of one indicator in one report, with the date it was measured."""

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="values"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="values"
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    measured_on = models.DateField(_("measured on"))

    class Meta:
        ordering = ["indicator__position", "indicator__pk"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "indicator"], name="monitoring_value_once_per_report"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value}"

    @property
    def off_track(self) -> bool | None:
        return self.indicator.is_off_track(self.value, self.measured_on)


class Remark(TimeStampedModel):
    """A remark by a partner named on the action (the trekker reports; partners remark)."""

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="remarks"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    body = BoundedTextField(_("remark"), max_length=SHORT_TEXT)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("remark")
        verbose_name_plural = _("remarks")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.body[:40]}"


class ReportAttachment(Attachment):
    """A file with a progress report (photos, minutes), through the one attachment service."""

    report = models.ForeignKey(
        ProgressReport,
        verbose_name=_("report"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )

    class Meta(Attachment.Meta):
        verbose_name = _("report attachment")
        verbose_name_plural = _("report attachments")

    def upload_folder(self) -> str:
        return f"monitoring/reports/{self.report_id}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:attachment_download", kwargs={"pk": self.pk})


class ReminderKind(models.TextChoices):
    DAYS_14 = "days_14", _("14 days before the deadline")
    DAYS_3 = "days_3", _("3 days before the deadline")
    PASSED = "passed", _("Deadline passed (to staff)")


class ReminderSent(models.Model):
    """That a reminder went out: a unique row per period, kind and recipient key, so beat sends
    each reminder once, also after a restart or when two beats race."""

    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="reminders_sent"
    )
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    #: "action:<pk>" for a trekker's reminder, "staff" for the staff reminder.
    key = models.CharField(max_length=40)
    action = models.ForeignKey(Action, on_delete=models.CASCADE, null=True, blank=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "kind", "key"], name="monitoring_reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.kind} {self.key}"


class MonitoringReportQuerySet(RenderedDocumentQuerySet):
    def published(self):
        """Ready reports of published periods: the public site offers these for download."""
        return self.ready().filter(period__status=PeriodStatus.PUBLISHED)

    def latest_per_period(self):
        return self.order_by("period", "-created_at")


def monitoring_report_upload_to(instance, filename: str) -> str:
    return f"monitoring/rapporten/{filename}"


class MonitoringReport(RenderedDocument):
    """The monitoring report of a period: frozen content rendered to PDF by the worker, with the
    same status guard, heartbeat and stale recovery as the pact's drafts."""

    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("reporting period"),
        on_delete=models.CASCADE,
        related_name="monitoring_reports",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    snapshot = models.JSONField(_("frozen content"), default=dict)
    pdf = models.FileField(_("PDF"), upload_to=monitoring_report_upload_to, blank=True)

    objects = MonitoringReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("monitoring report")
        verbose_name_plural = _("monitoring reports")
        constraints = RenderedDocument.lifecycle_constraints("monitoring", "report")

    def __str__(self) -> str:
        return f"Monitoringrapport {self.period}"

    @property
    def filename(self) -> str:
        return f"monitoringrapport-{self.period.title}.pdf"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:monitoring_report_download", kwargs={"pk": self.pk})
