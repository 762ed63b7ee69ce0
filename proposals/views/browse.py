"""Finding and reading proposals: the list, the export, a proposal page, my drafts, revisions."""

from collections import OrderedDict

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.views import View
from django.views.generic import ListView, TemplateView
from django_filters.views import FilterView

from streekpact.core.forms import query_values
from streekpact.core.mixins import PermissionRequiredMixin
from streekpact.partners.models import OrganisationKind

from .. import listing, rows
from ..diff import revision_diff
from ..exports import proposals_export_response
from ..filters import ProposalFilter
from ..forms import (
    AnswerForm,
    AttachmentForm,
    CommentForm,
    DecisionForm,
    ReviewersForm,
    ReviewNoteForm,
    RevisionQueryForm,
    SupportForm,
)
from ..models import Comment, Proposal, ProposalStatus, Stance, Support
from .common import ProposalObjectMixin


class ProposalListView(LoginRequiredMixin, FilterView):
    """All proposals the user may see, with filters, Dutch full-text search and sorting."""

    filterset_class = ProposalFilter
    template_name = "proposals/proposal_list.html"
    context_object_name = "proposals"

    def get_paginate_by(self, queryset):
        return settings.PROPOSALS_PER_PAGE

    def get_queryset(self):
        return Proposal.objects.visible_to(self.request.user).for_list()

    def get(self, request, *args, **kwargs):
        """Like FilterView's, not strict: an invalid filter is left out, not an empty list.
        The filter set is made only when the page is not in the cache (`paginate_queryset`)."""
        self.filterset = SimpleLazyObject(lambda: self.get_filterset(self.get_filterset_class()))
        self.object_list = None
        context = self.get_context_data(filter=self.filterset)
        return self.render_to_response(context)

    def page_queryset(self):
        """The proposals the user may see (the filter set's queryset), filtered and ordered as
        asked."""
        return self.filterset.qs

    def _from_database(self, page_size) -> tuple:
        paginated = super().paginate_queryset(self.page_queryset(), page_size)
        self.rows = rows.proposal_rows(paginated[2])
        self.filter_fields = render_to_string(
            listing.FILTERS_TEMPLATE, {"form": self.filterset.form}
        )
        return paginated

    def paginate_queryset(self, queryset, page_size):
        """The page, its rows' HTML (`self.rows`) and the filter form's fields
        (`self.filter_fields`): from the shared cache when this viewer asked for this page
        since the data last changed (`proposals.listing`), else from the database (and then
        stored). A page from the cache makes no filter set and reads no proposal; its
        `object_list` is read only if something asks for it."""
        if not listing.enabled():
            return self._from_database(page_size)
        key = listing.page_key(
            user=self.request.user,
            data=self.request.GET,
            names=[*self.filterset_class.base_filters, self.page_kwarg],
        )
        entry, version = listing.lookup(key)
        if entry is None:
            paginator, page, object_list, is_paginated = self._from_database(page_size)
            listing.store(key, version, count=paginator.count, number=page.number,
                          rows=str(self.rows), filter_fields=str(self.filter_fields))  # fmt: skip
            return paginator, page, object_list, is_paginated
        paginator = self.get_paginator(
            Proposal.objects.none(),
            page_size,
            orphans=self.get_paginate_orphans(),
            allow_empty_first_page=self.get_allow_empty(),
        )
        paginator.count = entry["count"]
        page = paginator.page(entry["number"])
        if paginator.count:
            bounds = slice(page.start_index() - 1, page.end_index())
            page.object_list = SimpleLazyObject(lambda: list(self.page_queryset()[bounds]))
        # Rendered by proposal_rows and the filter template, as on a page from the database.
        self.rows = mark_safe(entry["rows"])  # noqa: S308
        self.filter_fields = mark_safe(entry["filter_fields"])  # noqa: S308
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["export_query"] = self.request.GET.urlencode()
        context["rows"] = self.rows
        context["filter_fields"] = self.filter_fields
        return context


class ProposalExportView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """Staff download the (filtered) proposals as CSV or XLSX, with status, support and answer."""

    permission_required = "proposals.export_proposals"
    formats = ("csv", "xlsx")

    def get(self, request, fmt):
        if fmt not in self.formats:
            raise Http404
        queryset = (
            Proposal.objects.visible_to(request.user)
            .for_list()
            .with_support_counts(Stance.ABSTENTION)
        )
        filterset = ProposalFilter(request.GET, queryset=queryset, request=request)
        proposals = filterset.qs if filterset.is_valid() else queryset.none()
        return proposals_export_response(proposals.prefetch_related("themes"), fmt=fmt)


def _pact_source(proposal):
    """The proposal that carries this one into the pact: itself, or the one it was merged into
    (followed to the end). The pact app's actions hang from it (reverse relation `pact_actions`),
    so the page can say where the proposal stands in the pact without importing the pact."""
    seen, current = {proposal.pk}, proposal
    while current.merged_into_id and current.merged_into_id not in seen:
        current = current.merged_into
        seen.add(current.pk)
    # The actions with the objectives and chapter that `number` walks up to, in one query
    # (there were four). The model is the relation's, so this app imports nothing of the pact.
    actions = Proposal._meta.get_field("pact_actions").related_model
    prefetch_related_objects(
        [current],
        Prefetch(
            "pact_actions",
            queryset=actions.objects.select_related(
                "operational_objective__strategic_objective__chapter"
            ),
        ),
    )
    return current


class ProposalDetailView(
    LoginRequiredMixin, ProposalObjectMixin, PermissionRequiredMixin, TemplateView
):
    """One proposal: text, pact fields, draagvlak, discussion, history; for reviewers, review."""

    permission_required = "proposals.view_proposal"
    template_name = "proposals/proposal_detail.html"

    def get_proposal_queryset(self):
        return super().get_proposal_queryset().with_page_counts()

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
            attachments=proposal.attachments.all() if proposal.has_attachments else [],
            attachment_form=AttachmentForm(),
            revision_count=proposal.revision_count,
            merged_from=(
                proposal.merged_from.select_related("organisation")
                if proposal.has_merged_from
                else []
            ),
            is_owner=proposal.is_owned_by(user),
            pact_source=_pact_source(proposal),
        )
        if user.has_perm("proposals.view_review_notes", proposal):
            # The reviewers form and the page both list them: read once.
            prefetch_related_objects([proposal], "reviewers")
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
    #: A person has few drafts at a time; ten keep the page short.
    paginate_by = 10

    def get_queryset(self):
        user = self.request.user
        return (
            Proposal.objects.owned_by(user)
            .filter(status__in=[ProposalStatus.DRAFT, ProposalStatus.CHANGES_REQUESTED])
            .for_list()
            .order_by("-updated_at")
        )


class RevisionListView(
    LoginRequiredMixin, ProposalObjectMixin, PermissionRequiredMixin, TemplateView
):
    """Every version of the proposal since submission, and what changed in each."""

    permission_required = "proposals.view_revisions"
    template_name = "proposals/revision_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        revisions = list(self.proposal.revisions.select_related("created_by").order_by("number"))
        selected = query_values(RevisionQueryForm(self.request.GET)).get("number")
        by_number = {r.number: r for r in revisions}
        current = by_number.get(selected)
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
