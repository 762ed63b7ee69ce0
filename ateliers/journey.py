"""The ateliers' step in the pact's journey (streekpact.core.journey)."""

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from streekpact.core.journey import NextAction, StepStatus

from .models import Atelier


def step(user, sector=None) -> StepStatus:
    """Planned ateliers are the current step; the next one is the user's first action."""
    ateliers = Atelier.objects.all()
    if sector is not None:
        ateliers = ateliers.for_sector(sector)
    upcoming = ateliers.upcoming().order_by("starts_at")
    next_atelier = upcoming.first()
    held = ateliers.held().count()
    actions = []
    if next_atelier is not None:
        actions.append(
            NextAction(
                _("Next atelier: %(title)s on %(date)s")
                % {
                    "title": next_atelier.title,
                    "date": formats.date_format(next_atelier.starts_at, "SHORT_DATE_FORMAT"),
                },
                next_atelier.get_absolute_url(),
            )
        )
    if user.has_perm("ateliers.add_atelier"):
        actions.append(NextAction(_("Plan an atelier"), reverse("ateliers:create")))
    summary = ngettext("%(count)d atelier held", "%(count)d ateliers held", held) % {"count": held}
    if next_atelier is not None:
        return StepStatus("current", summary, tuple(actions))
    return StepStatus("done" if held else "upcoming", summary, tuple(actions))
