"""Pages of monitoring: periods and their overview, progress reports, indicators, the export."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView, TemplateView, View

from pact.models import Action, Pact
from streekpact.core.downloads import private_file_response
from streekpact.core.errors import flash_error, flash_form_errors, form_error
from streekpact.core.exports import xlsx_response
from streekpact.core.forms import query_values
from streekpact.core.mixins import OneTimePostMixin, PermissionRequiredMixin

from . import services
from .exports import PERIOD_HEADER, period_rows
from .forms import (
    IndicatorForm,
    IndicatorQueryForm,
    PeriodForm,
    RemarkForm,
    ReportAttachmentForm,
    ReportForm,
    SendBackForm,
)
from .models import (
    Indicator,
    MonitoringReport,
    ProgressReport,
    ReportAttachment,
    ReportingPeriod,
    ReportState,
    pact_can_be_monitored,
)
from .selectors import Standing, pact_actions, period_overview

ROWS_PER_PAGE = 50


def _current_pact() -> Pact:
    try:
        return Pact.objects.current()
    except Pact.DoesNotExist:
        raise Http404(_("There is no pact yet.")) from None


# --- Periods --------------------------------------------------------------------------------------


class PeriodListView(LoginRequiredMixin, PermissionRequiredMixin, ListView):
    """The reporting periods of the pact: staff open new ones; everyone involved follows them."""

    template_name = "monitoring/period_list.html"
    permission_required = "monitoring.view_monitoring"
    context_object_name = "periods"
    paginate_by = 20

    def get_queryset(self):
        return ReportingPeriod.objects.monitorable().filter(pact=_current_pact())


class PeriodCreateView(LoginRequiredMixin, PermissionRequiredMixin, OneTimePostMixin, FormView):
    """Staff open a reporting period (a calendar year by default) with its deadline."""

    template_name = "monitoring/period_form.html"
    form_class = PeriodForm
    permission_required = "monitoring.manage_periods"

    def get_initial(self):
        return services.period_defaults(_current_pact())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not pact_can_be_monitored(_current_pact()):
            context["not_adopted"] = services.NOT_ADOPTED
        return context

    def form_valid(self, form):
        try:
            period = services.period_create(
                pact=_current_pact(), by=self.request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The reporting period %(p)s is open.") % {"p": period})
        return redirect(period)


class PeriodMixin(LoginRequiredMixin, PermissionRequiredMixin):
    def get_period(self) -> ReportingPeriod:
        if not hasattr(self, "_period"):
            self._period = get_object_or_404(
                ReportingPeriod.objects.monitorable().select_related("pact"), pk=self.kwargs["pk"]
            )
        return self._period

    def get_permission_object(self):
        return self.get_period()


class PeriodUpdateView(PeriodMixin, FormView):
    """Staff move a period's dates or its deadline."""

    template_name = "monitoring/period_form.html"
    form_class = PeriodForm
    permission_required = "monitoring.manage_periods"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_period()}

    def form_valid(self, form):
        try:
            services.period_update(
                period=ReportingPeriod.objects.get(pk=self.get_period().pk),
                by=self.request.user,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            form_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The period was saved."))
        return redirect(self.get_period())


class PeriodStatusView(PeriodMixin, View):
    """Staff close a period, reopen it, publish its results or take the publication back."""

    permission_required = "monitoring.manage_periods"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        period = self.get_period()
        status = request.POST.get("status", "")
        try:
            services.period_set_status(period=period, status=status, by=request.user)
        except (ValidationError, ValueError) as exc:
            if isinstance(exc, ValidationError):
                flash_error(request, exc)
            else:
                messages.error(request, _("Unknown status."))
        else:
            messages.success(request, _("The period's status was changed."))
        return redirect(period)


class PeriodDetailView(PeriodMixin, TemplateView):
    """A period. Staff and the chair see every action: reported, late or missing, the status
    per chapter, indicators off track and actions without a trekker. A partner sees the actions
    its organisation leads (to report) or is a partner on (to remark)."""

    template_name = "monitoring/period_detail.html"
    permission_required = "monitoring.view_monitoring"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        period = self.get_period()
        user = self.request.user
        context["period"] = period
        if user.has_perm("monitoring.view_overview"):
            overview = period_overview(period)
            context["overview"] = overview
            context["page_obj"] = Paginator(overview.rows, ROWS_PER_PAGE).get_page(
                self.request.GET.get("page")
            )
            context["standing"] = Standing
            context["monitoring_reports"] = list(
                MonitoringReport.objects.filter(period=period).select_related("requested_by")[:5]
            )
        else:
            organisation_id = user.organisation_id
            actions = (
                pact_actions(period.pact)
                .filter(Q(trekker_id=organisation_id) | Q(partners__id=organisation_id))
                .distinct()
            )
            page = Paginator(actions, ROWS_PER_PAGE).get_page(self.request.GET.get("page"))
            reports = {
                r.action_id: r
                for r in ProgressReport.objects.filter(
                    period=period, action_id__in=[a.pk for a in page]
                )
            }
            context["page_obj"] = page
            context["monitoring_reports"] = list(
                MonitoringReport.objects.published().filter(period=period)[:1]
            )
            context["mine"] = [(action, reports.get(action.pk)) for action in page]
        return context


class PeriodExportView(PeriodMixin, View):
    """The period's reports as XLSX: one row per action (staff and the chair)."""

    permission_required = "monitoring.export"

    def get(self, request, *args, **kwargs):
        period = self.get_period()
        return xlsx_response(
            filename=f"monitoring-{period.title}",
            header=PERIOD_HEADER,
            rows=period_rows(period),
            sheet_title=str(period.title),
        )


class PactExportView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """Every period's reports as one XLSX: one row per action per period (staff, chair)."""

    permission_required = "monitoring.export"

    def get(self, request, *args, **kwargs):
        periods = ReportingPeriod.objects.monitorable().filter(pact=_current_pact())
        rows = [
            row for period in periods.order_by("starts_on", "pk") for row in period_rows(period)
        ]
        return xlsx_response(
            filename="monitoring", header=PERIOD_HEADER, rows=rows, sheet_title="Monitoring"
        )


# --- Reports --------------------------------------------------------------------------------------


class ReportEditView(PeriodMixin, FormView):
    """The trekker writes its report of an action for the period: saves a draft, submits it.

    Refused input (a value that is not a number, a date outside the period, a report after the
    period closed) comes back with a Dutch message and everything typed kept."""

    template_name = "monitoring/report_form.html"
    form_class = ReportForm
    permission_required = "monitoring.report_action"

    def get_action(self) -> Action:
        if not hasattr(self, "_action"):
            self._action = get_object_or_404(
                pact_actions(self.get_period().pact), pk=self.kwargs["action_pk"]
            )
        return self._action

    def get_report(self) -> ProgressReport:
        if not hasattr(self, "_report"):
            self._report = services.report_for(period=self.get_period(), action=self.get_action())
        return self._report

    def get_permission_object(self):
        return self.get_report()

    def get(self, request, *args, **kwargs):
        report = self.get_report()
        if report.pk and not report.is_editable:
            return redirect(report)
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["indicators"] = list(self.get_action().monitoring_indicators.all())
        return kwargs

    def get_initial(self):
        report = self.get_report()
        if not report.pk:
            return {"partners_involved": [p.pk for p in self.get_action().partners.all()]}
        initial = {
            "status": report.status,
            "narrative": report.narrative,
            "obstacles": report.obstacles,
            "spent": report.spent,
            "partners_involved": [p.pk for p in report.partners_involved.all()],
        }
        for value in report.values.all():
            initial[f"value_{value.indicator_id}"] = value.value
            initial[f"date_{value.indicator_id}"] = value.measured_on
        return initial

    def get_context_data(self, **kwargs):
        report = self.get_report()
        context = super().get_context_data(**kwargs)
        context.update(
            period=self.get_period(),
            action=self.get_action(),
            report=report,
            attachment_form=ReportAttachmentForm() if report.pk else None,
            attachments=list(report.attachments.all()) if report.pk else [],
        )
        return context

    def form_valid(self, form):
        submit = self.request.POST.get("intent") == "submit"
        try:
            report = services.report_save(
                period=self.get_period(),
                action=self.get_action(),
                submit=submit,
                by=self.request.user,
                **form.service_fields(),
            )
        except ValidationError as exc:
            form_error(form, exc)
            return self.form_invalid(form)
        if submit:
            messages.success(self.request, _("Your report was submitted to RESOC. Thank you."))
            return redirect(report)
        messages.success(self.request, _("Your report was saved as a draft."))
        return redirect(
            "monitoring:report_edit", pk=self.get_period().pk, action_pk=report.action_id
        )


class ReportVisibleMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """A report the user may see; others get 404 (reports are private to those involved)."""

    context_object_name = "report"

    def get_queryset(self):
        return ProgressReport.objects.visible_to(self.request.user).with_details()

    def get_report(self) -> ProgressReport:
        if not hasattr(self, "_report"):
            self._report = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        return self._report

    def get_object(self, queryset=None):
        return self.get_report()

    def get_permission_object(self):
        return self.get_report()


class ReportDetailView(ReportVisibleMixin, DetailView):
    """One report: its status, narrative, indicator values against their line, money, partners,
    files and remarks. Staff send it back; partners on the action add a remark."""

    template_name = "monitoring/report_detail.html"
    permission_required = "monitoring.view_report"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.object
        user = self.request.user
        context["values"] = list(report.values.all())
        context["remarks"] = list(report.remarks.select_related("organisation", "author"))
        context["attachments"] = list(report.attachments.all())
        if user.has_perm("monitoring.send_back_report", report) and (
            report.state == ReportState.SUBMITTED and report.period.is_open
        ):
            context["send_back_form"] = SendBackForm()
        if user.has_perm("monitoring.remark_report", report):
            context["remark_form"] = RemarkForm()
        context["can_edit"] = user.has_perm("monitoring.report_action", report) and (
            report.is_editable
        )
        return context


class ReportSendBackView(ReportVisibleMixin, View):
    """Staff send a submitted report back to the trekker with a remark."""

    permission_required = "monitoring.send_back_report"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        report = self.get_report()
        form = SendBackForm(request.POST)
        if not form.is_valid():
            flash_form_errors(request, form)
            return redirect(report)
        try:
            services.report_send_back(
                report=report, remark=form.cleaned_data["remark"], by=request.user
            )
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, _("The report was sent back to the trekker."))
        return redirect(report)


