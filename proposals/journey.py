"""The proposals' step in the pact's journey (streekpact.core.journey)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from streekpact.core.journey import NextAction, StepStatus

from .models import Proposal


def step(user, sector=None) -> StepStatus:
    """Open proposals make this the current step; the user's drafts and review queue are the
    next actions ("2 proposals of your organisation wait for submission")."""
    proposals = Proposal.objects.all()
    if sector is not None:
        proposals = proposals.for_sector(sector)
    counts = proposals.journey_counts(user)
    open_count, approved, waiting = counts["open"], counts["approved"], counts["waiting"]
    actions = []
    if waiting:
        label = ngettext(
            "%(count)d proposal of your organisation waits for submission",
            "%(count)d proposals of your organisation wait for submission",
            waiting,
        ) % {"count": waiting}
        actions.append(NextAction(label, reverse("proposals:drafts"), primary=True))
    if user.has_perm("proposals.view_review_queue"):
        queue = proposals.review_queue_count(user, counts)
        if queue:
            label = ngettext(
                "%(count)d proposal waits for your review",
                "%(count)d proposals wait for your review",
                queue,
            ) % {"count": queue}
            actions.append(NextAction(label, reverse("proposals:review_queue"), primary=True))
    if user.has_perm("proposals.add_proposal"):
        actions.append(NextAction(_("Write a proposal"), reverse("proposals:create")))
    summary = ngettext(
        "%(open)d open, %(approved)d approved",
        "%(open)d open, %(approved)d approved",
        open_count,
    ) % {"open": open_count, "approved": approved}
    if open_count or waiting:
        state = "current"
    elif approved:
        state = "done"
    else:
        state = "upcoming"
    return StepStatus(state, summary, tuple(actions))
