"""The partnership: organisations and people; RESOC staff invite new people."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import DetailView, ListView, TemplateView

from .models import Organisation


class OrganisationListView(LoginRequiredMixin, ListView):
    """All partner organisations, grouped by kind."""

    model = Organisation
    context_object_name = "organisations"


class OrganisationDetailView(LoginRequiredMixin, DetailView):
    """One organisation and its members."""

    model = Organisation
    context_object_name = "organisation"


class ProfileView(LoginRequiredMixin, TemplateView):
    """The logged-in person's own profile."""

    template_name = "partners/profile.html"
