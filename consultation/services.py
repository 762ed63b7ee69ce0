"""Writes of consultation rounds: opening, reacting, answering, finishing, the answer note.

Every function is keyword-only and atomic and records what it did (`audit_record`). Mails and
the answer note's render go through the outbox in the same transaction, so none is lost to a
broker outage. Changes to the pact's text go through `pact.services` (wording history and
provenance stay with the pact).
"""

import functools
import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pact import services as pact_services
from pact.models import Action, DraftStatus
from pact.snapshot import DOCUMENT_LANGUAGE
from streekpact.core import outbox
from streekpact.core.lifecycle import RenderLifecycle
from streekpact.core.mail import send_templated_mail
from streekpact.core.models import OutboxKind
from streekpact.partners.audit import audit_record
from streekpact.partners.models import AuditVerb, Organisation, Role, User

from .models import (
    AnswerKind,
    AnswerNote,
    Audience,
    Invitation,
    Reaction,
    ReactionKind,
    ReactionRevision,
    Round,
    RoundStatus,
    SectionKind,
    Stance,
)
from .sections import find_section

logger = logging.getLogger(__name__)

#: Days before the closing date the reminder goes out.
REMINDER_DAYS = 2

#: The fields of a reaction a partner writes (kept in each revision).
REACTION_FIELDS = (
    "body",
    "stance",
    "proposed_title",
    "proposed_description",
    "proposed_trekker",
    "proposed_timing_start",
    "proposed_timing_end",
    "proposed_indicators",
    "proposed_budget",
)

#: An amendment's proposed field -> the action's field it replaces.
AMENDED_FIELDS = {
    "proposed_title": "title",
    "proposed_description": "description",
    "proposed_trekker": "trekker",
    "proposed_timing_start": "timing_start",
    "proposed_timing_end": "timing_end",
    "proposed_indicators": "indicators",
    "proposed_budget": "budget",
}


def _mail(task: str, *args) -> None:
    outbox.enqueue(f"consultation.tasks.{task}", *args, kind=OutboxKind.MAIL)


# --- The round ------------------------------------------------------------------------------


def round_audience_check(*, audience: str, organisations=()) -> None:
    """Refuse an audience that invites no one or that does not say what the choice is for
    (a ValidationError on `organisations`); a form shows it beside the picker."""
    chosen = [o.pk for o in organisations]
    if audience == Audience.ALL:
        if chosen:
            raise ValidationError(
                {
                    "organisations": _(
                        "You chose organisations, but every partner is invited: choose "
                        "“all partners except…” or “only…”, or remove them."
                    )
                }
            )
    elif audience == Audience.ALL_EXCEPT:
        if not chosen:
            raise ValidationError(
                {"organisations": _("Choose the organisations to leave out, or invite all.")}
            )
        if not Organisation.objects.active().exclude(pk__in=chosen).exists():
            raise ValidationError(
                {"organisations": _("Invite at least one organisation: you left out every one.")}
            )
    elif audience == Audience.ONLY:
        if not chosen:
            raise ValidationError(
                {"organisations": _("Choose the organisations to invite, or invite all.")}
            )
        if any(not o.is_active for o in organisations):
            raise ValidationError({"organisations": _("Only active organisations can be invited.")})
    else:
        raise ValidationError(_("Choose whom the round invites."))


def round_audience(*, audience: str, organisations=()) -> list[Organisation]:
    """The organisations a round invites: every active partner, every active partner but those
    chosen, or only those chosen (`round_audience_check` first)."""
    organisations = list(organisations)
    round_audience_check(audience=audience, organisations=organisations)
    if audience == Audience.ONLY:
        return organisations
    everyone = Organisation.objects.active()
    if audience == Audience.ALL_EXCEPT:
        everyone = everyone.exclude(pk__in=[o.pk for o in organisations])
    return list(everyone)


