"""The adoption's step in the pact's journey (streekpact.core.journey).

The pact is adopted as a whole, so a sector's page shows the same step as the home page.
A few queries, whatever the number of organisations and signatures.
"""

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from streekpact.core.journey import NextAction, StepStatus

from . import services
from .models import Adoption, AdoptionStatus, Signature


def step(user, sector=None) -> StepStatus:
    """A draft proposed as final makes this the current step (the chair adopts it); once
    adopted the step is done, and a signatory who has not answered is asked to sign."""
    current = Adoption.objects.current()
    proposed = (
        Adoption.objects.filter(status=AdoptionStatus.PROPOSED).select_related("draft").first()
    )
    actions = []
    if proposed is not None and user.has_perm("adoption.adopt", proposed):
        actions.append(
            NextAction(
                _("Adopt draft version %(version)s as the final pact")
                % {"version": proposed.draft.version},
                proposed.get_absolute_url(),
                primary=True,
            )
        )
    if current is not None:
        right = services.active_right(user)
        if (
            right is not None  # with the version in force, what adoption.sign asks
            and not Signature.objects.filter(
                adoption=current, organisation_id=right.organisation_id
            ).exists()
        ):
            actions.append(
                NextAction(
                    _("Sign the pact on behalf of %(org)s")
                    % {"org": right.organisation.short_name},
                    reverse("adoption:sign", kwargs={"pk": current.pk}),
                    primary=True,
                )
            )
        if user.has_perm("adoption.view_signing_overview"):
            actions.append(
                NextAction(
                    _("See who signed"), reverse("adoption:overview", kwargs={"pk": current.pk})
                )
            )
    if proposed is not None:
        summary = _("Draft version %(version)s is proposed as the final text.") % {
            "version": proposed.draft.version
        }
        return StepStatus("current", summary, tuple(actions))
    if current is not None:
        signed = current.signatures.signed().count()
        summary = ngettext(
            "Adopted on %(date)s; %(count)d organisation signed",
            "Adopted on %(date)s; %(count)d organisations signed",
            signed,
        ) % {"date": formats.date_format(current.adopted_on, "SHORT_DATE_FORMAT"), "count": signed}
        return StepStatus("done", summary, tuple(actions))
    return StepStatus("upcoming", _("Not adopted yet."), tuple(actions))
