"""A consultation round: partners react to a ready draft section by section; staff answer.

A round is opened on a ready `pact.Draft` (the whole pact or one chapter). The page the partners
read is built from the draft's frozen snapshot, so everyone reacts to the same numbered text.
Each reaction is given on behalf of an organisation, kept with every earlier wording, and
answered by staff; the answers are gathered in the answer note, rendered to PDF by the worker.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pact.models import Draft
from streekpact.core.models import (
    RenderedDocument,
    RenderedDocumentQuerySet,
    RenderStatus,
    TimeStampedModel,
)
from streekpact.core.text import (
    MEDIUM_TEXT,
    SHORT_TEXT,
    BoundedTextField,
    RenderedMarkdownMixin,
    html_field,
)
from streekpact.partners.models import Organisation, Role


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    FINISHED = "finished", _("Finished")


class Audience(models.TextChoices):
    """Whom a round invites (resolved into invitations when it opens; not stored)."""

    ALL = "all", _("All active partner organisations")
    ALL_EXCEPT = "except", _("All partners except the organisations chosen below")
    ONLY = "only", _("Only the organisations chosen below")


#: Tones of the one status scheme (streekpact.core.design.TONES).
ROUND_TONES = {
    RoundStatus.OPEN: "progress",
    RoundStatus.CLOSED: "info",  # the reactions are being answered
    RoundStatus.FINISHED: "closed",
}


class RoundQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff and the chair see every round; partner members the rounds their organisation
        is invited to; everybody else none (their links give 404)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.role in (Role.STAFF, Role.CHAIR):
            return self
        if user.organisation_id is None:
            return self.none()
        return self.filter(invitations__organisation_id=user.organisation_id)

    def with_draft(self):
        return self.select_related("draft", "opened_by")

    def due_to_close(self, today=None):
        today = today or timezone.localdate()
        return self.filter(status=RoundStatus.OPEN, closes_on__lt=today)


class Round(RenderedMarkdownMixin, TimeStampedModel):
    """A consultation round on one ready draft: open → closed → finished."""

    draft = models.ForeignKey(
        Draft, verbose_name=_("draft"), on_delete=models.PROTECT, related_name="consultations"
    )
    title = models.CharField(_("title"), max_length=200)
    message = BoundedTextField(
        _("message to the partners"),
        max_length=SHORT_TEXT,
        markdown=True,
        blank=True,
        help_text=_("Markdown is allowed."),
    )
    message_html = html_field()
    markdown_fields = ("message",)
    closes_on = models.DateField(
        _("closing date"), help_text=_("Reactions are possible until the end of this day.")
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RoundStatus.choices,
        default=RoundStatus.OPEN,
        db_index=True,
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    last_notice = BoundedTextField(
        _("last notice (extension or early close)"), max_length=SHORT_TEXT, blank=True
    )

    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("consultation round")
        verbose_name_plural = _("consultation rounds")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="finished") | models.Q(finished_at__isnull=False),
                name="consultation_finished_round_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultation:round_detail", kwargs={"pk": self.pk})

    @property
    def status_tone(self) -> str:
        return ROUND_TONES.get(self.status, "neutral")

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN

    @property
    def content(self) -> dict:
        return self.draft.snapshot.get("content") or {}


class Invitation(TimeStampedModel):
    """An organisation invited to react in a round, and whether it said it has reacted."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="invitations"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="consultation_invitations",
    )
    completed_at = models.DateTimeField(_("marked as complete at"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked as complete by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["organisation__short_name"]
        verbose_name = _("invited organisation")
        verbose_name_plural = _("invited organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organisation"], name="consultation_invitation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.round}"


class SectionKind(models.TextChoices):
    CHAPTER = "chapter", _("Chapter")
    OBJECTIVE = "objective", _("Strategic objective")
    OPERATIONAL = "operational", _("Operational objective")
    ACTION = "action", _("Action")


class ReactionKind(models.TextChoices):
    COMMENT = "comment", _("Comment")
    AMENDMENT = "amendment", _("Amendment")
    NEW_ACTION = "new_action", _("New action")
    POSITION = "position", _("Position")


#: The letter of each kind in a reaction's reference (A-0007: amendment 7).
KIND_LETTERS = {
    ReactionKind.COMMENT: "O",  # opmerking
    ReactionKind.AMENDMENT: "A",
    ReactionKind.NEW_ACTION: "N",
    ReactionKind.POSITION: "S",  # standpunt
}


class Stance(models.TextChoices):
    AGREE = "agree", _("We agree")
    RESERVATIONS = "reservations", _("We have reservations")


class AnswerKind(models.TextChoices):
    TAKEN_OVER = "taken_over", _("Taken over")
    PARTLY = "partly", _("Partly taken over")
    NOT_TAKEN_OVER = "not_taken_over", _("Not taken over")
    NO_CHANGE = "no_change", _("No change needed")


ANSWER_TONES = {
    AnswerKind.TAKEN_OVER: "success",
    AnswerKind.PARTLY: "attention",
    AnswerKind.NOT_TAKEN_OVER: "danger",
    AnswerKind.NO_CHANGE: "neutral",
}


class ReactionQuerySet(models.QuerySet):
    def with_people(self):
        return self.select_related("organisation", "author", "answered_by", "hidden_by")

    def unanswered(self):
        return self.filter(answer="", hidden_at__isnull=True)

    def shown(self):
        return self.filter(hidden_at__isnull=True)


class Reaction(RenderedMarkdownMixin, TimeStampedModel):
    """One reaction of an organisation on one section of the draft, and staff's answer to it."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="reactions"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="consultation_reactions",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultation_reactions",
    )
    # The section as the draft froze it: its kind, the id of the live object, its number and
    # title (kept, so the reaction still reads right when the live text moved or went away).
    section_kind = models.CharField(_("section kind"), max_length=12, choices=SectionKind.choices)
    section_id = models.PositiveIntegerField(_("section id"))
    section_number = models.CharField(_("section number"), max_length=20)
    section_title = models.CharField(_("section title"), max_length=300)

    kind = models.CharField(_("kind"), max_length=12, choices=ReactionKind.choices)
    body = BoundedTextField(
        _("text"),
        max_length=MEDIUM_TEXT,
        markdown=True,
        blank=True,
        help_text=_("Markdown is allowed."),
    )
    body_html = html_field()
    markdown_fields = ("body",)
    stance = models.CharField(_("position"), max_length=12, choices=Stance.choices, blank=True)
    # An amendment's (or new action's) proposed wording; empty fields keep the draft's.
    proposed_title = models.CharField(_("proposed wording (title)"), max_length=300, blank=True)
    proposed_description = BoundedTextField(
        _("proposed description"), max_length=MEDIUM_TEXT, blank=True
    )
    proposed_trekker = models.ForeignKey(
        Organisation,
        verbose_name=_("proposed lead partner (trekker)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    proposed_timing_start = models.DateField(_("proposed start"), null=True, blank=True)
    proposed_timing_end = models.DateField(_("proposed end"), null=True, blank=True)
    proposed_indicators = BoundedTextField(
        _("proposed indicators"), max_length=MEDIUM_TEXT, blank=True
    )
    proposed_budget = models.DecimalField(
        _("proposed budget (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hidden by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)

    answer = models.CharField(
        _("answer"), max_length=16, choices=AnswerKind.choices, blank=True, db_index=True
    )
    answer_text = BoundedTextField(_("explanation"), max_length=MEDIUM_TEXT, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    applied_at = models.DateTimeField(_("applied to the pact at"), null=True, blank=True)

    objects = ReactionQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(answer="not_taken_over") | ~models.Q(answer_text=""),
                name="consultation_refusal_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="position") | ~models.Q(stance=""),
                name="consultation_position_has_stance",
            ),
            models.CheckConstraint(
                condition=models.Q(proposed_budget__isnull=True) | models.Q(proposed_budget__gte=0),
                name="consultation_budget_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["round", "section_kind", "section_id"])]

    def __str__(self) -> str:
        return f"{self.reference} ({self.organisation})"

    @property
    def reference(self) -> str:
        return f"{KIND_LETTERS.get(self.kind, 'R')}-{self.pk or 0:04d}"

    @property
    def section_key(self) -> str:
        return f"{self.section_kind}-{self.section_id}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def answer_tone(self) -> str:
        return ANSWER_TONES.get(self.answer, "neutral")

    @property
    def chapter_number(self) -> str:
        return self.section_number.split(".", 1)[0]

    def get_absolute_url(self) -> str:
        """The reaction on the round page: its chapter's page, at its section."""
        return (
            f"{reverse('consultation:round_detail', kwargs={'pk': self.round_id})}"
            f"?hoofdstuk={self.chapter_number}#{self.section_key}"
        )


class ReactionRevision(models.Model):
    """An earlier wording of a reaction: kept every time it is edited."""

    reaction = models.ForeignKey(
        Reaction, verbose_name=_("reaction"), on_delete=models.CASCADE, related_name="revisions"
    )
    content = models.JSONField(_("content before the edit"))
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("edited by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("edited at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("earlier wording")
        verbose_name_plural = _("earlier wordings")

    def __str__(self) -> str:
        return f"{self.reaction} ({self.created_at:%Y-%m-%d %H:%M})"


#: An answer note's render status: the one render lifecycle (streekpact.core.lifecycle).
NoteStatus = RenderStatus


def note_upload_to(instance, filename: str) -> str:
    return f"consultation/notes/{filename}"


class AnswerNote(RenderedDocument):
    """The answer note (antwoordnota) of a finished round: per section, every reaction and its
    answer, frozen as JSON and rendered to PDF by the worker (queued → rendering → ready)."""

    round = models.OneToOneField(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="note"
    )
    snapshot = models.JSONField(_("frozen content"), default=dict)
    pdf = models.FileField(_("PDF"), upload_to=note_upload_to, blank=True)

    objects = RenderedDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("answer note")
        verbose_name_plural = _("answer notes")
        constraints = RenderedDocument.lifecycle_constraints("consultation", "note")

    def __str__(self) -> str:
        return f"Antwoordnota — {self.round}"

    @property
    def filename(self) -> str:
        return f"antwoordnota-ronde-{self.round_id}.pdf"
