"""Who may do what with ateliers.

Staff manage every atelier; members of a sector's lead organisation (or of the atelier's own
lead organisations) manage that sector's ateliers; the facilitator runs the day (attendance,
report, capture). Everyone logged in reads and registers.
"""

import rules

from sectors.rules import is_sector_lead, leads_a_sector
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


@rules.predicate
def report_is_public(user, atelier) -> bool:
    return bool(atelier is not None and atelier.report_is_published)


@rules.predicate
def has_organisation(user) -> bool:
    return bool(user.is_authenticated and user.organisation_id is not None)


# Plan a new atelier: the object is the sector (None: "in some sector", to show the button).
rules.add_perm("ateliers.add_atelier", is_resoc_staff | leads_a_sector)
# Register oneself; and colleagues of one's own organisation.
rules.add_perm("ateliers.register", is_logged_in)
rules.add_perm("ateliers.register_colleagues", is_logged_in & has_organisation)
# Cancel anyone's registration, see e-mail addresses, invite organisations and guests.
rules.add_perm("ateliers.manage_registrations", can_manage)


@rules.predicate
def is_own_registration(user, registration) -> bool:
    return bool(
        registration is not None and user.is_authenticated and registration.user_id == user.pk
    )


@rules.predicate
def is_colleagues_registration(user, registration) -> bool:
    return bool(
        registration is not None
        and user.is_authenticated
        and user.organisation_id is not None
        and registration.organisation_id == user.organisation_id
    )


@rules.predicate
def manages_registrations_atelier(user, registration) -> bool:
    return registration is not None and bool(can_manage.test(user, registration.atelier))


# Cancel a registration (the object is the registration): one's own, a colleague's, or anyone's
# for those who manage the atelier.
rules.add_perm(
    "ateliers.cancel_registration",
    is_logged_in
    & (is_own_registration | is_colleagues_registration | manages_registrations_atelier),
)
# Read the report (and download its attachments): once published, or while writing it.
rules.add_perm(
    "ateliers.view_report", (is_logged_in & report_is_public) | can_manage | is_facilitator
)
