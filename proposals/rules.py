"""Who may do what with proposals.

Visibility (decided with the issue's rules in mind):
- A draft is a private workspace: only its owners see it — its (co-)authors and the members of
  the submitting organisation (so a contribution captured during an atelier on behalf of an
  organisation can be completed and submitted by any of its members). Whoever captured it (the
  facilitator) may see and correct it while it is a draft, each change kept as a revision, but
  never submit or withdraw it: nobody acts in another organisation's name.
  Staff do not see drafts; they see a proposal from the moment it is submitted.
- Every other proposal is visible to everyone logged in.
- Private review notes: RESOC staff and members of the sector's lead organisations, never the
  proposal's owners (a lead organisation does not review its own proposals).

Objects a user may not see give 404 (the views filter with `Proposal.objects.visible_to`);
actions on a visible object that the user may not perform give 403.
"""

import rules

from sectors.rules import is_sector_lead, leads_a_sector
from streekpact.partners.rules import is_logged_in, is_partner, is_resoc_staff

from .models import CLOSED_STATUSES, EDITABLE_STATUSES, OPEN_STATUSES, ProposalStatus


@rules.predicate
def is_proposal_owner(user, proposal) -> bool:
    """(Co-)author, creator, or a member of the submitting organisation."""
    return bool(proposal is not None and proposal.is_owned_by(user))


@rules.predicate
def is_capturer(user, proposal) -> bool:
    """Captured this draft during an atelier and may still capture for that atelier."""
    return bool(
        proposal is not None
        and proposal.is_captured_by(user)
        and user.has_perm("ateliers.capture_contributions", proposal.atelier)
    )


@rules.predicate
def is_draft(user, proposal) -> bool:
    return proposal is not None and proposal.status == ProposalStatus.DRAFT


@rules.predicate
def is_editable(user, proposal) -> bool:
    return proposal is not None and proposal.status in EDITABLE_STATUSES


@rules.predicate
def is_open(user, proposal) -> bool:
    return proposal is not None and proposal.status in OPEN_STATUSES


@rules.predicate
def is_withdrawable(user, proposal) -> bool:
    return proposal is not None and proposal.status in (*OPEN_STATUSES, ProposalStatus.DRAFT)


@rules.predicate
def is_closed(user, proposal) -> bool:
    return proposal is not None and proposal.status in CLOSED_STATUSES


@rules.predicate
def is_lead_of_proposal_sector(user, proposal) -> bool:
    return proposal is not None and is_sector_lead(user, proposal.sector)


@rules.predicate
def is_comment_author(user, comment) -> bool:
    return bool(comment is not None and user.is_authenticated and comment.author_id == user.pk)


@rules.predicate
def comment_still_editable(user, comment) -> bool:
    return comment is not None and comment.is_editable_now()


@rules.predicate
def comment_not_removed(user, comment) -> bool:
    return comment is not None and not comment.is_removed


#: A reviewer of this proposal: staff, or a lead organisation of its sector that is not its owner.
is_reviewer = is_resoc_staff | (is_lead_of_proposal_sector & ~is_proposal_owner)

can_view = is_logged_in & (~is_draft | is_proposal_owner | is_capturer)

rules.add_perm("proposals.view_proposal", can_view)
rules.add_perm("proposals.add_proposal", is_partner)
# The capturer corrects a captured draft (every change is kept as a revision); only the
# organisation's members submit or withdraw it.
rules.add_perm(
    "proposals.change_proposal",
    is_logged_in & ((is_proposal_owner & is_editable) | (is_capturer & is_draft)),
)
rules.add_perm("proposals.submit_proposal", is_logged_in & is_proposal_owner & is_editable)
rules.add_perm("proposals.withdraw_proposal", is_logged_in & is_proposal_owner & is_withdrawable)
rules.add_perm("proposals.view_revisions", can_view)
# Attachments: seen by whoever sees the proposal; added and removed by its owners while editable.
rules.add_perm("proposals.view_attachment", can_view)
rules.add_perm("proposals.change_attachments", is_logged_in & is_proposal_owner & is_editable)
# Review.
rules.add_perm("proposals.view_review_queue", is_resoc_staff | leads_a_sector)
rules.add_perm("proposals.review_proposal", is_logged_in & is_reviewer & is_open)
rules.add_perm("proposals.view_review_notes", is_logged_in & is_reviewer)
rules.add_perm("proposals.add_review_note", is_logged_in & is_reviewer & ~is_draft)
rules.add_perm("proposals.assign_reviewers", is_logged_in & is_reviewer & is_open)
rules.add_perm("proposals.decide_proposal", is_logged_in & is_reviewer & is_open)
rules.add_perm("proposals.answer_proposal", is_logged_in & is_reviewer & ~is_draft)
rules.add_perm("proposals.bulk_update_proposals", is_resoc_staff)
rules.add_perm("proposals.export_proposals", is_resoc_staff)
# Draagvlak: a partner organisation states its position on someone else's open proposal.
rules.add_perm("proposals.support_proposal", is_partner & is_open & ~is_proposal_owner)
# Discussion.
rules.add_perm("proposals.comment_proposal", is_logged_in & ~is_draft & ~is_closed)
rules.add_perm(
    "proposals.change_comment", is_comment_author & comment_not_removed & comment_still_editable
)
rules.add_perm("proposals.remove_comment", is_resoc_staff & comment_not_removed)