@transaction.atomic
def round_open(
    *,
    draft,
    title: str,
    closes_on,
    audience: str = Audience.ALL,
    organisations=(),
    message: str = "",
    by: User | None = None,
) -> Round:
    """Open a round on a ready draft and invite its audience (`round_audience`: by default
    every active partner); the invited organisations' members get a mail."""
    if draft.status != DraftStatus.READY:
        raise ValidationError(_("A round can only be opened on a ready draft."))
    if closes_on < timezone.localdate():
        raise ValidationError(_("The closing date lies in the past."))
    invited = round_audience(audience=audience, organisations=organisations)
    if not invited:
        raise ValidationError(_("Invite at least one organisation."))
    consultation = Round(
        draft=draft, title=title, closes_on=closes_on, message=message, opened_by=by
    )
    consultation.full_clean()
    consultation.save()
    Invitation.objects.bulk_create(
        Invitation(round=consultation, organisation=org) for org in invited
    )
    audit_record(
        by=by,
        verb=AuditVerb.CREATE,
        target=consultation,
        changes={
            "draft": draft.version,
            "closes_on": closes_on.isoformat(),
            "audience": str(audience),
            "chosen": sorted(str(o) for o in organisations),
            "organisations": sorted(str(o) for o in invited),
        },
        action="round_open",
    )
    _mail("send_round_opened_mail", consultation.pk)
    return consultation


def _locked(consultation: Round) -> Round:
    return Round.objects.select_for_update().get(pk=consultation.pk)


@transaction.atomic
def round_extend(*, round: Round, closes_on, notice: str = "", by: User | None = None) -> Round:  # noqa: A002
    """Move the closing date later; a closed (not finished) round opens again. The invited
    organisations get the notice."""
    consultation = _locked(round)
    if consultation.status == RoundStatus.FINISHED:
        raise ValidationError(_("A finished round cannot be extended."))
    if closes_on < timezone.localdate():
        raise ValidationError(_("The closing date lies in the past."))
    if consultation.status == RoundStatus.OPEN and closes_on <= consultation.closes_on:
        raise ValidationError(_("An extension must move the closing date later."))
    before = (consultation.status, consultation.closes_on.isoformat())
    consultation.closes_on = closes_on
    consultation.status = RoundStatus.OPEN
    consultation.closed_at = None
    consultation.last_notice = notice
    if closes_on - timedelta(days=REMINDER_DAYS) > timezone.localdate():
        consultation.reminded_at = None  # a new closing date earns a new reminder
    consultation.save()
    audit_record(
        by=by,
        verb=AuditVerb.UPDATE,
        target=consultation,
        changes={
            "status": (before[0], consultation.status),
            "closes_on": (before[1], closes_on.isoformat()),
            "notice": notice,
        },
        action="round_extend",
    )
    _mail("send_round_notice_mail", consultation.pk)
    return consultation


@transaction.atomic
def round_close(*, round: Round, notice: str = "", by: User | None = None) -> Round:  # noqa: A002
    """Close an open round (staff early, with a notice; or beat after the closing date)."""
    consultation = _locked(round)
    if consultation.status != RoundStatus.OPEN:
        return consultation
    consultation.status = RoundStatus.CLOSED
    consultation.closed_at = timezone.now()
    if notice:
        consultation.last_notice = notice
    consultation.save()
    audit_record(
        by=by,
        verb=AuditVerb.STATUS,
        target=consultation,
        changes={"status": (RoundStatus.OPEN, RoundStatus.CLOSED), "notice": notice},
        action="round_close",
    )
    if notice:
        _mail("send_round_notice_mail", consultation.pk)
    return consultation


def rounds_close_due() -> list[Round]:
    """Close every open round whose closing date has passed (beat)."""
    return [round_close(round=r) for r in Round.objects.due_to_close()]


