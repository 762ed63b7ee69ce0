"""Role predicates, the vocabulary every app's rules are written in.

Permissions are named once (`rules.add_perm`) and checked with `user.has_perm(name, obj)` in
views, with `{% has_perm %}` in templates, and tested as a role x action matrix.
"""

import rules

from .models import Role


@rules.predicate
def is_resoc_staff(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role == Role.STAFF)


@rules.predicate
def is_chair(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role == Role.CHAIR)


@rules.predicate
def is_partner(user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and user.role == Role.PARTNER
        and user.organisation_id is not None
    )


@rules.predicate
def is_member_of(user, organisation) -> bool:
    return bool(
        organisation is not None
        and user.is_authenticated
        and user.organisation_id == getattr(organisation, "pk", None)
    )


is_logged_in = rules.is_authenticated & rules.is_active


@rules.predicate
def belongs_to_an_organisation(user) -> bool:
    return bool(user.is_authenticated and user.organisation_id is not None)


@rules.predicate
def is_own_account(user, person) -> bool:
    return bool(person is not None and user.is_authenticated and person.pk == user.pk)


# The design system's page (streekpact.views.DesignSystemView): for the people who keep the portal.
rules.add_perm("core.view_design_system", is_resoc_staff)
rules.add_perm("partners.view_organisation", is_logged_in)
# The people pickers (facilitator, walk-in, co-authors) search names and organisations.
rules.add_perm("partners.search_people", is_logged_in)
rules.add_perm("partners.add_organisation", is_resoc_staff)
rules.add_perm("partners.change_organisation", is_resoc_staff)
rules.add_perm("partners.invite_person", is_resoc_staff)
rules.add_perm("partners.change_person", is_resoc_staff)
rules.add_perm("partners.view_invitation", is_resoc_staff)
rules.add_perm("partners.revoke_invitation", is_resoc_staff)
# The logboek: staff read every entry; members of an organisation read the entries about their
# organisation's objects (AuditEntry.objects.visible_to narrows the list accordingly).
rules.add_perm(
    "partners.view_audit_log", is_resoc_staff | (is_logged_in & belongs_to_an_organisation)
)
# The calendar-feed link: its owner renews or revokes it; staff revoke anyone's (someone left).
rules.add_perm("partners.manage_feed_link", is_logged_in & is_own_account)
rules.add_perm("partners.revoke_feed_link", is_resoc_staff | (is_logged_in & is_own_account))
