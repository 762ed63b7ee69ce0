"""Pages of consultation rounds: the draft as a page to react on, answering, the overview."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import FormView, ListView, TemplateView, View

from streekpact.core.downloads import private_file_response
from streekpact.core.errors import flash_error, flash_form_errors, form_error
from streekpact.core.exports import xlsx_response
from streekpact.core.forms import query_values
from streekpact.core.mixins import OneTimePostMixin, PermissionRequiredMixin

from . import services
from .forms import (
    AnswerForm,
    ChapterQueryForm,
    CloseForm,
    ExtendForm,
    HideForm,
    ReactionForm,
    RoundForm,
)
from .models import AnswerNote, Invitation, NoteStatus, Reaction, Round, SectionKind, Stance
from .sections import find_section, iter_sections
from .wording import amendment_changes


class RoundMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """The round of the URL, among those the user may see (others: 404)."""

    permission_required = "consultation.view_round"

    @cached_property
    def round(self) -> Round:
        return get_object_or_404(
            Round.objects.visible_to(self.request.user).with_draft().distinct(),
            pk=self.kwargs["pk"],
        )

    def get_permission_object(self):
        return self.round

    def get_context_data(self, **kwargs):
        return super().get_context_data(round=self.round, **kwargs)


class RoundListView(LoginRequiredMixin, PermissionRequiredMixin, ListView):
    """The consultation rounds the user may see; staff open a new one here."""

    permission_required = "consultation.view_rounds"
    template_name = "consultation/round_list.html"
    context_object_name = "rounds"
    paginate_by = 20

    def get_queryset(self):
        return Round.objects.visible_to(self.request.user).with_draft().distinct()


class RoundCreateView(LoginRequiredMixin, PermissionRequiredMixin, OneTimePostMixin, FormView):
    """Staff open a round on a ready draft: every active partner invited, all but some, or only
    some (`services.round_audience`)."""

    permission_required = "consultation.open_round"
    template_name = "consultation/round_form.html"
    form_class = RoundForm

    def get_initial(self):
        initial = super().get_initial()
        draft = self.request.GET.get("draft", "")
        if draft.isdigit() and len(draft) < 10:
            initial["draft"] = int(draft)
        return initial

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            consultation = services.round_open(
                draft=data["draft"],
                title=data["title"],
                closes_on=data["closes_on"],
                audience=data["audience"],
                organisations=data["organisations"],
                message=data["message"],
                by=self.request.user,
            )
        except ValidationError as exc:
            form_error(form, exc)
            return self.form_invalid(form)
        invited = consultation.invitations.count()
        messages.success(
            self.request,
            ngettext(
                "The round is open; %(n)s organisation is invited, its members get a mail.",
                "The round is open; %(n)s organisations are invited, their members get a mail.",
                invited,
            )
            % {"n": invited},
        )
        return redirect(consultation)


class RoundDetailView(RoundMixin, TemplateView):
    """The draft as a page: every chapter, objective and action a section, with the reactions
    of the invited organisations. Partners react and mark their reaction complete here."""

    template_name = "consultation/round_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        chapters = self.round.content.get("chapters") or []
        wanted = query_values(ChapterQueryForm(self.request.GET)).get("hoofdstuk", 1)
        chapter = next((c for c in chapters if c["number"] == wanted), None)
        if chapter is None and chapters:
            chapter = chapters[0]
        # One chapter per page: the page stays bounded however large the pact is.
        sections = list(iter_sections({"chapters": [chapter] if chapter else []}))
        number = str(chapter["number"]) if chapter else ""
        reactions = list(
            self.round.reactions.with_people()
            .select_related("proposed_trekker")
            .filter(Q(section_number=number) | Q(section_number__startswith=f"{number}."))
            .order_by("pk")
        )
        by_key = {s.key: s for s in sections}
        for reaction in reactions:
            section = by_key.get(reaction.section_key)
            reaction.changes = amendment_changes(reaction, section.data if section else {})
            if section is not None:
                section.reactions.append(reaction)
        invitation = None
        if user.organisation_id:
            invitation = Invitation.objects.filter(
                round=self.round, organisation_id=user.organisation_id
            ).first()
        context.update(
            chapters=chapters,
            chapter=chapter,
            sections=sections,
            unanswered=self.round.reactions.unanswered().count(),
            invitation=invitation,
            note=AnswerNote.objects.filter(round=self.round).first(),
        )
        return context


def _closed_notice(request, consultation: Round):
    """Opening a reaction form of a closed round: say so on the round's page."""
    if consultation.is_open:
        return None
    messages.error(request, _("This round is closed: reactions can no longer be given."))
    return redirect(consultation)


class ReactionFormMixin(RoundMixin):
    template_name = "consultation/reaction_form.html"
    form_class = ReactionForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(section_kind=self.section_kind, section=self.section)
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            section=self.section, section_kind=self.section_kind, **kwargs
        )


