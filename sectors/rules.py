"""Who may do what with sectors and themes."""

import rules

from streekpact.partners.rules import is_logged_in, is_resoc_staff

from .models import Sector


@rules.predicate
def is_sector_lead(user, sector) -> bool:
    """The user belongs to one of the sector's lead organisations (trekkers)."""
    if sector is None or not user.is_authenticated or user.organisation_id is None:
        return False
    return sector.is_led_by(user.organisation_id)


@rules.predicate
def leads_a_sector(user, sector=None) -> bool:
    """With a sector: the user's organisation leads it. Without: it leads at least one sector.

    The "at least one" answer is asked by the navigation on every page: it is remembered on the
    request's user object.
    """
    if not user.is_authenticated or user.organisation_id is None:
        return False
    if sector is not None:
        return is_sector_lead(user, sector)
    if not hasattr(user, "_leads_a_sector"):
        user._leads_a_sector = Sector.objects.filter(
            lead_organisations=user.organisation_id
        ).exists()
    return user._leads_a_sector


rules.add_perm("sectors.view_sector", is_logged_in)
rules.add_perm("sectors.add_sector", is_resoc_staff)
rules.add_perm("sectors.change_sector", is_resoc_staff)
rules.add_perm("sectors.reorder_sectors", is_resoc_staff)
rules.add_perm("sectors.delete_sector", is_resoc_staff)
rules.add_perm("sectors.manage_themes", is_resoc_staff)
