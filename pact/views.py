"""Pages of the pact: composing it from approved proposals, and its rendered drafts."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import (
    DetailView,
    FormView,
    ListView,
    TemplateView,
    UpdateView,
    View,
)

from proposals.models import Proposal, ProposalStatus, Stance, Support, merged_sources
from sectors.models import Sector
from streekpact.core.downloads import private_file_response
from streekpact.core.errors import flash_error, form_error
from streekpact.core.forms import query_values
from streekpact.core.mixins import PermissionRequiredMixin

from . import services
from .forms import (
    ActionForm,
    ChapterForm,
    DraftRequestForm,
    OperationalObjectiveForm,
    PactForm,
    PlaceActionForm,
    StrategicObjectiveForm,
    UnplacedQueryForm,
)
from .models import (
    Action,
    Chapter,
    Draft,
    OperationalObjective,
    Pact,
    StrategicObjective,
)


def _current_pact() -> Pact:
    try:
        return Pact.objects.current()
    except Pact.DoesNotExist:
        raise Http404(_("There is no pact yet.")) from None


def _credit_sources(chapter: Chapter) -> Chapter:
    """Give each action of the chapter `merged` (every proposal merged into its source) and
    `supporters` (the organisations supporting any of them): a fixed number of queries."""
    actions = [
        action
        for so in chapter.objectives.all()
        for oo in so.operational_objectives.all()
        for action in oo.actions.all()
    ]
    merged = merged_sources(action.proposal_id for action in actions)
    sources = {action.proposal_id for action in actions}
    sources |= {p.pk for proposals in merged.values() for p in proposals}
    supporting: dict[int, set[str]] = {}
    for support in Support.objects.filter(
        proposal_id__in=sources, stance=Stance.SUPPORT
    ).select_related("organisation"):
        supporting.setdefault(support.proposal_id, set()).add(support.organisation.name)
    for action in actions:
        action.merged = merged[action.proposal_id]
        names = set().union(
            *(
                supporting.get(pk, set())
                for pk in [action.proposal_id, *(p.pk for p in action.merged)]
            )
        )
        action.supporters = sorted(names)
    return chapter


class PactDetailView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """The pact: staff and the chair see its chapters, what is still to place and the drafts;
    partners see the drafts staff shared with them."""

    template_name = "pact/pact_detail.html"
    permission_required = "pact.view_pact"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        pact = _current_pact()
        context["pact"] = pact
        if user.has_perm("pact.view_composition"):
            context["chapters"] = (
                Chapter.objects.filter(pact=pact)
                .in_pact_order()
                .annotate(
                    action_count=Count("objectives__operational_objectives__actions"),
                )
            )
            context.update(_unplaced_summary(services.unplaced_approved_proposals()))
            context["request_form"] = DraftRequestForm()
        context["drafts"] = Draft.objects.visible_to(user).with_people()[:5]
        context["drafts_not_shared"] = _drafts_not_shared(user, context["drafts"])
        return context


#: How many unplaced proposals the pact and chapter pages show; the rest are on their own page.
UNPLACED_SUMMARY = 10


def _unplaced_summary(proposals) -> dict:
    """The first unplaced proposals and how many there are (counted only when there are more),
    so the page stays the same size however many proposals are approved."""
    first = list(proposals[: UNPLACED_SUMMARY + 1])
    count = len(first) if len(first) <= UNPLACED_SUMMARY else proposals.count()
    return {"unplaced": first[:UNPLACED_SUMMARY], "unplaced_count": count}


class UnplacedListView(LoginRequiredMixin, PermissionRequiredMixin, ListView):
    """Staff and the chair page through every approved proposal not yet in the pact (of one
    sector with `?sector=<id>`); staff place them from here."""

    template_name = "pact/unplaced_list.html"
    permission_required = "pact.view_composition"
    context_object_name = "proposals"
    paginate_by = 25

    def get_queryset(self):
        query = query_values(UnplacedQueryForm(self.request.GET))
        proposals = services.unplaced_approved_proposals()
        self.sector = None
        if "sector" in query:
            self.sector = Sector.objects.filter(pk=query["sector"]).first()
            proposals = proposals.filter(sector_id=query["sector"])
        return proposals

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sector"] = self.sector
        return context


def _drafts_not_shared(user, visible) -> bool:
    """True when the user sees no draft although drafts exist (none is shared with them)."""
    return not visible and Draft.objects.exists()


class PactUpdateView(LoginRequiredMixin, PermissionRequiredMixin, UpdateView):
    """Staff write the texts around the chapters: title, period, foreword, process, vision."""

    form_class = PactForm
    template_name = "pact/pact_form.html"
    permission_required = "pact.change_pact"

    def get_object(self, queryset=None):
        return _current_pact()

    def form_valid(self, form):
        services.pact_update(pact=self.object, by=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("The pact's texts were saved."))
        return redirect("pact:detail")


class ChapterCreateView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    """Staff add a chapter of their own (introduction, monitoring and governance, ...)."""

    form_class = ChapterForm
    template_name = "pact/chapter_form.html"
    permission_required = "pact.change_pact"

    def form_valid(self, form):
        chapter = services.chapter_create(
            pact=_current_pact(), by=self.request.user, **form.cleaned_data
        )
        messages.success(self.request, _("Chapter “%(title)s” added.") % {"title": chapter})
        return redirect(chapter)


class ChapterDetailView(LoginRequiredMixin, PermissionRequiredMixin, DetailView):
    """One chapter with its objectives and actions; staff edit, reorder and add to it."""

    permission_required = "pact.view_composition"
    context_object_name = "chapter"
    template_name = "pact/chapter_detail.html"

    def get_queryset(self):
        return Chapter.objects.select_related("sector").with_outline()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        _credit_sources(self.object)
        if self.object.sector_id:
            context.update(
                _unplaced_summary(
                    services.unplaced_approved_proposals().filter(sector_id=self.object.sector_id)
                )
            )
        context["objective_form"] = StrategicObjectiveForm()
        return context


class ChapterUpdateView(LoginRequiredMixin, PermissionRequiredMixin, UpdateView):
    """Staff edit a chapter's introduction (and the title of a chapter of their own)."""

    model = Chapter
    form_class = ChapterForm
    template_name = "pact/chapter_form.html"
    permission_required = "pact.change_pact"

    def form_valid(self, form):
        fields = dict(form.cleaned_data)
        services.chapter_update(chapter=self.object, by=self.request.user, **fields)
        messages.success(self.request, _("The chapter was saved."))
        return redirect(self.object)


