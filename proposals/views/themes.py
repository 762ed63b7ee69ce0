"""Themes, managed by staff."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.views.generic import CreateView, ListView, UpdateView

from sectors import services as sector_services
from sectors.models import Theme
from streekpact.core.mixins import PermissionRequiredMixin

from ..forms import (
    ThemeForm,
)


class ThemeListView(LoginRequiredMixin, PermissionRequiredMixin, ListView):
    """Staff see the pact's themes and the staff-managed topics, and how often each is used."""

    permission_required = "sectors.manage_themes"
    template_name = "proposals/theme_list.html"
    context_object_name = "themes"

    def get_queryset(self):
        from django.db.models import Count

        return Theme.objects.annotate(proposal_count=Count("proposals"))


class ThemeCreateView(LoginRequiredMixin, PermissionRequiredMixin, CreateView):
    """Staff add a topic (e.g. 'Innovatie')."""

    permission_required = "sectors.manage_themes"
    form_class = ThemeForm
    template_name = "proposals/theme_form.html"

    def get_permission_object(self):
        return None

    def form_valid(self, form):
        sector_services.theme_create(by=self.request.user, **form.cleaned_data)
        return redirect("proposals:theme_list")


class ThemeUpdateView(LoginRequiredMixin, PermissionRequiredMixin, UpdateView):
    """Staff rename or reorder a theme."""

    permission_required = "sectors.manage_themes"
    form_class = ThemeForm
    model = Theme
    template_name = "proposals/theme_form.html"

    def get_permission_object(self):
        return None

    def form_valid(self, form):
        sector_services.theme_update(theme=self.object, by=self.request.user, **form.cleaned_data)
        return redirect("proposals:theme_list")
