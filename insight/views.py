from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView, View

from streekpact.core.exports import csv_response
from streekpact.core.forms import query_values
from streekpact.core.mixins import PermissionRequiredMixin
from streekpact.partners.models import Organisation

from .figures import CHART_SLUGS, Filters, build_charts, organisation_involvement
from .forms import InsightFilterForm


def _filters(request) -> tuple[InsightFilterForm, Filters]:
    form = InsightFilterForm(request.GET or None)
    values = query_values(form)
    if form.is_bound and form.errors:
        # A period that ends before it starts: show the error, draw without the period.
        values.pop("start", None)
        values.pop("end", None)
    return form, Filters(**values)


class InsightView(PermissionRequiredMixin, TemplateView):
    """Staff and the chair see who takes part, where the draagvlak is, and how far each sector
    is, as charts with their numbers as tables; filtered by sector and period."""

    permission_required = "insight.view_insight"
    template_name = "insight/insight.html"

    def get_context_data(self, **kwargs):
        form, filters = _filters(self.request)
        charts = build_charts(filters)
        query = self.request.GET.urlencode() if form.is_bound else ""
        return super().get_context_data(
            form=form,
            filters=filters,
            charts=[charts[slug] for slug in CHART_SLUGS],
            query=query,
            **kwargs,
        )


class ChartCSVView(PermissionRequiredMixin, View):
    """The numbers behind one chart of the insight page, with the page's filters, as CSV."""

    permission_required = "insight.view_insight"

    def get(self, request, chart: str):
        if chart not in CHART_SLUGS:
            raise Http404
        _form, filters = _filters(request)
        data = build_charts(filters, only=chart)[chart]
        suffix = f"-{filters.sector.slug}" if filters.sector else ""
        return csv_response(
            filename=f"inzicht-{chart}{suffix}", header=data.header, rows=data.download_rows
        )


class OrganisationCSVView(PermissionRequiredMixin, View):
    """The numbers behind an organisation's involvement chart, for those who may see it."""

    permission_required = "insight.view_involvement"

    def get_permission_object(self):
        return get_object_or_404(Organisation, pk=self.kwargs["pk"])

    def get(self, request, pk: int):
        organisation = self.get_permission_object()
        chart = organisation_involvement(organisation).chart
        return csv_response(
            filename=f"betrokkenheid-{organisation.pk}",
            header=chart.header,
            rows=chart.download_rows,
        )
