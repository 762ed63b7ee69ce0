"""The drafts' step in the pact's journey (streekpact.core.journey)."""

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from streekpact.core.journey import NextAction, StepStatus

from .models import Draft, DraftStatus


def step(user, sector=None) -> StepStatus:
    """A draft the user may read makes this the current step; staff and the chair may ask
    for a new one. (Drafts cover the whole pact or a chapter; a sector's page shows the same.)"""
    latest = Draft.objects.visible_to(user).order_by("-version").first()
    actions = []
    if latest is not None and latest.status == DraftStatus.READY:
        actions.append(
            NextAction(
                _("Read draft version %(version)s") % {"version": latest.version},
                latest.get_absolute_url(),
            )
        )
    if user.has_perm("pact.request_draft"):
        actions.append(NextAction(_("Request a new draft"), reverse("pact:draft_request")))
    if latest is None:
        return StepStatus("upcoming", _("No draft yet."), tuple(actions))
    summary = _("Version %(version)s of %(date)s") % {
        "version": latest.version,
        "date": formats.date_format(latest.created_at, "SHORT_DATE_FORMAT"),
    }
    return StepStatus("current", summary, tuple(actions))