class RemarkCreateView(ReportVisibleMixin, View):
    """A partner named on the action adds a remark to the report."""

    permission_required = "monitoring.remark_report"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        report = self.get_report()
        form = RemarkForm(request.POST)
        if not form.is_valid():
            flash_form_errors(request, form)
            return redirect(report)
        services.remark_add(report=report, body=form.cleaned_data["body"], by=request.user)
        messages.success(request, _("Your remark was added."))
        return redirect(report)


class ReportAttachmentUploadView(ReportVisibleMixin, View):
    """The trekker adds a file to its report while the report can still be changed."""

    permission_required = "monitoring.report_action"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        report = self.get_report()
        form = ReportAttachmentForm(request.POST, request.FILES)
        target = redirect("monitoring:report_edit", pk=report.period_id, action_pk=report.action_id)
        if not form.is_valid():
            flash_form_errors(request, form)
            return target
        try:
            services.report_attachment_add(
                report=report,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                by=request.user,
            )
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, _("The file was added."))
        return target


class ReportAttachmentDownloadView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """Download a file of a report (those who may see the report)."""

    permission_required = "monitoring.view_report"

    def get_attachment(self) -> ReportAttachment:
        if not hasattr(self, "_attachment"):
            visible = ProgressReport.objects.visible_to(self.request.user)
            self._attachment = get_object_or_404(
                ReportAttachment.objects.select_related("report__action").filter(
                    report__in=visible
                ),
                pk=self.kwargs["pk"],
            )
        return self._attachment

    def get_permission_object(self):
        return self.get_attachment().report

    def get(self, request, *args, **kwargs):
        attachment = self.get_attachment()
        return private_file_response(
            attachment.file,
            filename=attachment.original_name,
            content_type=attachment.content_type,
        )


