"""The day itself and after: attendance, walk-ins, the report and its files."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from streekpact.core.downloads import private_file_response
from streekpact.core.errors import flash_error, flash_form_errors, form_error

from .. import services
from ..forms import (
    AttachmentForm,
    AttendanceForm,
    ConclusionFormSet,
    ReportForm,
    WalkInForm,
)
from ..models import (
    Attachment,
)
from .common import AtelierObjectMixin


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
        context["attendance"] = self.atelier.registrations.attendance_by_kind()
        return context

    def form_valid(self, form):
        try:
            services.attendance_update(
                atelier=self.atelier, by=self.request.user, attended_ids=form.attended_ids()
            )
        except ValidationError as exc:
            form_error(form, exc)
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
                form_error(form, exc)
            else:
                messages.success(request, _("The walk-in is added as present."))
                return redirect("ateliers:attendance", pk=self.atelier.pk)
        return self.render_to_response(
            self.get_context_data(
                form=self.get_form_class()(registrations=self.registrations), walk_in_form=form
            )
        )


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
                form_error(form, exc)
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
            flash_error(request, exc)
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
            flash_error(self.request, exc)
        else:
            messages.success(self.request, _("The file is added to the report."))
        return redirect("ateliers:report", pk=self.atelier.pk)

    def form_invalid(self, form):
        flash_form_errors(self.request, form)
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
