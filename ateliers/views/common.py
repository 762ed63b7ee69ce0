"""Mixins shared by the atelier views (and the feed token, being reworked separately)."""

from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property

from streekpact.core.forms import without_form_token
from streekpact.core.mixins import PermissionRequiredMixin
from streekpact.partners.models import User

from ..forms import (
    AtelierForm,
)
from ..models import Atelier


class AtelierObjectMixin(PermissionRequiredMixin):
    """Loads the atelier of the URL (with what the permission predicates read) once."""

    def get_atelier_queryset(self):
        return Atelier.objects.select_related("sector", "facilitator").prefetch_related(
            "lead_organisations", "sector__lead_organisations"
        )

    @cached_property
    def atelier(self) -> Atelier:
        return get_object_or_404(self.get_atelier_queryset(), pk=self.kwargs["pk"])

    def get_permission_object(self):
        return self.atelier

    def get_context_data(self, **kwargs):
        kwargs.setdefault("atelier", self.atelier)
        return super().get_context_data(**kwargs)


class AtelierFormMixin:
    form_class = AtelierForm
    template_name = "ateliers/atelier_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    @staticmethod
    def service_fields(form) -> dict:
        data = without_form_token(form.cleaned_data)
        data.pop("sector", None)
        data.pop("lead_organisations", None)
        return data


def feed_token(user) -> str | None:
    """The person's token for the calendar feed link (calendar apps cannot log in); None when
    they revoked it. Renewed and revoked by `streekpact.partners.services.feed_token_*`."""
    return user.feed_token


def user_from_feed_token(token: str):
    """The active person whose current calendar link this is; an old or revoked one: None."""
    if not token:
        return None
    return User.objects.filter(feed_token=token, is_active=True).first()
