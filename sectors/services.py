"""Actions on sectors."""

from django.db import transaction
from django.db.models import Max

from .models import Sector
from .signals import sector_created


@transaction.atomic
def sector_save(*, sector: Sector, lead_organisations, by=None) -> Sector:
    """Create or update a sector; a new sector goes to the end of the pact.

    A new sector is announced with `sector_created` in the same transaction, so the pact's
    chapter for it exists as soon as the sector does (nothing is created later on a page view).
    """
    created = sector.pk is None
    if created:
        last = Sector.objects.select_for_update().aggregate(m=Max("position"))["m"]
        sector.position = (last or 0) + 1
    sector.save()
    sector.lead_organisations.set(lead_organisations)
    if created:
        sector_created.send(sender=Sector, sector=sector, by=by)
    return sector


@transaction.atomic
def sector_move(*, sector: Sector, direction: str) -> None:
    """Move a sector one place up or down in the pact; positions are renumbered 1..n."""
    if direction not in ("up", "down"):
        raise ValueError(f"unknown direction {direction!r}")
    ordered = list(Sector.objects.select_for_update().order_by("position", "name"))
    index = next(i for i, s in enumerate(ordered) if s.pk == sector.pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(ordered):
        ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, item in enumerate(ordered, start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position", "updated_at"])
