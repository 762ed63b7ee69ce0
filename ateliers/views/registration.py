"""Registering for an atelier, for yourself or a colleague, cancelling, the participant list."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from streekpact.core.errors import flash_error, form_error
from streekpact.core.exports import csv_response

from .. import services
from ..forms import (
    RegisterColleagueForm,
)
from ..models import (
    Registration,
    RegistrationStatus,
)
from .common import AtelierObjectMixin


def _registration_message(request, registration, user) -> None:
    if registration.status == RegistrationStatus.WAITLISTED:
        messages.warning(
            request,
            _("The atelier is full: %(name)s is on the waiting list.") % {"name": user},
        )
    else:
        messages.success(request, _("%(name)s is registered.") % {"name": user})


class RegisterView(AtelierObjectMixin, View):
    """Register yourself (POST); when the atelier is full you join the waiting list."""

    permission_required = "ateliers.register"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            registration = services.registration_register(
                atelier=self.atelier, user=request.user, by=request.user
            )
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            _registration_message(request, registration, request.user)
        return redirect(self.atelier)


class RegisterColleagueView(AtelierObjectMixin, FormView):
    """Register a colleague of your own organisation."""

    permission_required = "ateliers.register_colleagues"
    form_class = RegisterColleagueForm
    template_name = "ateliers/register_colleague.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "atelier": self.atelier, "by": self.request.user}

    def form_valid(self, form):
        colleague = form.cleaned_data["user"]
        try:
            registration = services.registration_register(
                atelier=self.atelier, user=colleague, by=self.request.user
            )
        except ValidationError as exc:
            form_error(form, exc)
            return self.form_invalid(form)
        _registration_message(self.request, registration, colleague)
        return redirect(self.atelier)


class RegistrationCancelView(AtelierObjectMixin, View):
    """Cancel a registration (POST): your own, a colleague's, or anyone's for those who manage
    the atelier. The first person on the waiting list takes the place."""

    permission_required = "ateliers.cancel_registration"
    http_method_names = ["post"]

    @cached_property
    def registration(self) -> Registration:
        registration = get_object_or_404(
            Registration.objects.select_related("user"),
            pk=self.kwargs["registration_pk"],
            atelier=self.atelier,
        )
        registration.atelier = self.atelier  # with the prefetches the rules read
        return registration

    def get_permission_object(self):
        return self.registration

    def post(self, request, *args, **kwargs):
        registration = self.registration
        user = request.user
        try:
            services.registration_cancel(registration=registration, by=user)
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            messages.success(
                request,
                _("The registration of %(name)s is cancelled.")
                % {"name": registration.display_name},
            )
        return redirect(self.atelier)


class ParticipantsCsvView(AtelierObjectMixin, View):
    """Download the participant list (with e-mail addresses and attendance) as CSV."""

    permission_required = "ateliers.run_atelier"

    def get(self, request, *args, **kwargs):
        registrations = (
            self.atelier.registrations.active()
            .select_related("user__organisation", "organisation")
            .order_by("status", "queued_at", "pk")
        )
        header = [_("Name"), _("E-mail address"), _("Organisation"), _("Kind"), _("Role"),
                  _("Status"), _("Present"), _("Walk-in")]  # fmt: skip
        rows = (
            [r.display_name, r.email, r.organisation_label,
             r.organisation.get_kind_display() if r.organisation_id else "",
             r.get_guest_role_display(), r.get_status_display(),
             _("yes") if r.attended else _("no"), _("yes") if r.walk_in else _("no")]
            for r in registrations
        )  # fmt: skip
        return csv_response(filename=f"atelier-{self.atelier.pk}", header=header, rows=rows)
