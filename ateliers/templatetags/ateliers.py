"""Atelier panels for pages of other apps (home, sector), as inclusion tags."""

from django import template
from django.utils import timezone

from ateliers.models import Atelier, RegistrationStatus

register = template.Library()


#: The sector page shows at most this many upcoming and this many past ateliers.
SECTOR_PANEL_SIZE = 5


@register.inclusion_tag("ateliers/includes/sector_ateliers_panel.html", takes_context=True)
def sector_ateliers(context, sector):
    """The next and the latest ateliers of one sector (a bounded summary), with a link to all
    of them in the atelier list when there are more."""
    now = timezone.now()
    ateliers = Atelier.objects.for_sector(sector).select_related("sector")
    upcoming = list(
        ateliers.filter(ends_at__gte=now).order_by("starts_at", "pk")[: SECTOR_PANEL_SIZE + 1]
    )
    past = list(
        ateliers.filter(ends_at__lt=now).order_by("-starts_at", "-pk")[: SECTOR_PANEL_SIZE + 1]
    )
    return {
        "sector": sector,
        "upcoming": upcoming[:SECTOR_PANEL_SIZE],
        "more_upcoming": len(upcoming) > SECTOR_PANEL_SIZE,
        "past": past[:SECTOR_PANEL_SIZE],
        "more_past": len(past) > SECTOR_PANEL_SIZE,
        "request": context.get("request"),
        "user": context.get("user"),
    }


@register.inclusion_tag("ateliers/includes/home_panel_content.html", takes_context=True)
def ateliers_home_panel(context):
    """The next ateliers, marking the ones the user is registered for."""
    user = context.get("user")
    upcoming = list(Atelier.objects.upcoming().select_related("sector").order_by("starts_at")[:4])
    mine = set()
    if user is not None and user.is_authenticated:
        mine = set(
            user.atelier_registrations.filter(
                atelier__in=upcoming, status=RegistrationStatus.REGISTERED
            ).values_list("atelier_id", flat=True)
        )
    return {"upcoming": upcoming, "mine": mine, "user": user}
