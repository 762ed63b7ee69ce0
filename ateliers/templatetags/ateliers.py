"""Atelier panels for pages of other apps (home, sector), as inclusion tags."""

from django import template
from django.utils import timezone

from ateliers.models import Atelier, RegistrationStatus

register = template.Library()


@register.inclusion_tag("ateliers/includes/sector_ateliers_panel.html", takes_context=True)
def sector_ateliers(context, sector):
    """The ateliers of one sector: upcoming first, then the past ones."""
    ateliers = list(
        Atelier.objects.for_sector(sector)
        .with_counts()
        .select_related("sector")
        .order_by("-starts_at")
    )
    now = timezone.now()
    return {
        "sector": sector,
        "upcoming": sorted((a for a in ateliers if a.ends_at >= now), key=lambda a: a.starts_at),
        "past": [a for a in ateliers if a.ends_at < now],
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
