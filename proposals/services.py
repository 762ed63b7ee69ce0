"""Everything that changes proposals. Views and tasks call these; they never write models.

Each service is atomic; e-mails are written to the outbox (`streekpact.core.outbox`) in the same
transaction, so nobody is told about a change that was rolled back and no mail is lost when the
task broker is down. Permission checks happen in the views (django-rules); services
enforce the invariants of the lifecycle whoever calls them.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from streekpact.core import attachments, outbox
from streekpact.core.errors import error_text
from streekpact.core.models import OutboxKind
from streekpact.partners.audit import audit_record, changes_since, snapshot
from streekpact.partners.models import AuditVerb

from .models import (
    EDITABLE_STATUSES,
    OPEN_STATUSES,
    REVISED_FIELDS,
    Attachment,
    Comment,
    Proposal,
    ProposalStatus,
    ReviewNote,
    Revision,
    Stance,
    StatusChange,
    Support,
)

S = ProposalStatus

#: The lifecycle: which status may follow which.
TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.SUBMITTED, S.WITHDRAWN},
    S.SUBMITTED: {S.UNDER_REVIEW, S.CHANGES_REQUESTED, S.APPROVED, S.REJECTED, S.MERGED,
                  S.WITHDRAWN},
    S.UNDER_REVIEW: {S.CHANGES_REQUESTED, S.APPROVED, S.REJECTED, S.MERGED, S.WITHDRAWN},
    S.CHANGES_REQUESTED: {S.SUBMITTED, S.UNDER_REVIEW, S.APPROVED, S.REJECTED, S.MERGED,
                          S.WITHDRAWN},
    S.APPROVED: set(),
    S.REJECTED: set(),
    S.MERGED: set(),
    S.WITHDRAWN: set(),
}  # fmt: skip

#: Decisions a reviewer can take from the review form.
DECISIONS = (S.UNDER_REVIEW, S.CHANGES_REQUESTED, S.APPROVED, S.REJECTED, S.MERGED)
#: Statuses that need a reason (recorded on the status change and, for decisions, the answer).
REASON_REQUIRED = (S.REJECTED, S.CHANGES_REQUESTED)

EDITABLE_FIELDS = (
    "title",
    "summary",
    "body",
    "sector",
    "atelier",
    "proposed_actions",
    "lead_organisation",
    "timing_start",
    "timing_end",
    "indicators",
    "budget_estimate",
)


_muted = threading.local()


@contextmanager
def notifications_muted():
    """Run services without queueing e-mails (demo and scale data)."""
    previous = getattr(_muted, "on", False)
    _muted.on = True
    try:
        yield
    finally:
        _muted.on = previous


def _queue(task_name: str, pk: int) -> None:
    """Write the mail into the outbox of this transaction (sent once it commits)."""
    if getattr(_muted, "on", False):
        return
    outbox.enqueue(task_name, pk, kind=OutboxKind.MAIL)


def _notify_status_change(change: StatusChange) -> None:
    _queue("proposals.tasks.notify_status_change", change.pk)


def _notify_submission(proposal: Proposal) -> None:
    _queue("proposals.tasks.notify_submission", proposal.pk)


def _record_revision(*, proposal: Proposal, by) -> Revision | None:
    """Snapshot the text; skipped when nothing changed since the previous revision."""
    last = proposal.revisions.order_by("-number").first()
    values = {field: getattr(proposal, field) or "" for field in REVISED_FIELDS}
    if last and all(getattr(last, f) == v for f, v in values.items()):
        return None
    number = (last.number if last else 0) + 1
    return Revision.objects.create(proposal=proposal, number=number, created_by=by, **values)


@transaction.atomic
def proposal_create(
    *,
    by,
    organisation,
    sector,
    title: str,
    summary: str,
    body: str = "",
    themes: Iterable = (),
    co_authors: Iterable = (),
    partner_organisations: Iterable = (),
    atelier=None,
    conclusion=None,
    add_author: bool = True,
    **fields,
) -> Proposal:
    """Create a draft. The creator becomes its first author unless `add_author` is False."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown proposal fields: {', '.join(sorted(unknown))}")
    proposal = Proposal(
        title=title,
        summary=summary,
        body=body,
        sector=sector,
        atelier=atelier,
        conclusion=conclusion,
        organisation=organisation,
        created_by=by,
        status=S.DRAFT,
        **fields,
    )
    proposal.full_clean(exclude=["created_by"])
    proposal.save()
    proposal.themes.set(themes)
    proposal.partner_organisations.set(partner_organisations)
    authors = list(co_authors)
    if add_author and by is not None:
        authors.insert(0, by)
    proposal.authors.set(authors)
    audit_record(
        by=by,
        verb=AuditVerb.CREATE,
        target=proposal,
        changes={"title": title, "sector": str(sector), "atelier": str(atelier or "")},
        action="proposal_capture" if not add_author else "proposal_create",
    )
    return proposal