# --- Indicators -----------------------------------------------------------------------------------


class ActionIndicatorsView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    """Staff complete an action's indicators: name, unit, baseline and target, direction. The
    pact's own wording of the indicators is shown beside them and stays as it was."""

    template_name = "monitoring/action_indicators.html"
    form_class = IndicatorForm
    permission_required = "monitoring.change_indicators"

    def get_action(self) -> Action:
        if not hasattr(self, "_action"):
            self._action = get_object_or_404(Action.objects.with_details(), pk=self.kwargs["pk"])
        return self._action

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        wanted = query_values(IndicatorQueryForm(self.request.GET)).get("indicator")
        if wanted:
            kwargs["instance"] = get_object_or_404(
                Indicator.objects.filter(action=self.get_action()), pk=wanted
            )
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["action"] = self.get_action()
        context["indicators"] = list(self.get_action().monitoring_indicators.all())
        return context

    def form_valid(self, form):
        indicator = form.instance if form.instance.pk else None
        fields = {name: form.cleaned_data[name] for name in services.INDICATOR_FIELDS}
        try:
            services.indicator_save(
                action=self.get_action(), indicator=indicator, by=self.request.user, **fields
            )
        except ValidationError as exc:
            form_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The indicator was saved."))
        return redirect("monitoring:action_indicators", pk=self.get_action().pk)


