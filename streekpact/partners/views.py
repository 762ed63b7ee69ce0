"""The partnership: organisations and their people; RESOC staff invite new people."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import CreateView, DetailView, FormView, ListView, UpdateView

from streekpact.core import services as core_services
from streekpact.core.errors import form_error
from streekpact.core.forms import SearchQueryForm, query_values, search_results
from streekpact.core.mixins import PermissionRequiredMixin
from streekpact.core.models import Notification

from . import services
from .filters import AUDITED_APPS, AuditEntryFilter
from .forms import (
    AcceptInvitationForm,
    InvitationForm,
    InvitationQueryForm,
    OrganisationForm,
    PersonForm,
    ProfileForm,
)
from .models import AuditEntry, Invitation, Organisation, Role, person_label

User = get_user_model()


class OrganisationListView(PermissionRequiredMixin, ListView):
    """All partner organisations, grouped by kind, with how many people each has; 25 per page."""

    permission_required = "partners.view_organisation"
    context_object_name = "organisations"
    paginate_by = 25

    def get_queryset(self):
        return (
            Organisation.objects.annotate(
                member_count=Count("members", filter=Q(members__is_active=True))
            )
            .prefetch_related("led_sectors")
            .order_by("kind", "short_name", "pk")
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


class OrganisationCreateView(PermissionRequiredMixin, CreateView):
    """Staff add a partner organisation."""

    permission_required = "partners.add_organisation"
    model = Organisation
    form_class = OrganisationForm

    def form_valid(self, form):
        self.object = services.organisation_create(by=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("Organisation %(short_name)s saved.") % vars(self.object))
        return redirect(self.object)


class OrganisationUpdateView(PermissionRequiredMixin, UpdateView):
    """Staff edit a partner organisation (or deactivate it)."""

    permission_required = "partners.change_organisation"
    model = Organisation
    form_class = OrganisationForm

    def form_valid(self, form):
        self.object = services.organisation_update(
            organisation=self.object, by=self.request.user, **form.cleaned_data
        )
        messages.success(self.request, _("Organisation %(short_name)s saved.") % vars(self.object))
        return redirect(self.object)


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
        try:
            person = services.person_update(
                person=self.object, by=self.request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
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
        initial.update(query_values(InvitationQueryForm(self.request.GET)))
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
        login(self.request, user, backend="streekpact.partners.backends.LoginBackend")
        messages.success(self.request, _("Welcome! Your account is ready."))
        return redirect("home")


class ProfileView(LoginRequiredMixin, UpdateView):
    """Everyone edits their own name, job title, e-mail language and notification choice."""

    form_class = ProfileForm
    template_name = "partners/profile.html"

    def get_object(self, queryset=None):
        return self.request.user

    def form_valid(self, form):
        services.profile_update(
            user=self.request.user,
            notifications=form.notification_choices(),
            **form.profile_fields(),
        )
        messages.success(self.request, _("Your profile was saved."))
        return redirect("partners:profile")


# --- What's new for me (the in-portal notifications) -----------------------------------------


class NotificationListView(LoginRequiredMixin, ListView):
    """Everything the portal told you (also what you chose not to receive by mail), newest
    first; unread ones stand out. Open one to go to what it is about, or mark all as read."""

    template_name = "partners/notification_list.html"
    context_object_name = "notifications"
    paginate_by = 25

    def get_queryset(self):
        return Notification.objects.for_user(self.request.user)


class NotificationsReadView(LoginRequiredMixin, View):
    """Mark all your notifications read."""

    http_method_names = ["post"]

    def post(self, request):
        count = core_services.notifications_mark_read(user=request.user)
        if count:
            messages.success(
                request,
                ngettext(
                    "%(count)s notification marked as read.",
                    "%(count)s notifications marked as read.",
                    count,
                )
                % {"count": count},
            )
        return redirect("partners:notifications")


class NotificationOpenView(LoginRequiredMixin, View):
    """Open one of your notifications: it is marked read and you go to what it is about.
    Someone else's notification does not exist for you (404)."""

    http_method_names = ["post"]

    def post(self, request, pk: int):
        notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
        core_services.notifications_mark_read(user=request.user, pks=[notification.pk])
        link = notification.link
        if link and url_has_allowed_host_and_scheme(link, allowed_hosts=None):
            return redirect(link)
        return redirect("partners:notifications")


# --- The logboek ------------------------------------------------------------------------------


class AuditLogView(PermissionRequiredMixin, ListView):
    """The logboek: who did what, to which object, when. Staff read everything and filter by
    person, organisation, kind of object, action and period; members of an organisation read
    what happened to their organisation's objects. Nothing here can be changed or deleted."""

    permission_required = "partners.view_audit_log"
    template_name = "partners/audit_list.html"
    context_object_name = "entries"
    paginate_by = 50

    def get_queryset(self):
        user = self.request.user
        self.filterset = AuditEntryFilter(
            self.request.GET or None,
            queryset=AuditEntry.objects.visible_to(user).with_people(),
            show_organisation=user.role == Role.STAFF,
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter=self.filterset, **kwargs)


