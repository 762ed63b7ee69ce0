"""Actions on sectors."""

from django.db import transaction

from streekpact.core import ordering

from .models import Sector


@transaction.atomic
def sector_save(*, sector: Sector, lead_organisations) -> Sector:
    """Create or update a sector; a new sector goes to the end of the pact."""
    if sector.pk is None:
        sector.position = ordering.next_position(Sector.objects.select_for_update())
    sector.save()
    sector.lead_organisations.set(lead_organisations)
    return sector


@transaction.atomic
def sector_move(*, sector: Sector, direction: str) -> None:
    """Move a sector one place up or down in the pact; positions are renumbered 1..n."""
    ordering.move(item=sector, siblings=Sector.objects.all(), direction=direction, tiebreak="name")
