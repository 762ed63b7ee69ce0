"""The one ordering helper: items with a `position` among their siblings (sectors, objectives,
actions). Positions are renumbered 1..n on every move, so gaps and ties left by deletions or
concurrent inserts heal themselves."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

DIRECTIONS = ("up", "down")


def next_position(siblings: models.QuerySet) -> int:
    """The position after the last of `siblings` (1 for the first)."""
    return (siblings.aggregate(m=Max("position"))["m"] or 0) + 1


def move(
    *, item: models.Model, siblings: models.QuerySet, direction: str, tiebreak: str = "pk"
) -> bool:
    """Move `item` one place up or down among `siblings` (which include it); call inside a
    transaction. At either end nothing moves (False). Only rows whose position changes are
    written."""
    if direction not in DIRECTIONS:
        raise ValidationError(_("Unknown direction."))
    ordered = list(siblings.select_for_update().order_by("position", tiebreak))
    index = next(i for i, sibling in enumerate(ordered) if sibling.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    moved = 0 <= other < len(ordered)
    if moved:
        ordered[index], ordered[other] = ordered[other], ordered[index]
    fields = ["position"]
    if any(f.name == "updated_at" for f in item._meta.concrete_fields):
        fields.append("updated_at")
    for position, sibling in enumerate(ordered, start=1):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=fields)
    return moved
