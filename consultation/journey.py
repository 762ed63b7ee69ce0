"""The consultation's step in the pact's journey (streekpact.core.journey).

Rounds are opened on a draft of the whole pact (or one chapter), so a sector's page shows the
same step as the home page. A few counting queries, whatever the number of rounds.
"""

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from streekpact.core.journey import NextAction, StepStatus

from .models import Reaction, Round, RoundStatus


def _day(date) -> str:
    """'vrijdag 4 december' (the day and date, no year)."""
    return formats.date_format(date, "l j F")


def step(user, sector=None) -> StepStatus:
    """An open round (or a closed one whose reactions are being answered) makes this the
    current step. An invited partner member is asked to react before the first round closes;
    staff see how many reactions wait for an answer."""
    active = Round.objects.exclude(status=RoundStatus.FINISHED)
    first_open = Round.objects.filter(status=RoundStatus.OPEN).order_by("closes_on", "pk").first()
    finished = Round.objects.filter(status=RoundStatus.FINISHED).count()
    actions = []
    mine = None
    if (
        user.is_authenticated
        and user.organisation_id
        and not user.has_perm("consultation.open_round")
    ):
        mine = (
            Round.objects.visible_to(user)
            .filter(status=RoundStatus.OPEN)
            .order_by("closes_on", "pk")
            .first()
        )
    if mine is not None and user.has_perm("consultation.react", mine):
        label = _("A consultation round closes on %(day)s — react on behalf of %(org)s") % {
            "day": _day(mine.closes_on),
            "org": user.organisation.short_name,
        }
        actions.append(NextAction(label, mine.get_absolute_url(), primary=True))
    if user.has_perm("consultation.open_round"):
        waiting = Reaction.objects.unanswered().filter(round__in=active)
        count = waiting.count()
        if count:
            round_id = waiting.order_by("created_at", "pk").values_list("round_id", flat=True)[0]
            label = ngettext(
                "%(count)d reaction waits for an answer",
                "%(count)d reactions wait for an answer",
                count,
            ) % {"count": count}
            url = reverse("consultation:round_overview", kwargs={"pk": round_id})
            actions.append(NextAction(label, url, primary=True))
        if first_open is None:
            actions.append(
                NextAction(_("Open a consultation round"), reverse("consultation:round_create"))
            )
    if first_open is not None:
        summary = _("A round is open until %(day)s") % {"day": _day(first_open.closes_on)}
        return StepStatus("current", summary, tuple(actions))
    if active.exists():
        return StepStatus("current", _("The reactions are being answered."), tuple(actions))
    if finished:
        summary = ngettext("%(count)d round finished", "%(count)d rounds finished", finished) % {
            "count": finished
        }
        return StepStatus("done", summary, tuple(actions))
    return StepStatus("upcoming", _("No consultation round yet."), tuple(actions))
