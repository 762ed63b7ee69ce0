"""Sector pages: everyone logged in reads them; RESOC staff create, edit and reorder them."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from streekpact.core.mixins import PermissionRequiredMixin

from . import services
from .forms import SectorForm
from .models import Sector


class SectorListView(PermissionRequiredMixin, ListView):
    """All sectors in the order of the pact, with their lead organisations."""

    permission_required = "sectors.view_sector"
    context_object_name = "sectors"

    def get_queryset(self):
        return Sector.objects.with_leads()


class SectorDetailView(PermissionRequiredMixin, DetailView):
    """One sector: its description, trekkers, ateliers and proposals."""

    permission_required = "sectors.view_sector"
    context_object_name = "sector"

    def get_queryset(self):
        return Sector.objects.with_leads()


class SectorFormMixin:
    model = Sector
    form_class = SectorForm

    def form_valid(self, form):
        self.object = services.sector_save(
            sector=form.save(commit=False),
            lead_organisations=form.cleaned_data["lead_organisations"],
            by=self.request.user,
        )
        messages.success(self.request, _("Sector %(name)s saved.") % {"name": self.object.name})
        return redirect(self.object)


class SectorCreateView(PermissionRequiredMixin, SectorFormMixin, CreateView):
    """Staff add a sector or working group; it is placed last in the pact."""

    permission_required = "sectors.add_sector"


class SectorUpdateView(PermissionRequiredMixin, SectorFormMixin, UpdateView):
    """Staff edit a sector's name, description, kind and lead organisations."""

    permission_required = "sectors.change_sector"


class SectorMoveView(PermissionRequiredMixin, View):
    """Staff move a sector one place up or down in the pact (POST)."""

    permission_required = "sectors.reorder_sectors"
    http_method_names = ["post"]

    def post(self, request, slug, direction):
        sector = get_object_or_404(Sector, slug=slug)
        services.sector_move(sector=sector, direction=direction, by=request.user)
        return redirect("sectors:list")