@transaction.atomic
def proposal_update(
    *,
    proposal: Proposal,
    by,
    themes: Iterable | None = None,
    co_authors: Iterable | None = None,
    partner_organisations: Iterable | None = None,
    **fields,
) -> Proposal:
    """Edit a draft, or a proposal whose authors were asked for changes.

    After submission every edit keeps a revision (the text as it is after the edit).
    """
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status not in EDITABLE_STATUSES:
        raise ValidationError(_("This proposal can no longer be edited."))
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown proposal fields: {', '.join(sorted(unknown))}")
    before = snapshot(proposal, fields)
    for name, value in fields.items():
        setattr(proposal, name, value)
    proposal.full_clean(exclude=["created_by"])
    proposal.save()
    changes = changes_since(before, proposal)
    if themes is not None:
        proposal.themes.set(themes)
    if partner_organisations is not None:
        proposal.partner_organisations.set(partner_organisations)
    if co_authors is not None:
        keep = [by] if by is not None and proposal.authors.filter(pk=by.pk).exists() else []
        proposal.authors.set([*keep, *co_authors])
    if by is not None and by.organisation_id == proposal.organisation_id:
        # A member of the organisation who completes a captured draft becomes its author.
        proposal.authors.add(by)
    if proposal.submitted_at is not None or proposal.revisions.exists():
        # After submission, and for a captured draft from the start: every edit is kept.
        _record_revision(proposal=proposal, by=by)
    audit_record(
        by=by,
        verb=AuditVerb.UPDATE,
        target=proposal,
        changes=changes,
        action="proposal_update",
    )
    return proposal


@transaction.atomic
def proposal_transition(
    *,
    proposal: Proposal,
    to_status: str,
    by,
    reason: str = "",
    notify: bool = True,
    fields: dict | None = None,
) -> StatusChange:
    """Move a proposal to another status and record who, when and why.

    `fields` are saved together with the status (e.g. the answer that a rejection requires).
    """
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    from_status = proposal.status
    if to_status not in TRANSITIONS.get(from_status, set()):
        raise ValidationError(
            _("A proposal cannot go from “%(from)s” to “%(to)s”.")
            % {"from": S(from_status).label, "to": S(to_status).label}
        )
    reason = (reason or "").strip()
    if to_status in REASON_REQUIRED and not reason:
        raise ValidationError(_("Please give a reason."))
    proposal.status = to_status
    update = ["status", "updated_at"]
    for name, value in (fields or {}).items():
        setattr(proposal, name, value)
        update.append(name)
    if to_status == S.SUBMITTED and proposal.submitted_at is None:
        proposal.submitted_at = timezone.now()
        update.append("submitted_at")
    proposal.save(update_fields=update)
    change = StatusChange.objects.create(
        proposal=proposal, from_status=from_status, to_status=to_status, by=by, reason=reason
    )
    audit_record(
        by=by,
        verb=AuditVerb.STATUS,
        target=proposal,
        changes={"status": (from_status, to_status), **({"reason": reason} if reason else {})},
        action="proposal_transition",
    )
    if notify:
        _notify_status_change(change)
    return change


