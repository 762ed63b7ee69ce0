"""Sector pages: everyone logged in reads them; RESOC staff create, edit and reorder them."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import DetailView, ListView

from .models import Sector


class SectorListView(LoginRequiredMixin, ListView):
    """All sectors in the order of the pact, with their lead organisations."""

    model = Sector
    context_object_name = "sectors"

    def get_queryset(self):
        return Sector.objects.with_leads()


class SectorDetailView(LoginRequiredMixin, DetailView):
    """One sector: its description, trekkers, and what the other apps show about it."""

    model = Sector
    context_object_name = "sector"

    def get_queryset(self):
        return Sector.objects.with_leads()
