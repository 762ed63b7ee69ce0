"""Atelier pages: overview, detail, planning, registration, the day, the report, calendars."""

from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView
from django_filters.views import FilterView

from streekpact.core.downloads import private_file_response
from streekpact.core.mixins import PermissionRequiredMixin
from streekpact.partners.models import OrganisationKind, User

from . import ics, services
from .filters import AtelierFilter
from .forms import (
    AtelierForm,
    AttachmentForm,
    AttendanceForm,
    CancelForm,
    ConclusionFormSet,
    InviteGuestForm,
    InviteOrganisationsForm,
    RegisterColleagueForm,
    ReportForm,
    WalkInForm,
)
from .models import (
    Atelier,
    AtelierInvitation,
    Attachment,
    Conclusion,
    Registration,
    RegistrationStatus,
)

FEED_SALT = "ateliers.calendar-feed"


def apply_error(form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form (on its field when the form has it)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


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


# --- Overview and detail ----------------------------------------------------------------------


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
            Prefetch("conclusions", queryset=_conclusions_queryset()),
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
            attendance=attendance_by_kind(registered),
            attended_count=sum(1 for r in registered if r.attended),
            free_places=(
                max(atelier.capacity - len(registered), 0) if atelier.capacity is not None else None
            ),
            can_cancel_for={
                r.pk
                for r in registrations
                if r.user_id == user.pk
                or (user.organisation_id and r.organisation_id == user.organisation_id)
            },
        )
        return context


def _conclusions_queryset():
    return Conclusion.objects.select_related("theme")


# --- Planning ---------------------------------------------------------------------------------


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


class AtelierCreateView(PermissionRequiredMixin, AtelierFormMixin, FormView):
    """Plan a new atelier in a sector you lead (staff: in any sector)."""

    permission_required = "ateliers.add_atelier"

    def get_initial(self):
        initial = super().get_initial()
        slug = self.request.GET.get("sector")
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
            apply_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The atelier is planned."))
        return redirect(atelier)