class AuditObjectView(PermissionRequiredMixin, ListView):
    """The history of one object (a proposal, an atelier, an action…): every recorded change,
    newest first. Members of an organisation see it for their organisation's objects only."""

    permission_required = "partners.view_audit_log"
    template_name = "partners/audit_object.html"
    context_object_name = "entries"
    paginate_by = 50

    def get_queryset(self):
        from django.contrib.contenttypes.models import ContentType
        from django.http import Http404

        if self.kwargs["app_label"] not in AUDITED_APPS:
            raise Http404
        try:
            self.content_type = ContentType.objects.get_by_natural_key(
                self.kwargs["app_label"], self.kwargs["model"]
            )
        except ContentType.DoesNotExist:
            raise Http404 from None
        entries = (
            AuditEntry.objects.visible_to(self.request.user)
            .for_target(self.content_type, self.kwargs["pk"])
            .with_people()
        )
        self.latest = entries.first()
        if self.latest is None and self.request.user.role != Role.STAFF:
            raise Http404  # partners do not learn what exists outside their organisation
        return entries

    def get_context_data(self, **kwargs):
        target = self.content_type.model_class().objects.filter(pk=self.kwargs["pk"]).first()
        return super().get_context_data(
            target=target,
            target_repr=str(target) if target else getattr(self.latest, "target_repr", ""),
            kind=self.content_type.name,
            **kwargs,
        )


# --- The calendar-feed link -------------------------------------------------------------------


def _back(request, fallback: str):
    """Back to the page the form was on (a local URL only; never read as a view name)."""
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(target)
    return redirect(fallback)


class FeedLinkRenewView(PermissionRequiredMixin, View):
    """Make a new personal calendar link (POST); the previous one stops working at once."""

    permission_required = "partners.manage_feed_link"
    http_method_names = ["post"]

    def get_permission_object(self):
        return self.request.user

    def post(self, request):
        services.feed_token_renew(user=request.user, by=request.user)
        messages.success(
            request,
            _("Your calendar link was renewed. Subscribe to the new link; the old one stopped."),
        )
        return _back(request, "partners:profile")


class FeedLinkRevokeView(PermissionRequiredMixin, View):
    """Switch a personal calendar link off (POST): your own, or anyone's for staff (someone
    left); the link answers "not found" from then on."""

    permission_required = "partners.revoke_feed_link"
    http_method_names = ["post"]

    def get_permission_object(self):
        return self.person

    def dispatch(self, request, *args, **kwargs):
        pk = kwargs.get("pk")
        self.person = get_object_or_404(User, pk=pk) if pk else request.user
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, pk=None):
        services.feed_token_revoke(user=self.person, by=request.user)
        if self.person.pk == request.user.pk:
            messages.success(request, _("Your calendar link was revoked."))
            return _back(request, "partners:profile")
        messages.success(
            request, _("The calendar link of %(name)s was revoked.") % {"name": self.person}
        )
        return redirect("partners:person_update", pk=self.person.pk)


class PickerSearchView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """The JSON behind a server-search picker (SearchSelect): `?q=words&page=n`, one bounded
    page of `{"value", "text"}` matches."""

    fields: tuple[str, ...] = ()

    def get_queryset(self):
        raise NotImplementedError

    def label(self, obj) -> str:
        return str(obj)

    def get(self, request):
        query = query_values(SearchQueryForm(request.GET))
        return JsonResponse(
            search_results(
                self.get_queryset(),
                query.get("q", ""),
                fields=self.fields,
                label=self.label,
                page=query.get("page", 1),
            )
        )


class OrganisationSearchView(PickerSearchView):
    """Anyone logged in finds active partner organisations by name or short name."""

    permission_required = "partners.view_organisation"
    fields = ("name", "short_name")

    def get_queryset(self):
        return Organisation.objects.active().order_by("short_name", "pk")

    def label(self, obj) -> str:
        return obj.short_name if obj.short_name == obj.name else f"{obj.short_name} ({obj.name})"


class PersonSearchView(PickerSearchView):
    """Anyone logged in finds active people by name, with their organisation (never an e-mail
    address): what the people pickers of the portal used to list in full."""

    permission_required = "partners.search_people"
    fields = ("name", "organisation__short_name")

    def get_queryset(self):
        people = User.objects.filter(is_active=True).select_related("organisation")
        if self.request.GET.get("partners") == "1":  # the co-author picker: partners only
            people = people.filter(role=Role.PARTNER)
        return people.order_by("name", "pk")

    def label(self, obj) -> str:
        return person_label(obj)
