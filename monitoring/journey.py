"""Monitoring's step in the pact's journey (streekpact.core.journey).

On a sector's page only the actions of the sector's chapter count. A few counting queries,
whatever the number of actions and reports.
"""

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pact.models import Action
from streekpact.core.journey import NextAction, StepStatus

from .models import ProgressReport, ReportingPeriod, ReportState

CHAPTER = "operational_objective__strategic_objective__chapter"


def step(user, sector=None) -> StepStatus:
    """An open reporting period makes this the current step: a trekker's members see how many
    of their organisation's reports still wait; staff and the chair how many came in."""
    period = ReportingPeriod.objects.open().order_by("deadline", "pk").first()
    if period is None:
        last = ReportingPeriod.objects.order_by("-ends_on", "-pk").first()
        if last is None:
            return StepStatus("upcoming", _("No reporting period yet."))
        summary = _("Last period: %(title)s (%(status)s)") % {
            "title": last.title,
            "status": last.get_status_display().lower(),
        }
        actions = []
        if user.has_perm("monitoring.view_monitoring"):
            actions.append(NextAction(_("See the progress reports"), last.get_absolute_url()))
        if user.has_perm("monitoring.manage_periods"):
            actions.append(
                NextAction(_("Open a reporting period"), reverse("monitoring:period_create"))
            )
        return StepStatus("current", summary, tuple(actions))
    actions_of_pact = Action.objects.filter(**{f"{CHAPTER}__pact_id": period.pact_id})
    reports = ProgressReport.objects.filter(period=period, state=ReportState.SUBMITTED)
    if sector is not None:
        actions_of_pact = actions_of_pact.filter(**{f"{CHAPTER}__sector": sector})
        reports = reports.filter(**{f"action__{CHAPTER}__sector": sector})
    total = actions_of_pact.count()
    reported = reports.count()
    deadline = formats.date_format(period.deadline, "SHORT_DATE_FORMAT")
    summary = ngettext(
        "%(period)s: %(reported)d of %(total)d action reported, due %(deadline)s",
        "%(period)s: %(reported)d of %(total)d actions reported, due %(deadline)s",
        total,
    ) % {"period": period.title, "reported": reported, "total": total, "deadline": deadline}
    actions = []
    if user.is_authenticated and user.organisation_id and user.role == "partner":
        waiting = (
            actions_of_pact.filter(trekker_id=user.organisation_id)
            .exclude(pk__in=reports.values("action_id"))
            .count()
        )
        if waiting:
            label = ngettext(
                "%(count)d progress report of your organisation is waiting (due %(deadline)s)",
                "%(count)d progress reports of your organisation are waiting (due %(deadline)s)",
                waiting,
            ) % {"count": waiting, "deadline": deadline}
            actions.append(NextAction(label, period.get_absolute_url(), primary=True))
    if user.has_perm("monitoring.view_overview"):
        missing = total - reported
        if missing:
            label = ngettext(
                "%(count)d action has no report yet",
                "%(count)d actions have no report yet",
                missing,
            ) % {"count": missing}
        else:
            label = _("See the progress reports")
        actions.append(NextAction(label, period.get_absolute_url()))
    return StepStatus("current", summary, tuple(actions))