class IndicatorsFromWordingView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """Staff name an action's indicators after the pact's wording (without numbers)."""

    permission_required = "monitoring.change_indicators"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        action = get_object_or_404(Action.objects.all(), pk=kwargs["pk"])
        created = services.indicators_from_wording(action=action, by=request.user)
        messages.success(
            request, _("%(count)s indicators were named after the pact.") % {"count": len(created)}
        )
        return redirect("monitoring:action_indicators", pk=action.pk)


class IndicatorDeleteView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """Staff remove an indicator that has no reported values."""

    permission_required = "monitoring.change_indicators"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        indicator = get_object_or_404(Indicator.objects.select_related("action"), pk=kwargs["pk"])
        try:
            services.indicator_delete(indicator=indicator, by=request.user)
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, _("The indicator was removed."))
        return redirect("monitoring:action_indicators", pk=indicator.action_id)


# --- The monitoring report --------------------------------------------------------------------


class MonitoringReportRequestView(PeriodMixin, View):
    """Staff ask the worker for the period's monitoring report (PDF)."""

    permission_required = "monitoring.request_monitoring_report"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        period = self.get_period()
        _report, created = services.monitoring_report_request(period=period, by=request.user)
        if created:
            messages.success(request, _("The monitoring report is being made; reload in a moment."))
        else:
            messages.info(request, _("This same report is already being made."))
        return redirect(period)


class MonitoringReportDownloadView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """Download a ready monitoring report (partners: only of published periods)."""

    permission_required = "monitoring.download_monitoring_report"

    def get_report(self) -> MonitoringReport:
        if not hasattr(self, "_report"):
            self._report = get_object_or_404(
                MonitoringReport.objects.select_related("period"), pk=self.kwargs["pk"]
            )
        return self._report

    def get_permission_object(self):
        return self.get_report()

    def handle_no_permission(self):
        if self.request.user.is_authenticated:
            raise Http404(_("No such report."))
        return super().handle_no_permission()

    def get(self, request, *args, **kwargs):
        report = self.get_report()
        if not report.pdf:
            raise Http404(_("This report has no PDF (yet)."))
        return private_file_response(
            report.pdf, filename=report.filename, content_type="application/pdf"
        )
