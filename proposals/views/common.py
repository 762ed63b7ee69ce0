"""Mixins and helpers shared by the proposal views."""

from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property

from ..models import Proposal


class ProposalObjectMixin:
    """Finds the proposal of the URL among those the user may see (404 otherwise)."""

    proposal_url_kwarg = "pk"

    def get_proposal_queryset(self):
        return Proposal.objects.visible_to(self.request.user).for_detail()

    @cached_property
    def proposal(self) -> Proposal:
        return get_object_or_404(
            self.get_proposal_queryset(), pk=self.kwargs[self.proposal_url_kwarg]
        )

    def get_permission_object(self):
        return self.proposal

    def get_context_data(self, **kwargs):
        kwargs.setdefault("proposal", self.proposal)
        return super().get_context_data(**kwargs)


class PostOnlyMixin:
    http_method_names = ["post"]
