"""Finding and reading ateliers: the overview and an atelier page."""

from django.db.models import Prefetch
from django.utils import formats, timezone
from django.views.generic import DetailView
from django_filters.views import FilterView

from streekpact.core.mixins import PermissionRequiredMixin
from streekpact.partners.views import PickerSearchView

from ..filters import AtelierFilter
from ..models import (
    Atelier,
    AtelierInvitation,
    Conclusion,
    Registration,
    RegistrationStatus,
)
from .common import AtelierObjectMixin, feed_token


class AtelierListView(PermissionRequiredMixin, FilterView):
    """Upcoming and past ateliers of every sector, filtered by sector and status."""

    permission_required = "ateliers.view_atelier"
    filterset_class = AtelierFilter
    template_name = "ateliers/atelier_list.html"
    context_object_name = "ateliers"
    paginate_by = 20

    def get_queryset(self):
        return Atelier.objects.for_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["feed_token"] = feed_token(self.request.user)
        return context


class AtelierDetailView(AtelierObjectMixin, DetailView):
    """One atelier: practical details, registering (or cancelling), who takes part, the report,
    its conclusions and the proposals that came out of it."""

    permission_required = "ateliers.view_atelier"
    template_name = "ateliers/atelier_detail.html"
    context_object_name = "atelier"

    def get_object(self, queryset=None):
        return self.atelier

    def get_atelier_queryset(self):
        prefetches = [
            "lead_organisations",
            "sector__lead_organisations",
            Prefetch(
                "registrations",
                queryset=Registration.objects.active()
                .select_related("user__organisation", "organisation", "registered_by")
                .order_by("queued_at", "pk"),
                to_attr="active_registrations",
            ),
            Prefetch("conclusions", queryset=Conclusion.objects.select_related("theme")),
            "attachments",
            Prefetch(
                "invitations",
                queryset=AtelierInvitation.objects.filter(
                    organisation__isnull=False
                ).select_related("organisation"),
                to_attr="organisation_invitations",
            ),
        ]
        return Atelier.objects.select_related("sector", "facilitator").prefetch_related(*prefetches)

    def _cancellable(self, registrations) -> set[int]:
        """The registrations the user may cancel (the rule `ateliers.cancel_registration`)."""
        user = self.request.user
        for registration in registrations:
            registration.atelier = self.atelier  # the rules read it; no query per row
        return {r.pk for r in registrations if user.has_perm("ateliers.cancel_registration", r)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        atelier = self.atelier
        user = self.request.user
        registrations = atelier.active_registrations
        registered = [r for r in registrations if r.status == RegistrationStatus.REGISTERED]
        context.update(
            registered=registered,
            waitlisted=[r for r in registrations if r.status == RegistrationStatus.WAITLISTED],
            my_registration=next((r for r in registrations if r.user_id == user.pk), None),
            attendance=atelier.registrations.attendance_by_kind(),
            attended_count=sum(1 for r in registered if r.attended),
            free_places=(
                max(atelier.capacity - len(registered), 0) if atelier.capacity is not None else None
            ),
            can_cancel_for=self._cancellable(registrations),
        )
        return context


class AtelierSearchView(PickerSearchView):
    """Anyone who may see ateliers finds them by title or sector, the latest first: the
    atelier picker of the proposal form."""

    permission_required = "ateliers.view_atelier"
    fields = ("title", "sector__name")

    def get_queryset(self):
        return Atelier.objects.select_related("sector").order_by("-starts_at", "-pk")

    def label(self, obj) -> str:
        return atelier_label(obj)


def atelier_label(atelier) -> str:
    """An atelier as a picker names it: its title and its day."""
    day = formats.date_format(timezone.localtime(atelier.starts_at), "SHORT_DATE_FORMAT")
    return f"{atelier.title} ({day})"
