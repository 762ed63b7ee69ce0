"""Who may adopt, sign and follow the signing of the pact.

Staff or the chair propose a ready draft as final; only the chair adopts it. A member with a
signing right (granted by staff) signs or declines for their organisation. Staff follow the
signing and remind; staff and the chair see the overview.
"""

import rules

from streekpact.partners.rules import is_chair, is_logged_in, is_resoc_staff


@rules.predicate
def has_signing_right(user) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    cached = getattr(user, "_has_signing_right", None)
    if cached is None:
        from .models import SigningRight

        cached = SigningRight.objects.active().filter(user=user).exists()
        user._has_signing_right = cached
    return cached


@rules.predicate
def is_current_adoption(user, adoption) -> bool:
    if adoption is None or adoption.status != "adopted":
        return False
    from .models import Adoption

    current = Adoption.objects.current()
    return current is not None and current.pk == adoption.pk


@rules.predicate
def is_proposed(user, adoption) -> bool:
    return adoption is not None and adoption.status == "proposed"


staff_or_chair = is_resoc_staff | is_chair

rules.add_perm("adoption.view_adoption", is_logged_in)
rules.add_perm("adoption.propose_adoption", staff_or_chair)
rules.add_perm("adoption.withdraw_adoption", staff_or_chair & is_proposed)
rules.add_perm("adoption.adopt", is_chair & is_proposed)
rules.add_perm("adoption.view_signing_overview", staff_or_chair)
rules.add_perm("adoption.remind_signatories", is_resoc_staff)
rules.add_perm("adoption.set_partial_signing", is_resoc_staff)
rules.add_perm("adoption.request_rendition", is_resoc_staff)
rules.add_perm("adoption.manage_signing_rights", is_resoc_staff)
rules.add_perm("adoption.sign", has_signing_right & is_current_adoption)