class StrategicObjectiveCreateView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    """Staff add a strategic objective to a chapter."""

    form_class = StrategicObjectiveForm
    template_name = "pact/objective_form.html"
    permission_required = "pact.change_pact"

    def get_chapter(self):
        return get_object_or_404(Chapter, slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(chapter=self.get_chapter(), **kwargs)

    def form_valid(self, form):
        chapter = self.get_chapter()
        services.strategic_objective_create(
            chapter=chapter, by=self.request.user, **form.cleaned_data
        )
        messages.success(self.request, _("Strategic objective added."))
        return redirect(chapter)


class OperationalObjectiveCreateView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    """Staff add an operational objective under a strategic objective."""

    form_class = OperationalObjectiveForm
    template_name = "pact/objective_form.html"
    permission_required = "pact.change_pact"

    def get_parent(self):
        return get_object_or_404(
            StrategicObjective.objects.select_related("chapter"), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        parent = self.get_parent()
        return super().get_context_data(chapter=parent.chapter, parent=parent, **kwargs)

    def form_valid(self, form):
        parent = self.get_parent()
        services.operational_objective_create(
            strategic_objective=parent, by=self.request.user, **form.cleaned_data
        )
        messages.success(self.request, _("Operational objective added."))
        return redirect(parent.chapter)


class ObjectiveUpdateView(LoginRequiredMixin, PermissionRequiredMixin, UpdateView):
    """Staff reword a strategic or operational objective."""

    template_name = "pact/objective_form.html"
    permission_required = "pact.change_pact"
    kinds = {
        "strategic": (StrategicObjective, StrategicObjectiveForm),
        "operational": (OperationalObjective, OperationalObjectiveForm),
    }

    def get_kind(self):
        if self.kwargs["kind"] not in self.kinds:
            raise Http404
        return self.kinds[self.kwargs["kind"]]

    def get_queryset(self):
        return self.get_kind()[0].objects.all()

    def get_form_class(self):
        return self.get_kind()[1]

    def _chapter(self):
        obj = self.object
        return (
            obj.chapter if isinstance(obj, StrategicObjective) else obj.strategic_objective.chapter
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(chapter=self._chapter(), **kwargs)

    def form_valid(self, form):
        services.objective_update(objective=self.object, by=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("The objective was saved."))
        return redirect(self._chapter())


class ObjectiveDeleteView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """Staff delete an empty objective (one with actions is refused, nothing is lost)."""

    permission_required = "pact.change_pact"
    http_method_names = ["post"]

    def post(self, request, kind, pk):
        model = {"strategic": StrategicObjective, "operational": OperationalObjective}.get(kind)
        if model is None:
            raise Http404
        objective = get_object_or_404(model, pk=pk)
        chapter = (
            objective.chapter
            if model is StrategicObjective
            else objective.strategic_objective.chapter
        )
        try:
            services.objective_delete(objective=objective, by=request.user)
            messages.success(request, _("The objective was deleted."))
        except ValidationError as exc:
            flash_error(request, exc)
        return redirect(chapter)


class ActionPlaceView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    """Staff place an approved proposal in the pact as an action, pre-filled from the proposal."""

    form_class = PlaceActionForm
    template_name = "pact/action_form.html"
    permission_required = "pact.place_proposal"

    def get_proposal(self):
        if not hasattr(self, "_proposal"):
            self._proposal = get_object_or_404(
                Proposal.objects.select_related("sector", "atelier", "organisation"),
                pk=self.kwargs["proposal_pk"],
            )
        return self._proposal

    def get(self, request, *args, **kwargs):
        proposal = self.get_proposal()
        if proposal.status != ProposalStatus.APPROVED:
            messages.error(request, _("Only approved proposals can be placed in the pact."))
            return redirect("pact:detail")
        return super().get(request, *args, **kwargs)

    def get_initial(self):
        proposal = self.get_proposal()
        initial = services.action_initial_from_proposal(proposal)
        chapter = Chapter.objects.filter(sector_id=proposal.sector_id).first()
        if chapter is not None:
            initial["chapter"] = chapter.pk
            first = (
                OperationalObjective.objects.filter(strategic_objective__chapter=chapter)
                .select_related("strategic_objective")
                .order_by("strategic_objective__position", "position", "pk")
                .first()
            )
            if first is not None:
                initial["objective"] = PlaceActionForm.objective_path(first)
        return initial

    def get_context_data(self, **kwargs):
        proposal = self.get_proposal()
        supports = Support.objects.filter(proposal=proposal, stance=Stance.SUPPORT).select_related(
            "organisation"
        )
        return super().get_context_data(
            proposal=proposal,
            supporters=[s.organisation for s in supports],
            placed=proposal.pact_actions.select_related(
                "operational_objective__strategic_objective__chapter"
            ),
            **kwargs,
        )

    def form_valid(self, form):
        if self.get_proposal().status != ProposalStatus.APPROVED:
            form.add_error(None, _("Only approved proposals can be placed in the pact."))
            return self.form_invalid(form)
        strategic_title, operational_title = form.cleaned_data["objective"]
        try:
            action = services.action_place(
                proposal=self.get_proposal(),
                operational_objective=form.existing_objective(),
                chapter=form.cleaned_data["chapter"],
                new_strategic_objective=strategic_title,
                new_operational_objective=operational_title,
                by=self.request.user,
                **form.service_fields(),
            )
        except ValidationError as exc:
            form_error(form, exc)
            return self.form_invalid(form)
        chapter = action.operational_objective.strategic_objective.chapter
        messages.success(
            self.request,
            _("%(ref)s was placed in “%(chapter)s” as an action.")
            % {"ref": self.get_proposal().reference, "chapter": chapter},
        )
        return redirect(chapter)


class ActionUpdateView(LoginRequiredMixin, PermissionRequiredMixin, UpdateView):
    """Staff edit an action's wording and facts; its source proposal stays linked."""

    form_class = ActionForm
    template_name = "pact/action_form.html"
    permission_required = "pact.change_pact"

    def get_queryset(self):
        return Action.objects.with_details()

    def get_context_data(self, **kwargs):
        return super().get_context_data(proposal=self.object.proposal, **kwargs)

    def form_valid(self, form):
        services.action_update(action=self.object, by=self.request.user, **form.service_fields())
        messages.success(self.request, _("The action was saved."))
        return redirect(self.object.operational_objective.strategic_objective.chapter)


class ActionRemoveView(LoginRequiredMixin, PermissionRequiredMixin, DetailView):
    """Staff take an action out of the pact (its proposal is listed as unplaced again)."""

    template_name = "pact/action_confirm_remove.html"
    permission_required = "pact.change_pact"
    context_object_name = "action"

    def get_queryset(self):
        return Action.objects.with_details()

    def post(self, request, *args, **kwargs):
        action = self.get_object()
        chapter = action.operational_objective.strategic_objective.chapter
        try:
            services.action_remove(action=action, by=request.user)
        except ValidationError as exc:
            flash_error(request, exc)
            return redirect(chapter)
        messages.success(request, _("The action was removed from the pact."))
        return redirect(chapter)


class MoveView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """Staff move an objective or action one place up or down (htmx refreshes the outline)."""

    permission_required = "pact.change_pact"
    http_method_names = ["post"]
    models = {
        "strategic": StrategicObjective,
        "operational": OperationalObjective,
        "action": Action,
    }

    def post(self, request, kind, pk, direction):
        model = self.models.get(kind)
        if model is None or direction not in ("up", "down"):
            raise Http404
        item = get_object_or_404(model, pk=pk)
        services.item_move(item=item, direction=direction, by=request.user)
        chapter = item.chapter
        if request.headers.get("HX-Request"):
            chapter = Chapter.objects.with_outline().get(pk=chapter.pk)
            _credit_sources(chapter)
            from django.template.response import TemplateResponse

            return TemplateResponse(
                request, "pact/includes/chapter_outline.html", {"chapter": chapter}
            )
        return HttpResponseRedirect(chapter.get_absolute_url())


# --- Drafts ---------------------------------------------------------------------------------


class DraftListView(LoginRequiredMixin, PermissionRequiredMixin, ListView):
    """Every draft with version, scope, who asked, when, status and size (partners: shared)."""

    template_name = "pact/draft_list.html"
    permission_required = "pact.view_pact"
    context_object_name = "drafts"
    paginate_by = 50

    def get_queryset(self):
        return Draft.objects.visible_to(self.request.user).with_people()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.user.has_perm("pact.request_draft"):
            context["request_form"] = DraftRequestForm()
        context["drafts_not_shared"] = _drafts_not_shared(self.request.user, context["drafts"])
        return context


class DraftRequestView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    """Staff and the chair ask for a draft of the whole pact or of one chapter."""

    form_class = DraftRequestForm
    template_name = "pact/draft_request.html"
    permission_required = "pact.request_draft"

    def form_valid(self, form):
        draft, created = services.draft_request(
            user=self.request.user, chapter=form.cleaned_data["chapter"]
        )
        if created:
            messages.success(
                self.request,
                _("Draft version %(version)s was requested.") % {"version": draft.version},
            )
        else:
            messages.info(
                self.request,
                _("Draft version %(version)s has this same content; no second one was started.")
                % {"version": draft.version},
            )
        return redirect(draft)


class DraftVisibleMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """A draft the user may see (others are 404: partners don't learn unshared drafts exist)."""

    context_object_name = "draft"

    def get_queryset(self):
        return Draft.objects.visible_to(self.request.user).with_people()


class DraftDetailView(DraftVisibleMixin, DetailView):
    """One draft: its status (live), download, and what changed since the previous draft."""

    template_name = "pact/draft_detail.html"
    permission_required = "pact.view_draft"


class DraftStatusView(DraftVisibleMixin, DetailView):
    """The draft's status as a fragment, polled by the draft page until it is ready or failed."""

    template_name = "pact/includes/draft_status.html"
    permission_required = "pact.view_draft"


class DraftDownloadView(DraftVisibleMixin, DetailView):
    """Download a ready draft's PDF (never from a public media URL)."""

    permission_required = "pact.download_draft"

    def get(self, request, *args, **kwargs):
        draft = self.get_object()
        if draft.status != "ready" or not draft.pdf:
            raise Http404(_("This draft has no PDF (yet)."))
        return private_file_response(
            draft.pdf, filename=draft.filename, content_type="application/pdf"
        )


class DraftShareView(DraftVisibleMixin, DetailView):
    """Staff share a ready draft with the partners, or take the sharing back."""

    permission_required = "pact.share_draft"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        draft = self.get_object()
        shared = request.POST.get("shared") == "1"
        try:
            services.draft_share(draft=draft, shared=shared, by=request.user)
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            messages.success(
                request,
                _("The draft is now shared with the partners.")
                if shared
                else _("The draft is no longer shared with the partners."),
            )
        return redirect(draft)
