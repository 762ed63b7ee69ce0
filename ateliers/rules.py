"""Who may do what with ateliers.

Staff manage every atelier; members of a sector's lead organisation (or of the atelier's own
lead organisations) manage that sector's ateliers; the facilitator runs the day (attendance,
report, capture). Everyone logged in reads and registers.
"""

import rules

from sectors.rules import is_sector_lead
from streekpact.partners.rules import is_logged_in, is_resoc_staff


@rules.predicate
def is_atelier_lead(user, atelier) -> bool:
    """The user belongs to a lead organisation of the atelier or of its sector."""
    if atelier is None or not user.is_authenticated or user.organisation_id is None:
        return False
    if any(org.pk == user.organisation_id for org in atelier.lead_organisations.all()):
        return True
    return is_sector_lead(user, atelier.sector)


@rules.predicate
def is_facilitator(user, atelier) -> bool:
    return bool(atelier is not None and user.is_authenticated and atelier.facilitator_id == user.pk)


can_manage = is_resoc_staff | is_atelier_lead

rules.add_perm("ateliers.view_atelier", is_logged_in)
rules.add_perm("ateliers.change_atelier", can_manage)
# Run the day: attendance, the report, capturing contributions as draft proposals.
rules.add_perm("ateliers.run_atelier", can_manage | is_facilitator)
rules.add_perm("ateliers.capture_contributions", can_manage | is_facilitator)