def rounds_remind() -> int:
    """Send, once per round, the reminder two days before the close (beat)."""
    today = timezone.localdate()
    due = Round.objects.filter(
        status=RoundStatus.OPEN,
        reminded_at__isnull=True,
        closes_on__lte=today + timedelta(days=REMINDER_DAYS),
        closes_on__gte=today,
    )
    count = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            consultation = Round.objects.select_for_update().filter(pk=pk).first()
            if consultation is None or consultation.reminded_at is not None:
                continue
            consultation.reminded_at = timezone.now()
            consultation.save(update_fields=["reminded_at", "updated_at"])
            audit_record(
                by=None,
                verb=AuditVerb.SEND,
                target=consultation,
                changes={"reminder": consultation.closes_on.isoformat()},
                action="rounds_remind",
            )
            _mail("send_round_reminder_mail", pk)
            count += 1
    return count


def silent_organisations(consultation: Round):
    """Invited organisations that neither reacted nor marked their reaction complete."""
    return Organisation.objects.filter(
        consultation_invitations__round=consultation,
        consultation_invitations__completed_at__isnull=True,
    ).exclude(consultation_reactions__round=consultation)


# --- Reactions ------------------------------------------------------------------------------


def _open_for_reactions(consultation: Round) -> Round:
    consultation = _locked(consultation)
    if consultation.status != RoundStatus.OPEN or consultation.closes_on < timezone.localdate():
        raise ValidationError(
            _("This round closed on %(date)s: reactions can no longer be given or changed.")
            % {"date": date_format(consultation.closes_on, "SHORT_DATE_FORMAT")}
        )
    return consultation


def _check_reaction(reaction: Reaction) -> None:
    """The rules of each kind of reaction, with a message a person understands."""
    kind = reaction.kind
    if kind == ReactionKind.COMMENT and not reaction.body.strip():
        raise ValidationError({"body": _("Write your comment.")})
    if kind == ReactionKind.POSITION:
        if not reaction.stance:
            raise ValidationError({"stance": _("Choose your organisation's position.")})
        if reaction.stance == Stance.RESERVATIONS and not reaction.body.strip():
            raise ValidationError({"body": _("Give the reason for your reservations.")})
    if kind != ReactionKind.POSITION:
        reaction.stance = ""
    if kind == ReactionKind.AMENDMENT:
        if reaction.section_kind != SectionKind.ACTION:
            raise ValidationError(_("Amendments are proposed on an action."))
        if not any(getattr(reaction, name) not in ("", None) for name in AMENDED_FIELDS):
            raise ValidationError(_("Propose a new wording for at least one field."))
    if kind == ReactionKind.NEW_ACTION:
        if reaction.section_kind not in (SectionKind.OBJECTIVE, SectionKind.OPERATIONAL):
            raise ValidationError(_("A new action is proposed under an objective."))
        if not reaction.proposed_title.strip():
            raise ValidationError({"proposed_title": _("Give the new action a title.")})
    if kind not in (ReactionKind.AMENDMENT, ReactionKind.NEW_ACTION):
        for name in AMENDED_FIELDS:
            setattr(reaction, name, None if name in _NULLABLE else "")
    start, end = reaction.proposed_timing_start, reaction.proposed_timing_end
    if start and end and end < start:
        raise ValidationError({"proposed_timing_end": _("The end lies before the start.")})


_NULLABLE = {
    "proposed_trekker",
    "proposed_timing_start",
    "proposed_timing_end",
    "proposed_budget",
}


