"""Who may look at what: the insight page is for RESOC staff and the chair; an organisation's
involvement is for them and for the organisation's own members."""

import rules

from streekpact.partners.rules import is_chair, is_logged_in, is_member_of, is_resoc_staff

rules.add_perm("insight.view_insight", is_resoc_staff | is_chair)
rules.add_perm(
    "insight.view_involvement", is_resoc_staff | is_chair | (is_logged_in & is_member_of)
)
