"""Who may do what with the pact and its drafts.

RESOC staff compose the pact; staff and the chair request and download every draft; partner
members only download the drafts staff shared with them.
"""

import rules

from streekpact.partners.rules import is_chair, is_logged_in, is_partner, is_resoc_staff


@rules.predicate
def is_shared_ready_draft(user, draft) -> bool:
    return bool(draft is not None and draft.status == "ready" and draft.shared_with_partners)


staff_or_chair = is_resoc_staff | is_chair

rules.add_perm("pact.view_pact", is_logged_in)
rules.add_perm("pact.view_composition", staff_or_chair)
rules.add_perm("pact.change_pact", is_resoc_staff)
rules.add_perm("pact.place_proposal", is_resoc_staff)
rules.add_perm("pact.request_draft", staff_or_chair)
rules.add_perm("pact.view_draft", staff_or_chair | (is_partner & is_shared_ready_draft))
rules.add_perm("pact.download_draft", staff_or_chair | (is_partner & is_shared_ready_draft))
rules.add_perm("pact.share_draft", is_resoc_staff)