@transaction.atomic
def reaction_create(
    *,
    round: Round,  # noqa: A002
    organisation: Organisation,
    kind: str,
    section_kind: str,
    section_id: int,
    by: User | None = None,
    **fields,
) -> Reaction:
    """A reaction of `organisation` on one section of the round's draft."""
    consultation = _open_for_reactions(round)
    if not consultation.invitations.filter(organisation=organisation).exists():
        raise ValidationError(_("Your organisation is not invited to this round."))
    section = find_section(consultation.content, section_kind, section_id)
    if section is None:
        raise ValidationError(_("This section is not part of the draft of this round."))
    reaction = Reaction(
        round=consultation,
        organisation=organisation,
        author=by,
        kind=kind,
        section_kind=section_kind,
        section_id=section_id,
        section_number=str(section["number"]),
        section_title=section["title"][:300],
        **{name: value for name, value in fields.items() if name in REACTION_FIELDS},
    )
    _check_reaction(reaction)
    reaction.full_clean()
    reaction.save()
    audit_record(
        by=by,
        verb=AuditVerb.CREATE,
        target=reaction,
        organisation=organisation,
        changes={"kind": kind, "section": reaction.section_number, "round": consultation.pk},
        action="reaction_create",
    )
    return reaction


def _content_of(reaction: Reaction) -> dict:
    content = {}
    for name in REACTION_FIELDS:
        value = getattr(reaction, f"{name}_id" if name == "proposed_trekker" else name)
        content[name] = value if isinstance(value, (str, int, type(None))) else str(value)
    return content


@transaction.atomic
def reaction_update(*, reaction: Reaction, by: User | None = None, **fields) -> Reaction:
    """Change a reaction while the round is open; the earlier wording is kept."""
    _open_for_reactions(reaction.round)
    reaction = Reaction.objects.select_for_update().get(pk=reaction.pk)
    if reaction.is_hidden:
        raise ValidationError(_("A hidden reaction cannot be changed."))
    before = _content_of(reaction)
    for name, value in fields.items():
        if name in REACTION_FIELDS:
            setattr(reaction, name, value)
    _check_reaction(reaction)
    reaction.full_clean()
    after = _content_of(reaction)
    if after == before:
        return reaction
    reaction.save()
    ReactionRevision.objects.create(reaction=reaction, content=before, edited_by=by)
    audit_record(
        by=by,
        verb=AuditVerb.UPDATE,
        target=reaction,
        organisation=reaction.organisation,
        changes={k: (before[k], after[k]) for k in after if after[k] != before[k]},
        action="reaction_update",
    )
    return reaction


