"""Actions on sectors and themes. Each records an audit entry in its transaction."""

from django.db import transaction

from streekpact.core import ordering
from streekpact.partners.audit import audit_record, changes_since, snapshot
from streekpact.partners.models import AuditVerb

from .models import Sector, Theme
from .signals import sector_created

SECTOR_FIELDS = ("name", "slug", "kind", "description", "lead_organisations")
THEME_FIELDS = ("name", "slug", "is_core", "position")


@transaction.atomic
def sector_save(*, sector: Sector, lead_organisations, by=None) -> Sector:
    """Create or update a sector; a new sector goes to the end of the pact.

    A new sector is announced with `sector_created` in the same transaction, so the pact's
    chapter for it exists as soon as the sector does (nothing is created later on a page view).
    """
    created = sector.pk is None
    if created:
        sector.position = ordering.next_position(Sector.objects.select_for_update())
        before = dict.fromkeys(SECTOR_FIELDS)
    else:
        before = snapshot(Sector.objects.get(pk=sector.pk), SECTOR_FIELDS)
    sector.save()
    sector.lead_organisations.set(lead_organisations)
    changes = changes_since(before, sector)
    if created or changes:
        audit_record(
            by=by,
            verb=AuditVerb.CREATE if created else AuditVerb.UPDATE,
            target=sector,
            changes=changes,
            action="sector_save",
        )
    if created:
        sector_created.send(sender=Sector, sector=sector, by=by)
    return sector


@transaction.atomic
def sector_move(*, sector: Sector, direction: str, by=None) -> None:
    """Move a sector one place up or down in the pact; positions are renumbered 1..n."""
    moved = ordering.move(
        item=sector, siblings=Sector.objects.all(), direction=direction, tiebreak="name"
    )
    if moved:
        audit_record(
            by=by,
            verb=AuditVerb.MOVE,
            target=sector,
            changes={"direction": direction},
            action="sector_move",
        )


@transaction.atomic
def theme_create(*, by, **fields) -> Theme:
    """Staff add a topic (e.g. 'Innovatie')."""
    theme = Theme(**fields)
    theme.full_clean()
    theme.save()
    audit_record(
        by=by,
        verb=AuditVerb.CREATE,
        target=theme,
        changes=snapshot(theme, fields),
        action="theme_create",
    )
    return theme


@transaction.atomic
def theme_update(*, theme: Theme, by, **fields) -> Theme:
    """Staff rename or reorder a theme."""
    theme = Theme.objects.select_for_update().get(pk=theme.pk)
    before = snapshot(theme, fields)
    for name, value in fields.items():
        setattr(theme, name, value)
    theme.full_clean()
    theme.save()
    changes = changes_since(before, theme)
    if changes:
        audit_record(
            by=by, verb=AuditVerb.UPDATE, target=theme, changes=changes, action="theme_update"
        )
    return theme