def proposal_submit(*, proposal: Proposal, by) -> Proposal:
    """Submit a draft (or resubmit after changes were requested); tells the sector's leads."""
    with transaction.atomic():
        first_time = proposal.submitted_at is None
        proposal_transition(proposal=proposal, to_status=S.SUBMITTED, by=by, notify=False)
        proposal.refresh_from_db()
        if by is not None and by.organisation_id == proposal.organisation_id:
            proposal.authors.add(by)
        _record_revision(proposal=proposal, by=by)
        if first_time:
            _notify_submission(proposal)
    return proposal


def proposal_withdraw(*, proposal: Proposal, by, reason: str = "") -> Proposal:
    """The authors withdraw their proposal (or discard a draft)."""
    proposal_transition(proposal=proposal, to_status=S.WITHDRAWN, by=by, reason=reason)
    proposal.refresh_from_db()
    return proposal


@transaction.atomic
def proposal_decide(
    *,
    proposal: Proposal,
    by,
    decision: str,
    answer: str = "",
    reason: str = "",
    merged_into: Proposal | None = None,
) -> Proposal:
    """A reviewer's decision, with the official answer the authors read.

    Rejection needs a reason (it becomes the answer when no separate answer is given). Merging
    needs a target that is itself still alive; both proposals keep their own history, authors
    and supports, and the target lists what was merged into it.
    """
    if decision not in DECISIONS:
        raise ValidationError(_("Unknown decision."))
    answer = (answer or "").strip()
    reason = (reason or "").strip()
    if decision == S.REJECTED and not (reason or answer):
        raise ValidationError(_("A rejection needs a reason."))
    if decision == S.REJECTED and not answer:
        answer = reason
    if decision == S.MERGED:
        if merged_into is None:
            raise ValidationError(_("Choose the proposal to merge into."))
        if merged_into.pk == proposal.pk:
            raise ValidationError(_("A proposal cannot be merged into itself."))
        if merged_into.status in (S.DRAFT, S.REJECTED, S.MERGED, S.WITHDRAWN):
            raise ValidationError(_("You can only merge into a submitted or approved proposal."))
    fields: dict = {}
    if decision in (S.APPROVED, S.REJECTED, S.MERGED):
        fields["decided_at"] = timezone.now()
    if decision == S.MERGED:
        fields["merged_into"] = merged_into
    if answer:
        fields.update(answer=answer, answered_by=by)
    change = proposal_transition(
        proposal=proposal,
        to_status=decision,
        by=by,
        reason=reason,
        notify=False,
        fields=fields,
    )
    proposal.refresh_from_db()
    _notify_status_change(change)
    return proposal


@transaction.atomic
def proposal_answer(*, proposal: Proposal, by, answer: str) -> Proposal:
    """Publish or correct the official answer without changing the status."""
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError(_("The answer cannot be empty."))
    if proposal.status == S.DRAFT:
        raise ValidationError(_("A draft cannot be answered."))
    proposal.answer = answer
    proposal.answered_by = by
    proposal.save(update_fields=["answer", "answered_by", "updated_at"])
    audit_record(
        by=by,
        verb=AuditVerb.UPDATE,
        target=proposal,
        changes={"answer": answer},
        action="proposal_answer",
    )
    _queue("proposals.tasks.notify_answer", proposal.pk)
    return proposal


@transaction.atomic
def _same_organisation(reviewer, proposal: Proposal) -> bool:
    return bool(proposal.organisation_id) and reviewer.organisation_id == proposal.organisation_id


def proposal_assign_reviewers(*, proposal: Proposal, reviewers: Iterable, by) -> Proposal:
    """The reviewers of a proposal; never someone of the proposal's own organisation."""
    reviewers = list(reviewers)
    if any(_same_organisation(r, proposal) for r in reviewers):
        raise ValidationError(_("Nobody reviews a proposal of their own organisation."))
    proposal.reviewers.set(reviewers)
    audit_record(
        by=by,
        verb=AuditVerb.UPDATE,
        target=proposal,
        changes={"reviewers": sorted(str(r) for r in reviewers)},
        action="proposal_assign_reviewers",
    )
    return proposal


