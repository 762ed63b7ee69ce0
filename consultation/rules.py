"""Who may do what in a consultation round.

Staff open, extend, close and finish rounds, hide reactions and answer them; the chair reads
everything. Partner members of an invited organisation read the round and react on behalf of
their organisation while it is open; they change their organisation's reactions until it
closes. Everybody else does not see the round (404).
"""

import rules

from streekpact.partners.rules import is_chair, is_partner, is_resoc_staff

staff_or_chair = is_resoc_staff | is_chair


def _round_of(obj):
    return getattr(obj, "round", obj)


@rules.predicate
def is_invited(user, obj) -> bool:
    """The user's organisation is invited to the round (of the reaction)."""
    consultation = _round_of(obj)
    if consultation is None or not user.is_authenticated or user.organisation_id is None:
        return False
    invited = getattr(consultation, "_invited_ids", None)
    if invited is None:
        invited = set(consultation.invitations.values_list("organisation_id", flat=True))
        consultation._invited_ids = invited
    return user.organisation_id in invited


@rules.predicate
def is_open(user, obj) -> bool:
    consultation = _round_of(obj)
    return consultation is not None and consultation.status == "open"


@rules.predicate
def is_not_finished(user, obj) -> bool:
    consultation = _round_of(obj)
    return consultation is not None and consultation.status != "finished"


@rules.predicate
def is_own_organisations(user, reaction) -> bool:
    return bool(
        reaction is not None
        and user.is_authenticated
        and reaction.organisation_id == user.organisation_id
        and reaction.hidden_at is None
    )


@rules.predicate
def is_finished(user, obj) -> bool:
    consultation = _round_of(obj)
    return consultation is not None and consultation.status == "finished"


rules.add_perm("consultation.view_rounds", staff_or_chair | is_partner)
rules.add_perm("consultation.open_round", is_resoc_staff)
rules.add_perm("consultation.view_round", staff_or_chair | (is_partner & is_invited))
rules.add_perm("consultation.react", is_partner & is_invited & is_open)
rules.add_perm(
    "consultation.change_reaction", is_partner & is_invited & is_open & is_own_organisations
)
# The write views themselves: while the round is open the service accepts the post; a post that
# arrives after the close is refused by the service with a message, the typed text kept.
rules.add_perm("consultation.write_reaction", is_partner & is_invited)
rules.add_perm("consultation.rewrite_reaction", is_partner & is_invited & is_own_organisations)
rules.add_perm("consultation.hide_reaction", is_resoc_staff)
rules.add_perm("consultation.answer_reaction", is_resoc_staff & is_not_finished)
rules.add_perm("consultation.manage_round", is_resoc_staff & is_not_finished)
rules.add_perm("consultation.view_overview", staff_or_chair)
rules.add_perm(
    "consultation.download_note", (staff_or_chair | (is_partner & is_invited)) & is_finished
)
