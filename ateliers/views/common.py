"""Mixins and helpers shared by the atelier views."""

from collections import Counter

from django.core import signing
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy

from streekpact.core.mixins import PermissionRequiredMixin
from streekpact.partners.models import OrganisationKind, User

from ..forms import (
    AtelierForm,
)
from ..models import (
    Atelier,
    Conclusion,
)

FEED_SALT = "ateliers.calendar-feed"


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


def attendance_by_kind(registrations) -> list[tuple[str, int]]:
    """Attendance per organisation kind, in the order of the kinds; guests and staff apart."""
    counts: Counter = Counter()
    for registration in registrations:
        if not registration.attended:
            continue
        if registration.organisation_id:
            counts[registration.organisation.kind] += 1
        elif registration.user_id and registration.user.is_resoc_staff:
            counts["_staff"] += 1
        else:
            counts["_other"] += 1
    labels = [(kind.value, kind.label) for kind in OrganisationKind]
    labels += [
        ("_staff", gettext_lazy("RESOC secretariat")),
        ("_other", gettext_lazy("Other guests")),
    ]
    return [(label, counts[key]) for key, label in labels if counts[key]]


def _conclusions_queryset():
    return Conclusion.objects.select_related("theme")


class AtelierFormMixin:
    form_class = AtelierForm
    template_name = "ateliers/atelier_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    @staticmethod
    def service_fields(form) -> dict:
        data = dict(form.cleaned_data)
        data.pop("sector", None)
        data.pop("lead_organisations", None)
        return data


def _feed_signer() -> signing.Signer:
    return signing.Signer(salt=FEED_SALT, sep=".")


def feed_token(user) -> str:
    """A personal, unguessable token for the calendar feed link (calendar apps cannot log in)."""
    return _feed_signer().sign(str(user.pk))


def user_from_feed_token(token: str):
    try:
        pk = _feed_signer().unsign(token)
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=pk, is_active=True).first()
