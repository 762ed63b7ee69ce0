"""Panels that other pages (home, sector) include: the proposals app fills them itself."""

from django import template
from django.utils.translation import gettext_lazy as _

from streekpact.core.templatetags.streekpact import stepper

from .. import rows
from ..models import Proposal, ProposalStatus

register = template.Library()


@register.simple_tag
def proposal_rows(proposals):
    """`{% proposal_rows proposals %}`: the list rows of these proposals (`for_list()`), each
    read from the cache when its content was rendered before (`proposals.rows`)."""
    return rows.proposal_rows(proposals)


@register.simple_tag
def queue_rows(proposals, *, selectable=False):
    """`{% queue_rows proposals selectable=bulk_form %}`: the review queue's rows, each read
    from the cache when rendered before; `selectable` adds the bulk form's checkbox."""
    return rows.queue_rows(proposals, selectable=bool(selectable))


@register.inclusion_tag("proposals/includes/home_panel_content.html", takes_context=True)
def proposals_home_panel(context):
    """My drafts, my submitted proposals, and (for reviewers) the size of the review queue."""
    user = context["request"].user
    if not user.is_authenticated:
        return {"show": False}
    owned = Proposal.objects.owned_by(user)
    drafts = list(
        owned.filter(status__in=[ProposalStatus.DRAFT, ProposalStatus.CHANGES_REQUESTED])
        .select_related("sector")
        .order_by("-updated_at")[:5]
    )
    counts = Proposal.objects.journey_counts(user)
    queue_count = None
    if user.has_perm("proposals.view_review_queue"):
        queue_count = Proposal.objects.review_queue_count(user, counts)
    return {
        "show": True,
        "user": user,
        "drafts": drafts,
        "queue_count": queue_count,
        "public_count": counts["public"],
        "approved_count": counts["approved"],
        "can_add": user.has_perm("proposals.add_proposal"),
    }


@register.inclusion_tag("proposals/includes/sector_proposals_content.html", takes_context=True)
def sector_proposals(context, sector, limit: int = 10):
    """The latest proposals of a sector that the user may see, with their support."""
    user = context["request"].user
    proposals = (
        Proposal.objects.visible_to(user)
        .for_sector(sector)
        .for_list()
        .order_by("-created_at")[:limit]
    )
    return {
        "sector": sector,
        "proposals": proposals,
        "user": user,
        "can_add": user.has_perm("proposals.add_proposal"),
        "total": Proposal.objects.visible_to(user).for_sector(sector).count(),
    }


@register.inclusion_tag("proposals/includes/atelier_proposals_content.html", takes_context=True)
def atelier_proposals(context, atelier):
    """The proposals that came out of an atelier (that the user may see), with their status.

    For the ateliers app: `{% load proposal_tags %}{% atelier_proposals atelier %}`.
    """
    user = context["request"].user
    proposals = (
        Proposal.objects.visible_to(user).filter(atelier=atelier).for_list().order_by("-created_at")
    )
    return {"atelier": atelier, "proposals": proposals, "user": user}


#: The road of a proposal, as the lifecycle stepper shows it (docs/design.md).
LIFECYCLE = (
    ("draft", _("Draft")),
    ("submitted", _("Submitted")),
    ("review", _("In review")),
    ("decided", _("Decided")),
    ("pact", _("In the pact")),
)
_STEP_OF = {
    ProposalStatus.DRAFT: "draft",
    ProposalStatus.SUBMITTED: "submitted",
    ProposalStatus.UNDER_REVIEW: "review",
    ProposalStatus.CHANGES_REQUESTED: "review",
    ProposalStatus.APPROVED: "decided",
    ProposalStatus.REJECTED: "decided",
    ProposalStatus.MERGED: "decided",
}


@register.inclusion_tag("components/stepper.html")
def proposal_stepper(proposal):
    """`{% proposal_stepper proposal %}`: draft → submitted → in review → decided → in the pact.

    An approved proposal is "in the pact" once an action of the pact names it (the reverse
    relation the pact adds; one query). Rejected and withdrawn proposals stop where they were.
    """
    current = _STEP_OF.get(proposal.status)
    stopped = None
    if proposal.status == ProposalStatus.APPROVED and proposal.pact_actions.exists():
        current = "pact"
    elif proposal.status in (ProposalStatus.REJECTED, ProposalStatus.MERGED):
        stopped = proposal.get_status_display()
    elif proposal.status == ProposalStatus.WITHDRAWN:
        current = "submitted" if proposal.submitted_at else "draft"
        stopped = proposal.get_status_display()
    return stepper(LIFECYCLE, current, stopped=stopped, label=_("Where this proposal stands"))