class ReactionCreateView(ReactionFormMixin, OneTimePostMixin, FormView):
    """A partner member reacts on one section on behalf of their organisation."""

    permission_required = "consultation.write_reaction"

    def dispatch(self, request, *args, **kwargs):
        self.section_kind = kwargs["kind"]
        if self.section_kind not in SectionKind.values:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return _closed_notice(request, self.round) or super().get(request, *args, **kwargs)

    @cached_property
    def section(self) -> dict:
        found = find_section(self.round.content, self.section_kind, self.kwargs["section"])
        if found is None:
            raise Http404(_("This section is not part of the draft of this round."))
        return found

    def form_valid(self, form):
        try:
            reaction = services.reaction_create(
                round=self.round,
                organisation=self.request.user.organisation,
                kind=form.cleaned_data["kind"],
                section_kind=self.section_kind,
                section_id=int(self.kwargs["section"]),
                by=self.request.user,
                **form.service_fields(),
            )
        except ValidationError as exc:
            # Closed meanwhile, or a rule of the kind: the typed text stays in the form.
            form_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Your reaction was saved."))
        return redirect(reaction.get_absolute_url())


class ReactionUpdateView(ReactionFormMixin, FormView):
    """Change your organisation's reaction until the round closes (earlier wordings kept)."""

    permission_required = "consultation.rewrite_reaction"

    def get(self, request, *args, **kwargs):
        return _closed_notice(request, self.round) or super().get(request, *args, **kwargs)

    @cached_property
    def reaction(self) -> Reaction:
        return get_object_or_404(
            Reaction.objects.select_related("round__draft"),
            pk=self.kwargs["reaction"],
            round=self.round,
        )

    def get_permission_object(self):
        return self.reaction

    @property
    def section_kind(self):
        return self.reaction.section_kind

    @cached_property
    def section(self) -> dict:
        return find_section(
            self.round.content, self.reaction.section_kind, self.reaction.section_id
        ) or {"number": self.reaction.section_number, "title": self.reaction.section_title}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.reaction}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            reaction=self.reaction, revisions=self.reaction.revisions.all()[:20], **kwargs
        )

    def form_valid(self, form):
        try:
            # The form changed the instance in memory; the service reads the stored one again.
            services.reaction_update(
                reaction=self.reaction, by=self.request.user, **form.service_fields()
            )
        except ValidationError as exc:
            form_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Your reaction was changed."))
        return redirect(self.reaction.get_absolute_url())


class ReactionActionMixin(RoundMixin):
    @cached_property
    def reaction(self) -> Reaction:
        return get_object_or_404(Reaction, pk=self.kwargs["reaction"], round=self.round)

    def get_permission_object(self):
        return self.reaction


class ReactionHideView(ReactionActionMixin, View):
    """Staff hide a reaction; a trace stays visible in its place."""

    permission_required = "consultation.hide_reaction"

    def post(self, request, *args, **kwargs):
        form = HideForm(request.POST)
        if not form.is_valid():
            flash_form_errors(request, form)
        else:
            services.reaction_hide(
                reaction=self.reaction, reason=form.cleaned_data["reason"], by=request.user
            )
            messages.success(request, _("The reaction is hidden."))
        return redirect(self.reaction.get_absolute_url())


class ReactionAnswerView(ReactionActionMixin, FormView):
    """Staff answer a reaction; an accepted amendment is applied to the pact from here."""

    permission_required = "consultation.answer_reaction"
    template_name = "consultation/reaction_answer.html"
    form_class = AnswerForm

    def get_initial(self):
        return {"answer": self.reaction.answer, "answer_text": self.reaction.answer_text}

    def get_context_data(self, **kwargs):
        section = find_section(
            self.round.content, self.reaction.section_kind, self.reaction.section_id
        )
        self.reaction.changes = amendment_changes(self.reaction, section or {})
        return super().get_context_data(reaction=self.reaction, **kwargs)

    def form_valid(self, form):
        try:
            services.reaction_answer(
                reaction=self.reaction,
                answer=form.cleaned_data["answer"],
                answer_text=form.cleaned_data["answer_text"],
                by=self.request.user,
            )
        except ValidationError as exc:
            form_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The answer was saved."))
        return redirect("consultation:reaction_answer", pk=self.round.pk, reaction=self.reaction.pk)


class AmendmentApplyView(ReactionActionMixin, View):
    """Staff apply an accepted amendment to the pact's live action (through the pact)."""

    permission_required = "consultation.answer_reaction"

    def post(self, request, *args, **kwargs):
        try:
            action = services.amendment_apply(reaction=self.reaction, by=request.user)
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            messages.success(
                request,
                _("The amendment was applied to action %(title)s.") % {"title": action.title},
            )
        return redirect("consultation:reaction_answer", pk=self.round.pk, reaction=self.reaction.pk)


class InvitationCompleteView(RoundMixin, View):
    """A partner marks their organisation's reaction complete ("wij hebben gereageerd")."""

    permission_required = "consultation.write_reaction"

    def post(self, request, *args, **kwargs):
        try:
            services.invitation_complete(
                round=self.round, organisation=request.user.organisation, by=request.user
            )
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, _("Marked: your organisation has reacted."))
        return redirect(self.round)


