"""Capture mode: an atelier contribution or conclusion becomes a draft proposal."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView

from ateliers.models import Atelier, Conclusion
from streekpact.core.errors import form_error
from streekpact.core.forms import query_values
from streekpact.core.mixins import OneTimePostMixin, PermissionRequiredMixin

from .. import services
from ..forms import CaptureForm, CaptureQueryForm
from ..models import Proposal, ProposalStatus


class CaptureView(LoginRequiredMixin, PermissionRequiredMixin, OneTimePostMixin, FormView):
    """During or after an atelier, record a contribution as a draft for an organisation."""

    permission_required = "ateliers.capture_contributions"
    form_class = CaptureForm
    template_name = "proposals/proposal_capture.html"

    @cached_property
    def atelier(self) -> Atelier:
        return get_object_or_404(
            Atelier.objects.select_related("sector").prefetch_related(
                "lead_organisations", "sector__lead_organisations"
            ),
            pk=self.kwargs["atelier_pk"],
        )

    def get_permission_object(self):
        return self.atelier

    @cached_property
    def conclusion(self) -> Conclusion | None:
        # The conclusion to start from (the query string), or the one posted with the form. A
        # malformed value is ignored; the id of another atelier's conclusion is not found.
        data = self.request.POST if self.request.method == "POST" else self.request.GET
        pk = query_values(CaptureQueryForm(data)).get("conclusion")
        if pk is None:
            return None
        return get_object_or_404(Conclusion, pk=pk, atelier=self.atelier)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["atelier"] = self.atelier
        return kwargs

    def get_initial(self):
        initial = super().get_initial()
        if self.conclusion is not None:
            initial["conclusion"] = self.conclusion.pk
            initial["text"] = self.conclusion.text
            initial["title"] = self.conclusion.text.split("\n", 1)[0][:200]
        return initial

    def get_context_data(self, **kwargs):
        kwargs.update(atelier=self.atelier, conclusion=self.conclusion)
        # Drafts stay private: the capturer sees the ones they captured, and submitted ones.
        kwargs["captured"] = (
            Proposal.objects.filter(atelier=self.atelier)
            .filter(Q(created_by=self.request.user) | ~Q(status=ProposalStatus.DRAFT))
            .select_related("organisation")
            .order_by("-created_at")
        )
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            proposal = services.proposal_capture(
                atelier=self.atelier,
                organisation=data["organisation"],
                title=data["title"],
                text=data["text"],
                conclusion=data.get("conclusion"),
                by=self.request.user,
            )
        except ValidationError as exc:
            form_error(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Draft %(reference)s saved for %(organisation)s; its members can complete it.")
            % {"reference": proposal.reference, "organisation": proposal.organisation},
        )
        if "another" in self.request.POST:
            return HttpResponseRedirect(
                reverse("proposals:capture", kwargs={"atelier_pk": self.atelier.pk})
            )
        return redirect(proposal.get_absolute_url())
