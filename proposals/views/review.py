"""Reviewing: the queue, bulk actions, decisions, official answers, notes and reviewers."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import FormView, ListView

from sectors.models import Sector
from streekpact.core.errors import flash_form_errors, form_error
from streekpact.core.forms import query_values
from streekpact.core.mixins import OneTimePostMixin, PermissionRequiredMixin
from streekpact.partners.models import Role

from .. import services
from ..forms import (
    AnswerForm,
    BulkActionForm,
    DecisionForm,
    ReviewersForm,
    ReviewNoteForm,
    ReviewQueueQueryForm,
    merge_targets_matching,
)
from ..models import Proposal
from .common import PostOnlyMixin, ProposalObjectMixin


class ReviewQueueView(LoginRequiredMixin, PermissionRequiredMixin, ListView):
    """Staff see every open proposal; lead organisations those of their sectors."""

    permission_required = "proposals.view_review_queue"
    template_name = "proposals/review_queue.html"
    context_object_name = "proposals"

    def get_paginate_by(self, queryset):
        return settings.PROPOSALS_PER_PAGE

    def get_queryset(self):
        qs = (
            Proposal.objects.review_queue_for(self.request.user)
            .for_list()
            .prefetch_related("reviewers")
            .order_by("submitted_at", "pk")
        )
        query = query_values(ReviewQueueQueryForm(self.request.GET))
        if query.get("mine"):
            qs = qs.filter(reviewers=self.request.user)
        if "sector" in query:
            qs = qs.filter(sector_id=query["sector"])
        self.query = query
        return qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.user.has_perm("proposals.bulk_update_proposals"):
            context["bulk_form"] = form = BulkActionForm()
            # Read once through the iterator: the template's {% for %}, like list(), would
            # first ask the choices' length, which is a COUNT query of its own.
            context["reviewer_choices"] = list(iter(form.fields["reviewers"].choices))
        user = self.request.user
        sectors = Sector.objects.all()
        if user.role != Role.STAFF:
            sectors = sectors.filter(lead_organisations=user.organisation_id)
        context["queue_sectors"] = sectors
        context["query"] = self.query
        return context


class BulkActionView(LoginRequiredMixin, PostOnlyMixin, PermissionRequiredMixin, View):
    """Staff assign reviewers to, or change the status of, several proposals at once."""

    permission_required = "proposals.bulk_update_proposals"

    def post(self, request):
        form = BulkActionForm(request.POST)
        if not form.is_valid():
            flash_form_errors(request, form)
            return redirect("proposals:review_queue")
        data = form.cleaned_data
        action = data["action"]
        changed, skipped = services.proposals_bulk_update(
            proposals=data["proposals"],
            by=request.user,
            to_status=None if action == "assign" else action,
            reason=data["reason"],
            reviewers=data["reviewers"] if action == "assign" else None,
        )
        messages.success(
            request,
            ngettext("%(count)d proposal updated.", "%(count)d proposals updated.", changed)
            % {"count": changed},
        )
        for line in skipped:
            messages.warning(request, line)
        return redirect("proposals:review_queue")


class DecisionView(LoginRequiredMixin, ProposalObjectMixin, PermissionRequiredMixin, FormView):
    """A reviewer takes a decision (review, changes, approve, reject, merge) with an answer."""

    permission_required = "proposals.decide_proposal"
    form_class = DecisionForm
    template_name = "proposals/proposal_decide.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["proposal"] = self.proposal
        return kwargs

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.proposal_decide(
                proposal=self.proposal,
                by=self.request.user,
                decision=data["decision"],
                answer=data["answer"],
                reason=data["reason"],
                merged_into=data.get("merged_into"),
            )
        except ValidationError as exc:
            form_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The decision was saved."))
        return redirect(self.proposal.get_absolute_url())


class MergeTargetSearchView(LoginRequiredMixin, ProposalObjectMixin, PermissionRequiredMixin, View):
    """The merge-target search field asks here: who may decide on the proposal gets at most
    MERGE_TARGET_LIMIT matching proposals of its sector (reference and title), as JSON."""

    permission_required = "proposals.decide_proposal"

    def get(self, request, pk):
        query = request.GET.get("q", "")[:100]
        return JsonResponse({"results": merge_targets_matching(self.proposal, query)})


class AnswerView(LoginRequiredMixin, ProposalObjectMixin, PermissionRequiredMixin, FormView):
    """A reviewer publishes or corrects the official answer without changing the status."""

    permission_required = "proposals.answer_proposal"
    form_class = AnswerForm
    template_name = "proposals/proposal_answer.html"

    def get_initial(self):
        return {"answer": self.proposal.answer}

    def form_valid(self, form):
        try:
            services.proposal_answer(
                proposal=self.proposal, by=self.request.user, answer=form.cleaned_data["answer"]
            )
        except ValidationError as exc:
            form_error(form, exc, field="answer")
            return self.form_invalid(form)
        messages.success(self.request, _("The answer was published."))
        return redirect(self.proposal.get_absolute_url() + "#answer")


class ReviewNoteCreateView(
    LoginRequiredMixin,
    PostOnlyMixin,
    ProposalObjectMixin,
    PermissionRequiredMixin,
    OneTimePostMixin,
    View,
):
    """A reviewer keeps a private note on the proposal (authors never see notes)."""

    permission_required = "proposals.add_review_note"

    def post(self, request, pk):
        form = ReviewNoteForm(request.POST)
        if form.is_valid():
            services.review_note_add(
                proposal=self.proposal, by=request.user, text=form.cleaned_data["text"]
            )
            messages.success(request, _("Your note was added."))
        else:
            messages.error(request, _("The note cannot be empty."))
        return redirect(self.proposal.get_absolute_url() + "#review")


class ReviewersAssignView(
    LoginRequiredMixin, PostOnlyMixin, ProposalObjectMixin, PermissionRequiredMixin, View
):
    """A reviewer assigns the people who review this proposal."""

    permission_required = "proposals.assign_reviewers"

    def post(self, request, pk):
        form = ReviewersForm(request.POST, proposal=self.proposal)
        if form.is_valid():
            services.proposal_assign_reviewers(
                proposal=self.proposal, reviewers=form.cleaned_data["reviewers"], by=request.user
            )
            messages.success(request, _("The reviewers were assigned."))
        else:
            messages.error(request, _("Choose reviewers from the list."))
        return redirect(self.proposal.get_absolute_url() + "#review")