class RoundManageView(RoundMixin, TemplateView):
    """Staff extend the round, close it early (with a message) or finish it."""

    permission_required = "consultation.manage_round"
    template_name = "consultation/round_manage.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("extend_form", ExtendForm(prefix="extend"))
        kwargs.setdefault("close_form", CloseForm(prefix="close"))
        kwargs["unanswered"] = self.round.reactions.unanswered().count()
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        if "extend" in request.POST:
            form = ExtendForm(request.POST, prefix="extend")
            if form.is_valid():
                try:
                    services.round_extend(round=self.round, by=request.user, **form.cleaned_data)
                except ValidationError as exc:
                    form_error(form, exc)
                else:
                    messages.success(request, _("The round was extended."))
                    return redirect(self.round)
            return self.render_to_response(self.get_context_data(extend_form=form))
        if "close" in request.POST:
            form = CloseForm(request.POST, prefix="close")
            if form.is_valid():
                services.round_close(round=self.round, by=request.user, **form.cleaned_data)
                messages.success(request, _("The round is closed."))
                return redirect(self.round)
            return self.render_to_response(self.get_context_data(close_form=form))
        if "finish" in request.POST:
            try:
                services.round_finish(round=self.round, by=request.user)
            except ValidationError as exc:
                flash_error(request, exc)
                return redirect("consultation:round_manage", pk=self.round.pk)
            messages.success(request, _("The round is finished; the answer note is being made."))
            return redirect(self.round)
        return redirect("consultation:round_manage", pk=self.round.pk)


def overview_rows(consultation: Round) -> tuple[list, list]:
    """Per section: reactions, positions (agree / reservations) and answers still due; and per
    invited organisation: how many reactions, and whether it marked itself complete."""
    reactions = list(consultation.reactions.select_related("organisation"))
    per_section: dict[str, Counter] = {}
    per_org: Counter = Counter()
    for r in reactions:
        counts = per_section.setdefault(r.section_key, Counter())
        counts["reactions"] += 1
        per_org[r.organisation_id] += 1
        if r.stance == Stance.AGREE:
            counts["agree"] += 1
        if r.stance == Stance.RESERVATIONS:
            counts["reservations"] += 1
        if not r.answer and not r.is_hidden:
            counts["open"] += 1
    sections = [
        (s, per_section[s.key]) for s in iter_sections(consultation.content) if s.key in per_section
    ]
    organisations = [
        (i, per_org.get(i.organisation_id, 0))
        for i in consultation.invitations.select_related("organisation")
    ]
    return sections, organisations


class RoundOverviewView(RoundMixin, TemplateView):
    """Staff and the chair: who reacted, reactions and positions per section, what is left."""

    permission_required = "consultation.view_overview"
    template_name = "consultation/round_overview.html"

    def get_context_data(self, **kwargs):
        sections, organisations = overview_rows(self.round)
        return super().get_context_data(
            section_rows=sections, organisation_rows=organisations, **kwargs
        )


class RoundExportView(RoundMixin, View):
    """The reactions of the round and their answers as a spreadsheet (XLSX)."""

    permission_required = "consultation.view_overview"

    def get(self, request, *args, **kwargs):
        reactions = self.round.reactions.with_people().order_by("pk")
        rows = (
            (
                r.reference,
                r.section_number,
                r.section_title,
                r.organisation.name,
                r.get_kind_display(),
                r.get_stance_display() if r.stance else "",
                "" if r.is_hidden else r.body,
                r.get_answer_display() if r.answer else "",
                r.answer_text,
                _("yes") if r.applied_at else "",
                _("hidden: %(reason)s") % {"reason": r.hidden_reason} if r.is_hidden else "",
            )
            for r in reactions
        )
        return xlsx_response(
            filename=f"consultatie-{self.round.pk}",
            header=(
                _("Reference"),
                _("Section"),
                _("Title"),
                _("Organisation"),
                _("Kind"),
                _("Position"),
                _("Text"),
                _("Answer"),
                _("Explanation"),
                _("Applied"),
                _("Note"),
            ),
            rows=rows,
            sheet_title=_("Reactions"),
        )


class NoteStatusView(RoundMixin, TemplateView):
    """The answer note's status as a fragment, polled by the round page until it is done."""

    template_name = "consultation/includes/note_status.html"

    def get_context_data(self, **kwargs):
        note = AnswerNote.objects.filter(round=self.round).first()
        return super().get_context_data(note=note, **kwargs)


class NoteDownloadView(RoundMixin, View):
    """The answer note's PDF, for whoever may see the finished round."""

    permission_required = "consultation.download_note"

    def get(self, request, *args, **kwargs):
        note = get_object_or_404(AnswerNote, round=self.round, status=NoteStatus.READY)
        return private_file_response(
            note.pdf, filename=note.filename, content_type="application/pdf"
        )