@transaction.atomic
def review_note_add(*, proposal: Proposal, by, text: str) -> ReviewNote:
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("The note cannot be empty."))
    note = ReviewNote.objects.create(proposal=proposal, author=by, text=text)
    # Review notes are internal: the entry names the proposal, never the text (nor its
    # organisation, whose members must not learn of the note).
    audit_record(
        by=by,
        verb=AuditVerb.CREATE,
        target=note,
        organisation=None,
        changes={"proposal": proposal.reference},
        action="review_note_add",
    )
    return note


@transaction.atomic
def proposals_bulk_update(
    *,
    proposals: Iterable[Proposal],
    by,
    to_status: str | None = None,
    reason: str = "",
    reviewers: Iterable | None = None,
) -> tuple[int, list[str]]:
    """Staff's bulk actions: change status and/or assign reviewers.

    Returns (how many changed, messages about the ones skipped because the lifecycle forbids
    the change). Nothing is half-done for a single proposal.
    """
    changed, skipped = 0, []
    reviewers = list(reviewers) if reviewers is not None else None
    for proposal in proposals:
        try:
            with transaction.atomic():
                if to_status:
                    if to_status in DECISIONS:
                        proposal_decide(proposal=proposal, by=by, decision=to_status, reason=reason)
                    else:
                        proposal_transition(
                            proposal=proposal, to_status=to_status, by=by, reason=reason
                        )
                if reviewers is not None:
                    # Nobody reviews a proposal of their own organisation.
                    own = [r for r in reviewers if _same_organisation(r, proposal)]
                    allowed = [r for r in reviewers if r not in own]
                    for reviewer in own:
                        skipped.append(
                            _(
                                "%(reference)s: %(name)s was not assigned, being of the"
                                " proposal's own organisation."
                            )
                            % {"reference": proposal.reference, "name": reviewer.name}
                        )
                    proposal.reviewers.add(*allowed)
                    audit_record(
                        by=by,
                        verb=AuditVerb.UPDATE,
                        target=proposal,
                        changes={"reviewers_added": sorted(str(r) for r in allowed)},
                        action="proposals_bulk_update",
                    )
            changed += 1
        except ValidationError as exc:
            skipped.append(f"{proposal.reference}: {error_text(exc)}")
    return changed, skipped


@transaction.atomic
def support_declare(
    *, proposal: Proposal, organisation, stance: str, by, reason: str = ""
) -> Support:
    """An organisation states (or changes) its position; an objection needs a reason."""
    reason = (reason or "").strip()
    if stance not in Stance.values:
        raise ValidationError(_("Unknown position."))
    if stance == Stance.OBJECTION and not reason:
        raise ValidationError(_("An objection needs a reason."))
    if proposal.status not in OPEN_STATUSES:
        raise ValidationError(_("Positions can only be given on open proposals."))
    support, _created = Support.objects.update_or_create(
        proposal=proposal,
        organisation=organisation,
        defaults={"stance": stance, "reason": reason, "declared_by": by},
    )
    audit_record(
        by=by,
        verb=AuditVerb.CREATE if _created else AuditVerb.UPDATE,
        target=support,
        changes={"proposal": proposal.reference, "stance": stance, "reason": reason},
        action="support_declare",
    )
    return support


@transaction.atomic
def support_withdraw(*, proposal: Proposal, organisation, by) -> None:
    """An organisation takes its position back."""
    for support in Support.objects.filter(proposal=proposal, organisation=organisation):
        audit_record(
            by=by,
            verb=AuditVerb.DELETE,
            target=support,
            changes={"proposal": proposal.reference, "stance": (support.stance, None)},
            action="support_withdraw",
        )
        support.delete()


