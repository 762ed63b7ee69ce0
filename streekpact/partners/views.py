"""The partnership: organisations and their people; RESOC staff invite new people."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.messages.views import SuccessMessageMixin
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import CreateView, DetailView, FormView, ListView, UpdateView

from streekpact.core.errors import form_error
from streekpact.core.mixins import PermissionRequiredMixin

from . import services
from .forms import (
    AcceptInvitationForm,
    InvitationForm,
    OrganisationForm,
    PersonForm,
    ProfileForm,
)
from .models import Invitation, Organisation

User = get_user_model()


class OrganisationListView(PermissionRequiredMixin, ListView):
    """All partner organisations, grouped by kind, with how many people each has."""

    permission_required = "partners.view_organisation"
    context_object_name = "organisations"

    def get_queryset(self):
        return (
            Organisation.objects.annotate(
                member_count=Count("members", filter=Q(members__is_active=True))
            )
            .prefetch_related("led_sectors")
            .order_by("kind", "short_name")
        )


class OrganisationDetailView(PermissionRequiredMixin, DetailView):
    """One organisation: its members and the sectors it leads."""

    permission_required = "partners.view_organisation"
    context_object_name = "organisation"

    def get_queryset(self):
        return Organisation.objects.prefetch_related(
            Prefetch("members", queryset=User.objects.filter(is_active=True)),
            "led_sectors",
        )


class OrganisationCreateView(PermissionRequiredMixin, SuccessMessageMixin, CreateView):
    """Staff add a partner organisation."""

    permission_required = "partners.add_organisation"
    model = Organisation
    form_class = OrganisationForm
    success_message = gettext_lazy("Organisation %(short_name)s saved.")


class OrganisationUpdateView(PermissionRequiredMixin, SuccessMessageMixin, UpdateView):
    """Staff edit a partner organisation (or deactivate it)."""

    permission_required = "partners.change_organisation"
    model = Organisation
    form_class = OrganisationForm
    success_message = gettext_lazy("Organisation %(short_name)s saved.")


class PersonUpdateView(PermissionRequiredMixin, UpdateView):
    """Staff change a person's organisation or role, or switch their access off."""

    permission_required = "partners.change_person"
    model = User
    form_class = PersonForm
    template_name = "partners/person_form.html"
    context_object_name = "person"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "by": self.request.user}

    def form_valid(self, form):
        person = form.save()
        messages.success(self.request, _("%(name)s saved.") % {"name": person.name})
        if person.organisation_id:
            return redirect(person.organisation)
        return redirect("partners:organisation_list")


class InvitationListView(PermissionRequiredMixin, ListView):
    """Staff see who was invited, by whom, and whether the invitation was used."""

    permission_required = "partners.view_invitation"
    context_object_name = "invitations"
    paginate_by = 50

    def get_queryset(self):
        return Invitation.objects.select_related("organisation", "invited_by", "user")


class InvitationCreateView(PermissionRequiredMixin, FormView):
    """Staff invite a person by e-mail into an organisation, with a role."""

    permission_required = "partners.invite_person"
    form_class = InvitationForm
    template_name = "partners/invitation_form.html"

    def get_initial(self):
        initial = super().get_initial()
        if org := self.request.GET.get("organisation"):
            initial["organisation"] = org
        return initial

    def get_context_data(self, **kwargs):
        return super().get_context_data(valid_days=settings.INVITATION_VALID_DAYS, **kwargs)

    def form_valid(self, form):
        try:
            invitation, _token = services.invitation_create(
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"],
                organisation=form.cleaned_data["organisation"],
                role=form.cleaned_data["role"],
                by=self.request.user,
            )
        except ValidationError as exc:
            form_error(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Invitation sent to %(email)s.") % {"email": invitation.email}
        )
        return redirect("partners:invitation_list")


class InvitationRevokeView(PermissionRequiredMixin, View):
    """Staff withdraw a pending invitation (POST)."""

    permission_required = "partners.revoke_invitation"
    http_method_names = ["post"]

    def post(self, request, pk):
        invitation = get_object_or_404(Invitation, pk=pk)
        services.invitation_revoke(invitation=invitation, by=request.user)
        messages.success(
            request, _("The invitation for %(email)s was withdrawn.") % {"email": invitation.email}
        )
        return redirect("partners:invitation_list")


class InvitationAcceptView(FormView):
    """The invited person opens their link, chooses a password and is logged in.

    Expired, withdrawn or already used links get a clear explanation (HTTP 410).
    """

    form_class = AcceptInvitationForm
    template_name = "partners/invitation_accept.html"

    def dispatch(self, request, *args, **kwargs):
        self.invitation = Invitation.find_by_token(kwargs["token"])
        if self.invitation is None or not self.invitation.is_usable:
            return render(
                request,
                "partners/invitation_unusable.html",
                {"invitation": self.invitation},
                status=410,
            )
        if request.user.is_authenticated:
            messages.info(request, _("You are already logged in."))
            return redirect("home")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "invitation": self.invitation}

    def get_initial(self):
        return {"name": self.invitation.name}

    def get_context_data(self, **kwargs):
        return super().get_context_data(invitation=self.invitation, **kwargs)

    def form_valid(self, form):
        try:
            user = services.invitation_accept(
                invitation=self.invitation,
                password=form.cleaned_data["password1"],
                name=form.cleaned_data["name"],
            )
        except ValidationError as exc:
            form_error(form, exc)
            return self.form_invalid(form)
        login(self.request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(self.request, _("Welcome! Your account is ready."))
        return redirect("home")


class ProfileView(LoginRequiredMixin, SuccessMessageMixin, UpdateView):
    """Everyone edits their own name, job title, e-mail language and notification choice."""

    form_class = ProfileForm
    template_name = "partners/profile.html"
    success_url = reverse_lazy("partners:profile")
    success_message = gettext_lazy("Your profile was saved.")

    def get_object(self, queryset=None):
        return self.request.user
