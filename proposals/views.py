"""Proposal pages: write, submit, support, discuss, review, decide, export.

Every view is login-protected. Proposals a user may not see (someone else's draft) answer 404
whatever the action; actions the user's role does not allow answer 403 (see rules.py).
"""

import csv
from collections import OrderedDict

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import CreateView, FormView, ListView, TemplateView, UpdateView
from django_filters.views import FilterView

from ateliers.models import Atelier, Conclusion
from sectors.models import Sector, Theme
from streekpact.core.downloads import private_file_response
from streekpact.core.mixins import PermissionRequiredMixin
from streekpact.partners.models import OrganisationKind

from . import services
from .diff import revision_diff
from .exports import export_csv_rows, export_xlsx
from .filters import ProposalFilter
from .forms import (
    AnswerForm,
    AttachmentForm,
    BulkActionForm,
    CaptureForm,
    CommentEditForm,
    CommentForm,
    DecisionForm,
    ProposalForm,
    ReviewersForm,
    ReviewNoteForm,
    SupportForm,
    ThemeForm,
    WithdrawForm,
)
from .models import Comment, Proposal, ProposalStatus, Stance, Support


class ProposalObjectMixin:
    """Finds the proposal of the URL among those the user may see (404 otherwise)."""

    proposal_url_kwarg = "pk"

    @cached_property
    def proposal(self) -> Proposal:
        return get_object_or_404(
            Proposal.objects.visible_to(self.request.user).for_detail(),
            pk=self.kwargs[self.proposal_url_kwarg],
        )

    def get_permission_object(self):
        return self.proposal

    def get_context_data(self, **kwargs):
        kwargs.setdefault("proposal", self.proposal)
        return super().get_context_data(**kwargs)


class PostOnlyMixin:
    http_method_names = ["post"]


def _flash_errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# --- Finding proposals ------------------------------------------------------------------------


class ProposalListView(LoginRequiredMixin, FilterView):
    """All proposals the user may see, with filters, Dutch full-text search and sorting."""

    filterset_class = ProposalFilter
    template_name = "proposals/proposal_list.html"
    context_object_name = "proposals"
    strict = False

    def get_paginate_by(self, queryset):
        from django.conf import settings

        return settings.PROPOSALS_PER_PAGE

    def get_queryset(self):
        return Proposal.objects.visible_to(self.request.user).for_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["export_query"] = self.request.GET.urlencode()
        return context


