"""Calendars: an atelier as .ics, and the personal calendar feed."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from .. import ics
from ..models import (
    Atelier,
)
from .common import AtelierObjectMixin, user_from_feed_token


class AtelierIcsView(AtelierObjectMixin, View):
    """This atelier as an .ics file for your calendar."""

    permission_required = "ateliers.view_atelier"

    def get(self, request, *args, **kwargs):
        return ics.calendar_response(
            ics.calendar([self.atelier], name=self.atelier.title),
            f"atelier-{self.atelier.pk}.ics",
        )


class CalendarFeedView(View):
    """A calendar feed of the upcoming ateliers (and of cancellations), to subscribe to.

    With a session it works directly; calendar apps use the personal link with a signed token.
    """

    def get(self, request, token=None):
        user = user_from_feed_token(token) if token else request.user
        if user is None:
            raise Http404
        if not user.is_authenticated:
            return HttpResponseRedirect(f"{reverse('account_login')}?next={request.path}")
        if not user.has_perm("ateliers.view_atelier"):
            raise PermissionDenied
        ateliers = (
            Atelier.objects.filter(ends_at__gte=timezone.now() - timedelta(days=30))
            .select_related("sector")
            .order_by("starts_at")
        )
        return ics.calendar_response(
            ics.calendar(ateliers, name=_("Streekpact ateliers")), "streekpact-ateliers.ics"
        )
