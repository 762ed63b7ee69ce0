"""Who may do what with sectors and themes."""

import rules

from streekpact.partners.rules import is_logged_in, is_resoc_staff


@rules.predicate
def is_sector_lead(user, sector) -> bool:
    """The user belongs to one of the sector's lead organisations (trekkers)."""
    if sector is None or not user.is_authenticated or user.organisation_id is None:
        return False
    return sector.is_led_by(user.organisation_id)


rules.add_perm("sectors.view_sector", is_logged_in)
rules.add_perm("sectors.add_sector", is_resoc_staff)
rules.add_perm("sectors.change_sector", is_resoc_staff)
rules.add_perm("sectors.reorder_sectors", is_resoc_staff)
rules.add_perm("sectors.delete_sector", is_resoc_staff)
rules.add_perm("sectors.manage_themes", is_resoc_staff)