class ProposalExportView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """Staff download the (filtered) proposals as CSV or XLSX, with status, support and answer."""

    permission_required = "proposals.export_proposals"
    formats = ("csv", "xlsx")

    def get(self, request, fmt):
        if fmt not in self.formats:
            raise Http404
        queryset = Proposal.objects.visible_to(request.user).for_list()
        filterset = ProposalFilter(request.GET, queryset=queryset, request=request)
        proposals = filterset.qs if filterset.is_valid() else queryset.none()
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        if fmt == "csv":
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="voorstellen-{stamp}.csv"'
            response.write("\ufeff")  # so that Excel reads UTF-8
            writer = csv.writer(response, delimiter=";")
            for row in export_csv_rows(proposals):
                writer.writerow(row)
            return response
        response = HttpResponse(
            export_xlsx(proposals),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="voorstellen-{stamp}.xlsx"'
        return response


class ProposalDetailView(
    LoginRequiredMixin, ProposalObjectMixin, PermissionRequiredMixin, TemplateView
):
    """One proposal: text, pact fields, draagvlak, discussion, history; for reviewers, review."""

    permission_required = "proposals.view_proposal"
    template_name = "proposals/proposal_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        proposal = self.proposal
        user = self.request.user
        supports = list(
            Support.objects.filter(proposal=proposal)
            .select_related("organisation")
            .order_by("organisation__kind", "organisation__short_name")
        )
        kinds = dict(OrganisationKind.choices)
        grouped: OrderedDict = OrderedDict()
        for support in supports:
            grouped.setdefault(kinds.get(support.organisation.kind, "—"), []).append(support)
        own = next((s for s in supports if s.organisation_id == user.organisation_id), None)
        comments = (
            Comment.objects.filter(proposal=proposal, parent__isnull=True)
            .select_related("author__organisation")
            .prefetch_related(
                Prefetch(
                    "replies",
                    queryset=Comment.objects.select_related("author__organisation"),
                )
            )
        )
        context.update(
            supports_by_kind=grouped,
            support_totals={
                stance: sum(1 for s in supports if s.stance == stance) for stance in Stance.values
            },
            own_support=own,
            support_form=SupportForm(
                initial={"stance": own.stance, "reason": own.reason} if own else None
            ),
            comments=comments,
            comment_form=CommentForm(),
            status_changes=proposal.status_changes.select_related("by"),
            attachments=proposal.attachments.all(),
            attachment_form=AttachmentForm(),
            revision_count=proposal.revisions.count(),
            merged_from=proposal.merged_from.select_related("organisation"),
            is_owner=proposal.is_owned_by(user),
        )
        if user.has_perm("proposals.view_review_notes", proposal):
            context["review_notes"] = proposal.review_notes.select_related("author")
            context["note_form"] = ReviewNoteForm()
            context["reviewers_form"] = ReviewersForm(proposal=proposal)
        if user.has_perm("proposals.decide_proposal", proposal):
            context["decision_form"] = DecisionForm(proposal=proposal)
        if user.has_perm("proposals.answer_proposal", proposal):
            context["answer_form"] = AnswerForm(initial={"answer": proposal.answer})
        return context


class MyDraftsView(LoginRequiredMixin, ListView):
    """The drafts the user (or their organisation) is writing, including captured ones."""

    template_name = "proposals/proposal_drafts.html"
    context_object_name = "proposals"

    def get_queryset(self):
        user = self.request.user
        return (
            Proposal.objects.owned_by(user)
            .filter(status__in=[ProposalStatus.DRAFT, ProposalStatus.CHANGES_REQUESTED])
            .for_list()
            .order_by("-updated_at")
        )


# --- Writing ----------------------------------------------------------------------------------


class ProposalFormMixin:
    form_class = ProposalForm
    template_name = "proposals/proposal_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def _after_save(self, form, proposal: Proposal):
        upload = form.cleaned_data.get("attachment")
        if upload:
            mime, ext = upload.sniffed
            services.attachment_add(
                proposal=proposal,
                by=self.request.user,
                upload=upload,
                content_type=mime,
                extension=ext,
            )
        if "submit" in self.request.POST and self.request.user.has_perm(
            "proposals.submit_proposal", proposal
        ):
            services.proposal_submit(proposal=proposal, by=self.request.user)
            messages.success(self.request, _("Your proposal was submitted."))
        else:
            messages.success(self.request, _("Your proposal was saved."))
        return redirect(proposal.get_absolute_url())


class ProposalCreateView(
    LoginRequiredMixin, PermissionRequiredMixin, ProposalFormMixin, CreateView
):
    """A partner writes a new proposal on behalf of their organisation; saved as a draft."""

    permission_required = "proposals.add_proposal"

    def get_permission_object(self):
        return None

    def get_initial(self):
        initial = super().get_initial()
        for name in ("sector", "atelier"):
            if self.request.GET.get(name, "").isdigit():
                initial[name] = int(self.request.GET[name])
        return initial

    def form_valid(self, form):
        data = form.service_kwargs()
        with transaction.atomic():
            proposal = services.proposal_create(
                by=self.request.user, organisation=self.request.user.organisation, **data
            )
            return self._after_save(form, proposal)


class ProposalUpdateView(
    LoginRequiredMixin, ProposalObjectMixin, PermissionRequiredMixin, ProposalFormMixin, UpdateView
):
    """The owners edit a draft, or their proposal after staff asked for changes."""

    permission_required = "proposals.change_proposal"

    def get_object(self, queryset=None):
        return self.proposal

    def form_valid(self, form):
        data = form.service_kwargs()
        with transaction.atomic():
            try:
                proposal = services.proposal_update(
                    proposal=self.proposal, by=self.request.user, **data
                )
            except ValidationError as exc:
                form.add_error(None, exc)
                return self.form_invalid(form)
            return self._after_save(form, proposal)


class ProposalSubmitView(
    LoginRequiredMixin, PostOnlyMixin, ProposalObjectMixin, PermissionRequiredMixin, View
):
    """The owners submit their draft (or resubmit after changes); the sector's leads are told."""

    permission_required = "proposals.submit_proposal"

    def post(self, request, pk):
        try:
            services.proposal_submit(proposal=self.proposal, by=request.user)
            messages.success(request, _("Your proposal was submitted."))
        except ValidationError as exc:
            _flash_errors(request, exc)
        return redirect(self.proposal.get_absolute_url())


class ProposalWithdrawView(
    LoginRequiredMixin, ProposalObjectMixin, PermissionRequiredMixin, FormView
):
    """The owners withdraw their proposal (a draft is simply discarded this way)."""

    permission_required = "proposals.withdraw_proposal"
    form_class = WithdrawForm
    template_name = "proposals/proposal_withdraw.html"

    def form_valid(self, form):
        try:
            services.proposal_withdraw(
                proposal=self.proposal, by=self.request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(self.request, _("The proposal was withdrawn."))
        except ValidationError as exc:
            _flash_errors(self.request, exc)
        return redirect(self.proposal.get_absolute_url())


# --- Revisions --------------------------------------------------------------------------------


class RevisionListView(
    LoginRequiredMixin, ProposalObjectMixin, PermissionRequiredMixin, TemplateView
):
    """Every version of the proposal since submission, and what changed in each."""

    permission_required = "proposals.view_revisions"
    template_name = "proposals/revision_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        revisions = list(self.proposal.revisions.select_related("created_by").order_by("number"))
        selected = self.request.GET.get("number")
        by_number = {r.number: r for r in revisions}
        current = by_number.get(int(selected)) if selected and selected.isdigit() else None
        if current is None and revisions:
            current = revisions[-1]
        previous = by_number.get(current.number - 1) if current else None
        context.update(
            revisions=revisions,
            current=current,
            previous=previous,
            diff=revision_diff(previous, current) if current else [],
        )
        return context


# --- Draagvlak and discussion -----------------------------------------------------------------


class SupportView(
    LoginRequiredMixin, PostOnlyMixin, ProposalObjectMixin, PermissionRequiredMixin, View
):
    """A partner states, changes or withdraws their organisation's position on a proposal."""

    permission_required = "proposals.support_proposal"

    def post(self, request, pk):
        proposal = self.proposal
        if "remove" in request.POST:
            services.support_withdraw(
                proposal=proposal, organisation=request.user.organisation, by=request.user
            )
            messages.success(request, _("Your organisation's position was removed."))
            return redirect(proposal.get_absolute_url() + "#draagvlak")
        form = SupportForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(proposal.get_absolute_url() + "#draagvlak")
        try:
            services.support_declare(
                proposal=proposal,
                organisation=request.user.organisation,
                stance=form.cleaned_data["stance"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
            messages.success(request, _("Your organisation's position was saved."))
        except ValidationError as exc:
            _flash_errors(request, exc)
        return redirect(proposal.get_absolute_url() + "#draagvlak")


class CommentCreateView(
    LoginRequiredMixin, PostOnlyMixin, ProposalObjectMixin, PermissionRequiredMixin, View
):
    """Anyone logged in comments on a submitted proposal, or replies to a comment."""

    permission_required = "proposals.comment_proposal"

    def post(self, request, pk):
        form = CommentForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("The comment cannot be empty."))
            return redirect(self.proposal.get_absolute_url() + "#discussion")
        parent = None
        if form.cleaned_data.get("parent"):
            parent = get_object_or_404(
                Comment, pk=form.cleaned_data["parent"], proposal=self.proposal
            )
        try:
            comment = services.comment_add(
                proposal=self.proposal, author=request.user, text=form.cleaned_data["text"],
                parent=parent,
            )  # fmt: skip
        except ValidationError as exc:
            _flash_errors(request, exc)
            return redirect(self.proposal.get_absolute_url() + "#discussion")
        return redirect(self.proposal.get_absolute_url() + f"#comment-{comment.pk}")


class CommentObjectMixin(ProposalObjectMixin):
    @cached_property
    def comment(self) -> Comment:
        return get_object_or_404(
            Comment.objects.select_related("author"),
            pk=self.kwargs["comment_pk"],
            proposal=self.proposal,
        )

    def get_permission_object(self):
        return self.comment


class CommentUpdateView(LoginRequiredMixin, CommentObjectMixin, PermissionRequiredMixin, FormView):
    """The author edits their comment during the first minutes after writing it."""

    permission_required = "proposals.change_comment"
    form_class = CommentEditForm
    template_name = "proposals/comment_form.html"

    def get_initial(self):
        return {"text": self.comment.text}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("comment", self.comment)
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        try:
            services.comment_edit(
                comment=self.comment, by=self.request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            form.add_error("text", exc)
            return self.form_invalid(form)
        return redirect(self.proposal.get_absolute_url() + f"#comment-{self.comment.pk}")


class CommentRemoveView(
    LoginRequiredMixin, PostOnlyMixin, CommentObjectMixin, PermissionRequiredMixin, View
):
    """Staff remove a comment; a visible trace 'removed by a moderator' stays."""

    permission_required = "proposals.remove_comment"

    def post(self, request, pk, comment_pk):
        services.comment_remove(comment=self.comment, by=request.user)
        messages.success(request, _("The comment was removed."))
        return redirect(self.proposal.get_absolute_url() + f"#comment-{self.comment.pk}")


# --- Attachments ------------------------------------------------------------------------------


class AttachmentUploadView(
    LoginRequiredMixin, PostOnlyMixin, ProposalObjectMixin, PermissionRequiredMixin, View
):
    """The owners attach a file (PDF, office document, image; checked by content and size)."""

    permission_required = "proposals.change_attachments"

    def post(self, request, pk):
        form = AttachmentForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            mime, ext = upload.sniffed
            services.attachment_add(
                proposal=self.proposal, by=request.user, upload=upload, content_type=mime,
                extension=ext,
            )  # fmt: skip
            messages.success(request, _("The file was attached."))
        else:
            for error in form.errors.get("file", []):
                messages.error(request, error)
        return redirect(self.proposal.get_absolute_url() + "#attachments")


class AttachmentDownloadView(
    LoginRequiredMixin, ProposalObjectMixin, PermissionRequiredMixin, View
):
    """Download an attachment of a proposal the user may see (never a public media URL)."""

    permission_required = "proposals.view_attachment"

    def get(self, request, pk, attachment_pk):
        attachment = get_object_or_404(self.proposal.attachments, pk=attachment_pk)
        return private_file_response(
            attachment.file,
            filename=attachment.original_name,
            content_type=attachment.content_type,
        )


class AttachmentDeleteView(
    LoginRequiredMixin, PostOnlyMixin, ProposalObjectMixin, PermissionRequiredMixin, View
):
    """The owners remove an attachment while they can edit the proposal."""

    permission_required = "proposals.change_attachments"

    def post(self, request, pk, attachment_pk):
        attachment = get_object_or_404(self.proposal.attachments, pk=attachment_pk)
        services.attachment_delete(attachment=attachment, by=request.user)
        messages.success(request, _("The attachment was removed."))
        return redirect(self.proposal.get_absolute_url() + "#attachments")


# --- Review -----------------------------------------------------------------------------------


class ReviewQueueView(LoginRequiredMixin, PermissionRequiredMixin, ListView):
    """Staff see every open proposal; lead organisations those of their sectors."""

    permission_required = "proposals.view_review_queue"
    template_name = "proposals/review_queue.html"
    context_object_name = "proposals"
    paginate_by = 50

    def get_queryset(self):
        qs = (
            Proposal.objects.review_queue_for(self.request.user)
            .for_list()
            .prefetch_related("reviewers")
            .order_by("submitted_at", "pk")
        )
        if self.request.GET.get("mine"):
            qs = qs.filter(reviewers=self.request.user)
        if self.request.GET.get("sector", "").isdigit():
            qs = qs.filter(sector_id=int(self.request.GET["sector"]))
        return qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.user.has_perm("proposals.bulk_update_proposals"):
            context["bulk_form"] = BulkActionForm()
        user = self.request.user
        sectors = Sector.objects.all()
        if user.role != "staff":
            sectors = sectors.filter(lead_organisations=user.organisation_id)
        context["queue_sectors"] = sectors
        return context


class BulkActionView(LoginRequiredMixin, PostOnlyMixin, PermissionRequiredMixin, View):
    """Staff assign reviewers to, or change the status of, several proposals at once."""

    permission_required = "proposals.bulk_update_proposals"

    def post(self, request):
        form = BulkActionForm(request.POST)
        if not form.is_valid():
            for field, errors in form.errors.items():
                for error in errors:
                    messages.error(request, error if field == "__all__" else f"{error}")
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
        messages.success(request, _("%(count)d proposals updated.") % {"count": changed})
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
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The decision was saved."))
        return redirect(self.proposal.get_absolute_url())


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
            form.add_error("answer", exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The answer was published."))
        return redirect(self.proposal.get_absolute_url() + "#answer")


class ReviewNoteCreateView(
    LoginRequiredMixin, PostOnlyMixin, ProposalObjectMixin, PermissionRequiredMixin, View
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


# --- Capture mode (from an atelier) -----------------------------------------------------------


class CaptureView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
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
        raw = self.request.GET.get("conclusion") or self.request.POST.get("conclusion")
        if not raw:
            return None
        if not str(raw).isdigit():
            raise Http404
        return get_object_or_404(Conclusion, pk=raw, atelier=self.atelier)

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
            form.add_error(None, exc)
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


# --- Themes (staff) ---------------------------------------------------------------------------


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
    success_url = reverse_lazy("proposals:theme_list")

    def get_permission_object(self):
        return None


class ThemeUpdateView(LoginRequiredMixin, PermissionRequiredMixin, UpdateView):
    """Staff rename or reorder a theme."""

    permission_required = "sectors.manage_themes"
    form_class = ThemeForm
    model = Theme
    template_name = "proposals/theme_form.html"
    success_url = reverse_lazy("proposals:theme_list")

    def get_permission_object(self):
        return None