@transaction.atomic
def comment_add(*, proposal: Proposal, author, text: str, parent: Comment | None = None) -> Comment:
    """Comment on a proposal; a reply to a reply hangs under the same top-level comment."""
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("The comment cannot be empty."))
    if parent is not None:
        if parent.proposal_id != proposal.pk:
            raise ValidationError(_("That comment belongs to another proposal."))
        if parent.parent_id is not None:
            parent = parent.parent
    comment = Comment.objects.create(proposal=proposal, author=author, text=text, parent=parent)
    audit_record(
        by=author,
        verb=AuditVerb.CREATE,
        target=comment,
        organisation=proposal.organisation,
        changes={"proposal": proposal.reference},
        action="comment_add",
    )
    _queue("proposals.tasks.notify_comment", comment.pk)
    return comment


@transaction.atomic
def comment_edit(*, comment: Comment, by, text: str) -> Comment:
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("The comment cannot be empty."))
    if not comment.is_editable_now():
        raise ValidationError(_("This comment can no longer be edited."))
    old = comment.text
    comment.text = text
    comment.edited_at = timezone.now()
    comment.save(update_fields=["text", "edited_at"])
    audit_record(
        by=by,
        verb=AuditVerb.UPDATE,
        target=comment,
        organisation=comment.proposal.organisation,
        changes={"text": (old, text)},
        action="comment_edit",
    )
    return comment


@transaction.atomic
def comment_remove(*, comment: Comment, by) -> Comment:
    """A moderator removes a comment: the text goes, a visible trace stays."""
    comment.text = ""
    comment.removed_at = timezone.now()
    comment.removed_by = by
    comment.save(update_fields=["text", "removed_at", "removed_by"])
    audit_record(
        by=by,
        verb=AuditVerb.DELETE,
        target=comment,
        organisation=comment.proposal.organisation,
        changes={"proposal": comment.proposal.reference},
        action="comment_remove",
    )
    return comment


def attachment_add(*, proposal: Proposal, by, upload) -> Attachment:
    """Attach a file to a proposal; checked by content (core.attachments, the one service)."""
    attachment = attachments.attachment_store(
        attachment=Attachment(proposal=proposal, uploaded_by=by), upload=upload
    )
    audit_record(
        by=by,
        verb=AuditVerb.CREATE,
        target=attachment,
        organisation=proposal.organisation,
        changes={"proposal": proposal.reference, "file": attachment.original_name},
        action="attachment_add",
    )
    return attachment


def attachment_delete(*, attachment: Attachment, by) -> None:
    audit_record(
        by=by,
        verb=AuditVerb.DELETE,
        target=attachment,
        organisation=attachment.proposal.organisation,
        changes={"proposal": attachment.proposal.reference, "file": attachment.original_name},
        action="attachment_delete",
    )
    attachments.attachment_delete(attachment=attachment)


@transaction.atomic
def proposal_capture(
    *, atelier, organisation, title: str, text: str, by, conclusion=None
) -> Proposal:
    """Capture mode: record a contribution during or after an atelier as a draft proposal.

    The draft lies in the atelier's sector, is attributed to `organisation` (which must have
    taken part in the atelier) and linked to the atelier (and to the conclusion it came from).
    It has no authors yet: the capturer is not one; every member of the organisation can see,
    complete and submit it, and whoever does becomes its author. The capturer may correct the
    draft until then; the captured text is revision 1, so each correction shows.
    """
    if conclusion is not None and conclusion.atelier_id != atelier.pk:
        raise ValidationError(_("That conclusion belongs to another atelier."))
    if not atelier.participating_organisations().filter(pk=organisation.pk).exists():
        raise ValidationError(
            _("%(organisation)s did not take part in this atelier.")
            % {"organisation": organisation}
        )
    title = (title or "").strip()
    text = (text or "").strip()
    summary = text.split("\n\n", 1)[0][:1000] if text else title
    proposal = proposal_create(
        by=by,
        organisation=organisation,
        sector=atelier.sector,
        title=title,
        summary=summary,
        body=text,
        atelier=atelier,
        conclusion=conclusion,
        themes=[conclusion.theme] if conclusion is not None and conclusion.theme_id else [],
        add_author=False,
    )
    # The captured text is the first revision, so every correction before the organisation
    # takes over shows in the history.
    _record_revision(proposal=proposal, by=by)
    return proposal