@transaction.atomic
def reaction_hide(*, reaction: Reaction, reason: str, by: User | None = None) -> Reaction:
    """Staff hide a reaction (abuse, a mistake): it stays, with a visible trace."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the reaction is hidden.")})
    reaction = Reaction.objects.select_for_update().get(pk=reaction.pk)
    if reaction.is_hidden:
        return reaction
    reaction.hidden_at = timezone.now()
    reaction.hidden_by = by
    reaction.hidden_reason = reason[:300]
    reaction.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "updated_at"])
    audit_record(
        by=by,
        verb=AuditVerb.REVOKE,
        target=reaction,
        organisation=reaction.organisation,
        changes={"hidden": reason[:300]},
        action="reaction_hide",
    )
    return reaction


@transaction.atomic
def invitation_complete(
    *,
    round: Round,  # noqa: A002
    organisation: Organisation,
    by: User | None = None,
) -> Invitation:
    """An organisation says it has reacted ("wij hebben gereageerd")."""
    _open_for_reactions(round)
    invitation = Invitation.objects.select_for_update().get(round=round, organisation=organisation)
    if invitation.completed_at is None:
        invitation.completed_at = timezone.now()
        invitation.completed_by = by
        invitation.save(update_fields=["completed_at", "completed_by", "updated_at"])
        audit_record(
            by=by,
            verb=AuditVerb.UPDATE,
            target=invitation,
            organisation=organisation,
            changes={"completed": True},
            action="invitation_complete",
        )
    return invitation


# --- Answering ------------------------------------------------------------------------------


@transaction.atomic
def reaction_answer(
    *, reaction: Reaction, answer: str, answer_text: str = "", by: User | None = None
) -> Reaction:
    """Staff answer a reaction: taken over, partly, not taken over (with a reason), no change."""
    reaction = Reaction.objects.select_for_update().select_related("round").get(pk=reaction.pk)
    if reaction.round.status == RoundStatus.FINISHED:
        raise ValidationError(_("The round is finished: its answers are final."))
    if answer not in AnswerKind.values:
        raise ValidationError({"answer": _("Choose an answer.")})
    if answer == AnswerKind.NOT_TAKEN_OVER and not answer_text.strip():
        raise ValidationError(
            {"answer_text": _("Say why the reaction is not taken over: a reason is required.")}
        )
    before = (reaction.answer, reaction.answer_text)
    reaction.answer = answer
    reaction.answer_text = answer_text
    reaction.answered_by = by
    reaction.answered_at = timezone.now()
    reaction.full_clean()
    reaction.save()
    audit_record(
        by=by,
        verb=AuditVerb.UPDATE,
        target=reaction,
        organisation=reaction.organisation,
        changes={"answer": (before[0], answer), "answer_text": (before[1], answer_text)},
        action="reaction_answer",
    )
    return reaction


@transaction.atomic
def amendment_apply(*, reaction: Reaction, by: User | None = None) -> Action:
    """Apply an accepted amendment to the pact's live action, through the pact's own service
    (so the action's wording history and its source proposal stay as they are)."""
    reaction = Reaction.objects.select_for_update().select_related("round").get(pk=reaction.pk)
    if reaction.kind != ReactionKind.AMENDMENT:
        raise ValidationError(_("Only an amendment can be applied to the pact."))
    if reaction.answer not in (AnswerKind.TAKEN_OVER, AnswerKind.PARTLY):
        raise ValidationError(_("Answer the amendment as taken over before applying it."))
    if reaction.applied_at is not None:
        raise ValidationError(_("This amendment was already applied."))
    if reaction.round.status == RoundStatus.FINISHED:
        raise ValidationError(_("The round is finished: its answers are final."))
    action = Action.objects.filter(pk=reaction.section_id).first()
    if action is None:
        raise ValidationError(
            _("The action %(number)s no longer exists in the pact: apply the change by hand.")
            % {"number": reaction.section_number}
        )
    fields = {
        field: getattr(reaction, name)
        for name, field in AMENDED_FIELDS.items()
        if getattr(reaction, name) not in ("", None)
    }
    action = pact_services.action_update(action=action, by=by, **fields)
    reaction.applied_at = timezone.now()
    reaction.save(update_fields=["applied_at", "updated_at"])
    audit_record(
        by=by,
        verb=AuditVerb.UPDATE,
        target=reaction,
        organisation=reaction.organisation,
        changes={"applied_to": f"{reaction.section_number} {action.title}"},
        action="amendment_apply",
    )
    return action


def amendments_applied_to(action_ids, since) -> dict[int, list[str]]:
    """For pact.provenance: the amendments applied to these actions since `since` (a draft's
    change list names them: "gewijzigd na amendement van Voka, A-0007")."""
    applied = Reaction.objects.filter(
        kind=ReactionKind.AMENDMENT, applied_at__isnull=False, section_id__in=list(action_ids)
    ).select_related("organisation")
    if since is not None:
        applied = applied.filter(applied_at__gte=since)
    labels: dict[int, list[str]] = {}
    for reaction in applied.order_by("applied_at", "pk"):
        labels.setdefault(reaction.section_id, []).append(
            f"gewijzigd na amendement van {reaction.organisation.short_name}, {reaction.reference}"
        )
    return labels


def unanswered_message(count: int) -> str:
    return ngettext(
        "%(count)s reaction is still unanswered.",
        "%(count)s reactions are still unanswered.",
        count,
    ) % {"count": count}


@transaction.atomic
def round_finish(*, round: Round, by: User | None = None) -> AnswerNote:  # noqa: A002
    """Finish a closed round whose reactions are all answered; the answer note is frozen and
    queued for the worker."""
    from .note import build_note

    consultation = _locked(round)
    if consultation.status == RoundStatus.OPEN:
        raise ValidationError(_("Close the round before finishing it."))
    if consultation.status == RoundStatus.FINISHED:
        raise ValidationError(_("This round is already finished."))
    left = consultation.reactions.unanswered().count()
    if left:
        raise ValidationError(unanswered_message(left))
    consultation.status = RoundStatus.FINISHED
    consultation.finished_at = timezone.now()
    consultation.save()
    note = AnswerNote.objects.create(
        round=consultation, snapshot=build_note(consultation), task_id=str(uuid.uuid4())
    )
    audit_record(
        by=by,
        verb=AuditVerb.STATUS,
        target=consultation,
        changes={"status": (RoundStatus.CLOSED, RoundStatus.FINISHED)},
        action="round_finish",
    )
    _enqueue_note(note)
    return note


# --- The answer note ------------------------------------------------------------------------


#: The answer notes' render lifecycle (streekpact.core.lifecycle), the same as the drafts'.
NOTES = RenderLifecycle(
    model=AnswerNote,
    task="consultation.tasks.render_answer_note",
    action="note_render",
    recover_action="notes_recover_stale",
    audit=functools.partial(audit_record, by=None, verb=AuditVerb.STATUS),
)


def _enqueue_note(note: AnswerNote) -> None:
    NOTES.enqueue(note.pk, note.task_id)


def note_render(
    *, note_pk: int, task_id: str = "", final_attempt: bool = True, heartbeat: bool = False
) -> AnswerNote | None:
    """Render a queued answer note: queued → rendering → ready or failed (as a pact draft);
    once ready, the invited partners are told."""
    from .rendering import render_note

    return NOTES.render(
        note_pk,
        render=lambda note: render_note(note.snapshot),
        on_ready=lambda note: _mail("send_note_ready_mail", note.round_id),
        task_id=task_id,
        final_attempt=final_attempt,
        heartbeat=heartbeat,
    )


def notes_recover_stale() -> list[AnswerNote]:
    """Re-queue (or fail) answer notes whose worker died mid-render or whose message was lost
    (beat)."""
    return NOTES.recover_stale()


# --- Mails (run by the worker, after commit) ------------------------------------------------


def _members(organisations) -> list[User]:
    return list(
        User.objects.filter(
            organisation__in=organisations, role=Role.PARTNER, is_active=True
        ).select_related("organisation")
    )


def _invited(consultation: Round):
    return Organisation.objects.filter(consultation_invitations__round=consultation)


def _send(consultation: Round, recipients, template: str) -> int:
    with translation.override(DOCUMENT_LANGUAGE):
        closes = date_format(consultation.closes_on, "j F Y")
    return send_templated_mail(
        recipients=recipients,
        template_prefix=f"consultation/email/{template}",
        kind=f"consultation.{template}",
        link=consultation.get_absolute_url(),
        context={
            "round": consultation,
            "closes": closes,
            "url": settings.SITE_URL + consultation.get_absolute_url(),
        },
    )


def notify_round_opened(*, round_pk: int) -> int:
    consultation = Round.objects.with_draft().get(pk=round_pk)
    return _send(consultation, _members(_invited(consultation)), "round_opened")


def notify_round_notice(*, round_pk: int) -> int:
    consultation = Round.objects.with_draft().get(pk=round_pk)
    return _send(consultation, _members(_invited(consultation)), "round_notice")


def notify_round_reminder(*, round_pk: int) -> int:
    consultation = Round.objects.with_draft().get(pk=round_pk)
    if consultation.status != RoundStatus.OPEN:
        return 0
    return _send(consultation, _members(silent_organisations(consultation)), "round_reminder")


def notify_note_ready(*, round_pk: int) -> int:
    consultation = Round.objects.with_draft().get(pk=round_pk)
    staff_and_chair = User.objects.filter(role__in=(Role.STAFF, Role.CHAIR), is_active=True)
    recipients = [*staff_and_chair, *_members(_invited(consultation))]
    return _send(consultation, recipients, "note_ready")
