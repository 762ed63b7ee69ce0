"""Planning an atelier: create, duplicate, edit, cancel, invite."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import FormView, TemplateView

from streekpact.core.errors import form_error
from streekpact.core.forms import query_values
from streekpact.core.mixins import OneTimePostMixin, PermissionRequiredMixin

from .. import services
from ..forms import (
    CancelForm,
    InviteGuestForm,
    InviteOrganisationsForm,
    NewAtelierQueryForm,
)
from .common import AtelierFormMixin, AtelierObjectMixin


class AtelierCreateView(PermissionRequiredMixin, OneTimePostMixin, AtelierFormMixin, FormView):
    """Plan a new atelier in a sector you lead (staff: in any sector)."""

    permission_required = "ateliers.add_atelier"

    def get_initial(self):
        initial = super().get_initial()
        slug = query_values(NewAtelierQueryForm(self.request.GET)).get("sector")
        if slug:
            initial["sector"] = (
                self.get_form_class().base_fields["sector"].queryset.filter(slug=slug).first()
            )
        return initial

    def form_valid(self, form):
        sector = form.cleaned_data["sector"]
        if not self.request.user.has_perm("ateliers.add_atelier", sector):
            raise PermissionDenied
        try:
            atelier = services.atelier_create(
                by=self.request.user,
                sector=sector,
                lead_organisations=list(form.cleaned_data["lead_organisations"]),
                **self.service_fields(form),
            )
        except ValidationError as exc:
            form_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The atelier is planned."))
        return redirect(atelier)


class AtelierDuplicateView(AtelierObjectMixin, OneTimePostMixin, AtelierFormMixin, FormView):
    """Plan a new atelier starting from a copy of this one (a week later, same hours)."""

    permission_required = "ateliers.change_atelier"

    def get_initial(self):
        original = self.atelier
        # A week later, or as many whole weeks as it takes to lie in the future.
        behind = timezone.now() - original.starts_at
        weeks = max(1, behind // timedelta(days=7) + 1)
        shift = timedelta(days=7 * weeks)

        def moved(value):
            # Same wall-clock time in Brussels, also across a change of summer time. A date that
            # cannot move (beyond the calendar) is left for the planner to fill in.
            if value is None:
                return None
            try:
                local = timezone.localtime(value)
                naive = local.replace(tzinfo=None) + shift
                return timezone.make_aware(naive)
            except (OverflowError, ValueError):
                return None

        return {
            "sector": original.sector,
            "title": original.title,
            "starts_at": moved(original.starts_at),
            "ends_at": moved(original.ends_at),
            "location": original.location,
            "online_url": original.online_url,
            "lead_organisations": list(original.lead_organisations.all()),
            "facilitator": original.facilitator,
            "description": original.description,
            "agenda": original.agenda,
            "capacity": original.capacity,
            "registration_deadline": moved(original.registration_deadline),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(duplicate_of=self.atelier, **kwargs)

    form_valid = AtelierCreateView.form_valid


class AtelierUpdateView(AtelierObjectMixin, AtelierFormMixin, FormView):
    """Change an atelier's details; registered people keep their place."""

    permission_required = "ateliers.change_atelier"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.has_permission() and self.atelier.is_cancelled:
            messages.error(request, _("A cancelled atelier cannot be changed."))
            return redirect(self.atelier)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.atelier}

    def form_valid(self, form):
        sector = form.cleaned_data["sector"]
        if sector != self.atelier.sector and not self.request.user.has_perm(
            "ateliers.add_atelier", sector
        ):
            raise PermissionDenied
        try:
            atelier = services.atelier_update(
                atelier=self.atelier,
                by=self.request.user,
                sector=sector,
                lead_organisations=list(form.cleaned_data["lead_organisations"]),
                **self.service_fields(form),
            )
        except ValidationError as exc:
            form_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The atelier is saved."))
        return redirect(atelier)


class AtelierCancelView(AtelierObjectMixin, FormView):
    """Cancel a planned atelier, with a message e-mailed to everyone registered."""

    permission_required = "ateliers.change_atelier"
    form_class = CancelForm
    template_name = "ateliers/atelier_cancel.html"

    def form_valid(self, form):
        try:
            services.atelier_cancel(
                atelier=self.atelier, by=self.request.user, message=form.cleaned_data["message"]
            )
        except ValidationError as exc:
            form_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The atelier is cancelled; the participants are told."))
        return redirect(self.atelier)


class InvitationCreateView(AtelierObjectMixin, TemplateView):
    """Invite partner organisations (their members are e-mailed) and named external guests."""

    permission_required = "ateliers.change_atelier"
    template_name = "ateliers/invitation_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("org_form", InviteOrganisationsForm(atelier=self.atelier))
        context.setdefault("guest_form", InviteGuestForm())
        context["invitations"] = self.atelier.invitations.select_related(
            "organisation", "registration", "invited_by"
        )
        return context

    def post(self, request, *args, **kwargs):
        if "invite_organisations" in request.POST:
            form = InviteOrganisationsForm(request.POST, atelier=self.atelier)
            if form.is_valid():
                try:
                    created = services.invitation_invite_organisations(
                        atelier=self.atelier,
                        by=request.user,
                        organisations=list(form.cleaned_data["organisations"]),
                        message=form.cleaned_data["message"],
                    )
                except ValidationError as exc:
                    form_error(form, exc)
                else:
                    messages.success(
                        request,
                        ngettext(
                            "%(count)s organisation invited.",
                            "%(count)s organisations invited.",
                            len(created),
                        )
                        % {"count": len(created)},
                    )
                    return redirect("ateliers:invite", pk=self.atelier.pk)
            return self.render_to_response(self.get_context_data(org_form=form))
        if "invite_guest" not in request.POST:
            messages.error(request, _("Choose which invitation to send."))
            return self.render_to_response(self.get_context_data(), status=400)
        form = InviteGuestForm(request.POST)
        if form.is_valid():
            try:
                services.invitation_invite_guest(
                    atelier=self.atelier, by=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                form_error(form, exc)
            else:
                messages.success(
                    request, _("%(name)s is invited.") % {"name": form.cleaned_data["name"]}
                )
                return redirect("ateliers:invite", pk=self.atelier.pk)
        return self.render_to_response(self.get_context_data(guest_form=form))