class AtelierDuplicateView(AtelierObjectMixin, AtelierFormMixin, FormView):
    """Plan a new atelier starting from a copy of this one (a week later, same hours)."""

    permission_required = "ateliers.change_atelier"

    def get_initial(self):
        original = self.atelier
        shift = timedelta(days=7)
        while original.starts_at + shift < timezone.now():
            shift += timedelta(days=7)

        def moved(value):
            # Same wall-clock time in Brussels, also across a change of summer time.
            if value is None:
                return None
            local = timezone.localtime(value)
            naive = local.replace(tzinfo=None) + shift
            return timezone.make_aware(naive)

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
            apply_error(form, exc)
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
            apply_error(form, exc)
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
                    apply_error(form, exc)
                else:
                    messages.success(
                        request,
                        _("%(count)s organisation(s) invited.") % {"count": len(created)},
                    )
                    return redirect("ateliers:invite", pk=self.atelier.pk)
            return self.render_to_response(self.get_context_data(org_form=form))
        form = InviteGuestForm(request.POST)
        if form.is_valid():
            try:
                services.invitation_invite_guest(
                    atelier=self.atelier, by=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_error(form, exc)
            else:
                messages.success(
                    request, _("%(name)s is invited.") % {"name": form.cleaned_data["name"]}
                )
                return redirect("ateliers:invite", pk=self.atelier.pk)
        return self.render_to_response(self.get_context_data(guest_form=form))


# --- Registration -----------------------------------------------------------------------------


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
            messages.error(request, error_text(exc))
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
            apply_error(form, exc)
            return self.form_invalid(form)
        _registration_message(self.request, registration, colleague)
        return redirect(self.atelier)


class RegistrationCancelView(AtelierObjectMixin, View):
    """Cancel a registration (POST): your own, a colleague's, or anyone's for those who manage
    the atelier. The first person on the waiting list takes the place."""

    permission_required = "ateliers.view_atelier"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        registration = get_object_or_404(
            Registration.objects.select_related("user"),
            pk=self.kwargs["registration_pk"],
            atelier=self.atelier,
        )
        user = request.user
        allowed = (
            registration.user_id == user.pk
            or (user.organisation_id and registration.organisation_id == user.organisation_id)
            or user.has_perm("ateliers.manage_registrations", self.atelier)
        )
        if not allowed:
            raise PermissionDenied
        try:
            services.registration_cancel(registration=registration, by=user)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(
                request,
                _("The registration of %(name)s is cancelled.")
                % {"name": registration.display_name},
            )
        return redirect(self.atelier)


def _csv_cell(value) -> str:
    """Neutralise spreadsheet formulas in user text (CSV injection)."""
    text = str(value or "")
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class ParticipantsCsvView(AtelierObjectMixin, View):
    """Download the participant list (with e-mail addresses and attendance) as CSV."""

    permission_required = "ateliers.run_atelier"

    def get(self, request, *args, **kwargs):
        import csv

        registrations = (
            self.atelier.registrations.active()
            .select_related("user__organisation", "organisation")
            .order_by("status", "queued_at", "pk")
        )
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="atelier-{self.atelier.pk}.csv"'
        response.write("\ufeff")  # so spreadsheet programs read UTF-8
        writer = csv.writer(response, delimiter=";")
        writer.writerow(
            [_("Name"), _("E-mail address"), _("Organisation"), _("Kind"), _("Role"),
             _("Status"), _("Present"), _("Walk-in")]
        )  # fmt: skip
        for r in registrations:
            writer.writerow(
                [_csv_cell(v) for v in (
                    r.display_name, r.email, r.organisation_label,
                    r.organisation.get_kind_display() if r.organisation_id else "",
                    r.get_guest_role_display(), r.get_status_display(),
                    _("yes") if r.attended else _("no"), _("yes") if r.walk_in else _("no"),
                )]
            )  # fmt: skip
        return response


# --- The day: attendance ----------------------------------------------------------------------


class AttendanceView(AtelierObjectMixin, FormView):
    """On the day: tick who came, add people who came without registering."""

    permission_required = "ateliers.run_atelier"
    form_class = AttendanceForm
    template_name = "ateliers/attendance_form.html"

    @cached_property
    def registrations(self):
        return list(
            self.atelier.registrations.active()
            .select_related("user__organisation", "organisation")
            .order_by("status", "queued_at", "pk")
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "registrations": self.registrations}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("walk_in_form", WalkInForm(atelier=self.atelier))
        context["registrations"] = self.registrations
        context["attendance"] = attendance_by_kind(self.registrations)
        return context

    def form_valid(self, form):
        try:
            services.attendance_update(
                atelier=self.atelier, by=self.request.user, attended_ids=form.attended_ids()
            )
        except ValidationError as exc:
            apply_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Attendance is saved."))
        return redirect("ateliers:attendance", pk=self.atelier.pk)


class WalkInCreateView(AttendanceView):
    """Add someone who came without registering (POST from the attendance page)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = WalkInForm(request.POST, atelier=self.atelier)
        if form.is_valid():
            try:
                services.attendance_add_walk_in(
                    atelier=self.atelier, by=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_error(form, exc)
            else:
                messages.success(request, _("The walk-in is added as present."))
                return redirect("ateliers:attendance", pk=self.atelier.pk)
        return self.render_to_response(
            self.get_context_data(
                form=self.get_form_class()(registrations=self.registrations), walk_in_form=form
            )
        )


# --- The report -------------------------------------------------------------------------------


class ReportUpdateView(AtelierObjectMixin, TemplateView):
    """Write the report: a summary in Markdown, the conclusions each with a theme, attachments."""

    permission_required = "ateliers.run_atelier"
    template_name = "ateliers/report_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.has_permission():
            atelier = self.atelier
            if atelier.is_cancelled or not atelier.has_started:
                messages.error(
                    request, _("The report can be written once the atelier has started.")
                )
                return redirect(atelier)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        atelier = self.atelier
        conclusions = list(atelier.conclusions.select_related("theme"))
        context.setdefault("form", ReportForm(initial={"summary": atelier.report_summary}))
        context.setdefault(
            "formset",
            ConclusionFormSet(
                prefix="conclusions",
                initial=[{"pk": c.pk, "text": c.text, "theme": c.theme} for c in conclusions],
            ),
        )
        context.setdefault("attachment_form", AttachmentForm())
        context["attachments"] = atelier.attachments.all()
        context["max_upload"] = settings.ATTACHMENT_MAX_BYTES
        return context

    def post(self, request, *args, **kwargs):
        form = ReportForm(request.POST)
        formset = ConclusionFormSet(request.POST, prefix="conclusions")
        if form.is_valid() and formset.is_valid():
            items = [
                services.ConclusionData(
                    pk=f.cleaned_data.get("pk"),
                    text=f.cleaned_data.get("text", ""),
                    theme=f.cleaned_data.get("theme"),
                    delete=f.cleaned_data.get("DELETE", False),
                )
                for f in formset.forms
                if f.cleaned_data
            ]
            try:
                services.report_update(
                    atelier=self.atelier,
                    by=request.user,
                    summary=form.cleaned_data["summary"],
                    conclusions=items,
                )
            except ValidationError as exc:
                apply_error(form, exc)
            else:
                messages.success(request, _("The report is saved."))
                return redirect("ateliers:report", pk=self.atelier.pk)
        return self.render_to_response(self.get_context_data(form=form, formset=formset))


class ReportPublishView(AtelierObjectMixin, View):
    """Publish the report (POST); the participants receive an e-mail."""

    permission_required = "ateliers.run_atelier"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            services.report_publish(atelier=self.atelier, by=request.user)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
            return redirect("ateliers:report", pk=self.atelier.pk)
        messages.success(request, _("The report is published; the participants are told."))
        return redirect(self.atelier)


class AttachmentCreateView(AtelierObjectMixin, FormView):
    """Add a file to the report (POST): slides, photos, documents; checked by content."""

    permission_required = "ateliers.run_atelier"
    form_class = AttachmentForm
    http_method_names = ["post"]

    def form_valid(self, form):
        try:
            services.attachment_add(
                atelier=self.atelier,
                by=self.request.user,
                uploaded=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as exc:
            messages.error(self.request, error_text(exc))
        else:
            messages.success(self.request, _("The file is added to the report."))
        return redirect("ateliers:report", pk=self.atelier.pk)

    def form_invalid(self, form):
        for errors in form.errors.values():
            for error in errors:
                messages.error(self.request, error)
        return redirect("ateliers:report", pk=self.atelier.pk)


class AttachmentObjectMixin(AtelierObjectMixin):
    @cached_property
    def attachment(self) -> Attachment:
        return get_object_or_404(
            Attachment, pk=self.kwargs["attachment_pk"], atelier_id=self.atelier.pk
        )


class AttachmentDownloadView(AttachmentObjectMixin, View):
    """Download a report's file: once the report is published, or for those who write it."""

    permission_required = "ateliers.view_report"

    def get(self, request, *args, **kwargs):
        attachment = self.attachment
        return private_file_response(
            attachment.file,
            filename=attachment.original_name,
            content_type=attachment.content_type,
            inline=attachment.content_type.startswith("image/"),
        )


class AttachmentDeleteView(AttachmentObjectMixin, View):
    """Remove a file from the report (POST)."""

    permission_required = "ateliers.run_atelier"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        services.attachment_delete(attachment=self.attachment, by=request.user)
        messages.success(request, _("The file is removed."))
        return redirect("ateliers:report", pk=self.atelier.pk)


# --- Calendars --------------------------------------------------------------------------------


def ics_response(body: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class AtelierIcsView(AtelierObjectMixin, View):
    """This atelier as an .ics file for your calendar."""

    permission_required = "ateliers.view_atelier"

    def get(self, request, *args, **kwargs):
        return ics_response(
            ics.calendar([self.atelier], name=self.atelier.title),
            f"atelier-{self.atelier.pk}.ics",
        )


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
        return ics_response(
            ics.calendar(ateliers, name=_("Streekpact ateliers")), "streekpact-ateliers.ics"
        )
