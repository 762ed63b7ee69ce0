"""Writes of the pact app: composing the pact from approved proposals, and rendering drafts.

Every function is keyword-only and atomic; renders and e-mails are written to the outbox
(`streekpact.core.outbox`) in the same transaction and handed to the worker after commit, so none
is lost to a broker outage.
"""

import functools
import json
import logging
import time
import uuid
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max, ProtectedError
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from proposals.models import Proposal, ProposalStatus
from sectors.models import Sector
from streekpact.core import ordering, outbox, taskpolicy
from streekpact.core.lifecycle import RenderLifecycle
from streekpact.core.mail import send_templated_mail
from streekpact.core.models import OutboxKind
from streekpact.partners.audit import audit_record, changes_since, snapshot
from streekpact.partners.models import AuditVerb, Organisation, Role, User

from . import provenance
from .models import (
    Action,
    Chapter,
    ChapterPlacement,
    Draft,
    DraftScope,
    DraftStatus,
    OperationalObjective,
    Pact,
    StrategicObjective,
)
from .snapshot import DOCUMENT_LANGUAGE, build_content, compare, content_checksum

logger = logging.getLogger(__name__)

#: Errors worth retrying (one list for the portal, with the retry policies).
TRANSIENT_ERRORS = taskpolicy.TRANSIENT_ERRORS


# --- The pact and its chapters ------------------------------------------------------------------


def _sector_chapter_create(*, pact: Pact, sector: Sector) -> Chapter:
    slug = sector.slug
    if Chapter.objects.filter(slug=slug).exists():
        slug = f"{slug}-{sector.pk}"
    return Chapter.objects.create(
        pact=pact,
        sector=sector,
        title=sector.name,
        slug=slug,
        placement=ChapterPlacement.SECTORS,
        position=sector.position,
    )


@transaction.atomic
def pact_prepare() -> Pact:
    """Make sure the pact exists with a chapter for every sector (in the sectors' order).

    An explicit write for seeds, the `render_pact` command and tests; pages never call it (the
    migration creates the pact, `chapter_for_new_sector` gives each new sector its chapter).
    """
    pact = Pact.objects.order_by("pk").first()
    if pact is None:
        pact = Pact.objects.create(title="Streekpact arrondissement Mechelen", period="2014-2020")
    for sector in Sector.objects.filter(pact_chapter__isnull=True):
        _sector_chapter_create(pact=pact, sector=sector)
    return pact


def chapter_for_new_sector(*, sector: Sector, by=None, **kwargs) -> Chapter | None:
    """A new sector gets its chapter in the pact (receiver of `sectors.signals.sector_created`,
    run inside `sector_save`'s transaction)."""
    pact = Pact.objects.order_by("pk").first()
    if pact is None or Chapter.objects.filter(sector=sector).exists():
        return None
    chapter = _sector_chapter_create(pact=pact, sector=sector)
    audit_record(
        by=by,
        verb=AuditVerb.CREATE,
        target=chapter,
        changes={"sector": str(sector)},
        action="chapter_for_new_sector",
    )
    return chapter


def _update(obj, *, by, fields: dict, action: str, organisation=None):
    """Set `fields` on `obj`, validate, save and record what changed."""
    before = snapshot(obj, fields)
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    changes = changes_since(before, obj)
    if changes:
        audit_record(
            by=by,
            verb=AuditVerb.UPDATE,
            target=obj,
            changes=changes,
            organisation=organisation,
            action=action,
        )
    return obj


@transaction.atomic
def pact_update(*, pact: Pact, by: User | None = None, **fields) -> Pact:
    return _update(pact, by=by, fields=fields, action="pact_update")


def _unique_slug(title: str) -> str:
    base = slugify(title)[:100] or "hoofdstuk"
    slug, n = base, 2
    while Chapter.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def chapter_create(
    *,
    pact: Pact,
    title: str,
    introduction: str = "",
    placement: str = ChapterPlacement.AFTER,
    by: User | None = None,
) -> Chapter:
    """A staff-defined chapter (introduction, monitoring and governance, ...)."""
    if placement == ChapterPlacement.SECTORS:
        raise ValidationError(_("Only sector chapters stand among the sector chapters."))
    position = ordering.next_position(Chapter.objects.filter(pact=pact, placement=placement))
    chapter = Chapter.objects.create(
        pact=pact,
        title=title,
        slug=_unique_slug(title),
        introduction=introduction,
        placement=placement,
        position=position,
    )
    audit_record(
        by=by,
        verb=AuditVerb.CREATE,
        target=chapter,
        changes={"title": title, "placement": placement},
        action="chapter_create",
    )
    return chapter


@transaction.atomic
def chapter_update(*, chapter: Chapter, by: User | None = None, **fields) -> Chapter:
    return _update(chapter, by=by, fields=fields, action="chapter_update")


@transaction.atomic
def chapter_delete(*, chapter: Chapter, by: User | None = None) -> None:
    if chapter.is_sector_chapter:
        raise ValidationError(_("A sector's chapter cannot be deleted."))
    if Action.objects.filter(operational_objective__strategic_objective__chapter=chapter).exists():
        raise ValidationError(_("Move or remove this chapter's actions first."))
    audit_record(by=by, verb=AuditVerb.DELETE, target=chapter, action="chapter_delete")
    chapter.delete()


# --- Objectives and actions -----------------------------------------------------------------


@transaction.atomic
def strategic_objective_create(
    *, chapter: Chapter, title: str, description: str = "", by: User | None = None
) -> StrategicObjective:
    objective = StrategicObjective.objects.create(
        chapter=chapter,
        title=title,
        description=description,
        position=ordering.next_position(StrategicObjective.objects.filter(chapter=chapter)),
    )
    audit_record(
        by=by,
        verb=AuditVerb.CREATE,
        target=objective,
        changes={"chapter": str(chapter), "title": title},
        action="strategic_objective_create",
    )
    return objective


@transaction.atomic
def operational_objective_create(
    *, strategic_objective: StrategicObjective, title: str, by: User | None = None
) -> OperationalObjective:
    objective = OperationalObjective.objects.create(
        strategic_objective=strategic_objective,
        title=title,
        position=ordering.next_position(
            OperationalObjective.objects.filter(strategic_objective=strategic_objective)
        ),
    )
    audit_record(
        by=by,
        verb=AuditVerb.CREATE,
        target=objective,
        changes={"strategic_objective": str(strategic_objective), "title": title},
        action="operational_objective_create",
    )
    return objective


@transaction.atomic
def objective_update(*, objective, by: User | None = None, **fields):
    """Change the title (and description) of a strategic or operational objective."""
    return _update(objective, by=by, fields=fields, action="objective_update")


@transaction.atomic
def objective_delete(*, objective, by: User | None = None) -> None:
    """Delete an empty objective; one that still holds actions is refused."""
    if isinstance(objective, StrategicObjective):
        has_actions = Action.objects.filter(
            operational_objective__strategic_objective=objective
        ).exists()
    else:
        has_actions = objective.actions.exists()
    if has_actions:
        raise ValidationError(_("Move or remove the actions of this objective first."))
    audit_record(by=by, verb=AuditVerb.DELETE, target=objective, action="objective_delete")
    objective.delete()


def unplaced_approved_proposals():
    """Approved proposals that are not yet an action of the pact: nothing approved is forgotten."""
    return (
        Proposal.objects.approved()
        .filter(pact_actions__isnull=True)
        .select_related("sector", "atelier", "organisation", "lead_organisation")
        .order_by("sector__position", "pk")
    )


def action_initial_from_proposal(proposal: Proposal) -> dict:
    """What placing a proposal pre-fills: wording, trekker, partners, timing, indicators, budget."""
    return {
        "title": proposal.title,
        "description": proposal.proposed_actions or proposal.summary,
        "trekker": proposal.lead_organisation_id or proposal.organisation_id,
        "partners": list(proposal.partner_organisations.values_list("pk", flat=True)),
        "timing_start": proposal.timing_start,
        "timing_end": proposal.timing_end,
        "indicators": proposal.indicators,
        "budget": proposal.budget_estimate,
    }


@transaction.atomic
def action_place(
    *,
    proposal: Proposal,
    operational_objective: OperationalObjective | None = None,
    chapter: Chapter | None = None,
    new_strategic_objective: str = "",
    new_operational_objective: str = "",
    by: User | None = None,
    title: str,
    description: str = "",
    trekker: Organisation | None = None,
    partners=(),
    timing_start=None,
    timing_end=None,
    indicators: str = "",
    budget: Decimal | None = None,
) -> Action:
    """Place an approved proposal in the pact as an action (a proposal may yield several).

    Without an operational objective, the action goes under a new operational objective
    (`new_operational_objective`) of the strategic objective titled `new_strategic_objective`
    in `chapter` (created when missing). All of it is one transaction: a refused placement
    leaves no new objectives behind.
    """
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ProposalStatus.APPROVED:
        raise ValidationError(_("Only approved proposals can be placed in the pact."))
    if operational_objective is None:
        if chapter is None or not new_strategic_objective or not new_operational_objective:
            raise ValidationError(_("Choose an operational objective or name new objectives."))
        strategic = (
            chapter.objectives.filter(title__iexact=new_strategic_objective).order_by("pk").first()
        )
        if strategic is None:
            strategic = strategic_objective_create(
                chapter=chapter, title=new_strategic_objective, by=by
            )
        operational_objective = operational_objective_create(
            strategic_objective=strategic, title=new_operational_objective, by=by
        )
    action = Action(
        operational_objective=operational_objective,
        proposal=proposal,
        title=title,
        description=description,
        trekker=trekker,
        timing_start=timing_start,
        timing_end=timing_end,
        indicators=indicators,
        budget=budget,
        position=ordering.next_position(
            Action.objects.filter(operational_objective=operational_objective)
        ),
    )
    action.full_clean()
    action.save()
    action.partners.set(partners)
    audit_record(
        by=by,
        verb=AuditVerb.CREATE,
        target=action,
        organisation=trekker,
        changes={
            "proposal": proposal.reference,
            "operational_objective": str(operational_objective),
            "title": title,
        },
        action="action_place",
    )
    return action


@transaction.atomic
def action_update(*, action: Action, partners=None, by: User | None = None, **fields) -> Action:
    """Edit an action's wording and facts; the link to its source proposal never changes."""
    fields.pop("proposal", None)
    new_objective = fields.get("operational_objective")
    if new_objective is not None and new_objective.pk != action.operational_objective_id:
        action.position = ordering.next_position(
            Action.objects.filter(operational_objective=new_objective)
        )
    before = snapshot(action, [*fields, *(["partners"] if partners is not None else [])])
    for name, value in fields.items():
        setattr(action, name, value)
    action.full_clean()
    action.save()
    if partners is not None:
        action.partners.set(partners)
    changes = changes_since(before, action)
    if changes:
        audit_record(
            by=by,
            verb=AuditVerb.UPDATE,
            target=action,
            organisation=action.trekker,
            changes=changes,
            action="action_update",
        )
    return action


@transaction.atomic
def action_remove(*, action: Action, by: User | None = None) -> None:
    """Take an action out of the pact; its proposal shows up again as approved but unplaced."""
    audit_record(
        by=by,
        verb=AuditVerb.DELETE,
        target=action,
        organisation=action.trekker,
        changes={"proposal": getattr(action.proposal, "reference", "")},
        action="action_remove",
    )
    try:
        with transaction.atomic():
            action.delete()
    except ProtectedError:
        # Something higher up (a progress report of the monitoring) keeps the action's history.
        raise ValidationError(
            _("This action has been reported on; it stays in the pact to keep its history.")
        ) from None


@transaction.atomic
def item_move(*, item, direction: str, by: User | None = None) -> None:
    """Move an objective or action one place up or down among its siblings."""
    if not ordering.move(item=item, siblings=item.siblings, direction=direction):
        return
    audit_record(
        by=by,
        verb=AuditVerb.MOVE,
        target=item,
        organisation=getattr(item, "trekker", None),
        changes={"direction": direction},
        action="item_move",
    )


# --- Drafts ---------------------------------------------------------------------------------


def _enqueue(draft_pk: int, task_id: str) -> None:
    """Write the render into the outbox of this transaction; the draft keeps its task id."""
    DRAFTS.enqueue(draft_pk, task_id)


def _draft_request(
    *, user: User | None, chapter: Chapter | None, enqueue: bool = True
) -> tuple[Draft, bool]:
    with transaction.atomic():
        pact = Pact.objects.select_for_update().get(pk=pact_prepare().pk)
        scope = DraftScope.CHAPTER if chapter else DraftScope.WHOLE
        content = build_content(pact=pact, chapter=chapter)
        checksum = content_checksum(content)
        same_scope = Draft.objects.filter(pact=pact, scope=scope, chapter=chapter)
        existing = same_scope.active().filter(checksum=checksum).order_by("-version").first()
        if existing is not None:
            return existing, False
        previous = same_scope.exclude(status=DraftStatus.FAILED).order_by("-version").first()
        version = _next_version(pact)
        today = timezone.localdate()
        changes = compare(previous.snapshot.get("content") if previous else None, content)
        changes["previous_version"] = previous.version if previous else None
        # Why each action was reworded, as the apps above the pact know it (pact.provenance).
        because = provenance.explain(
            [item["action_id"] for item in changes["reworded"]],
            previous.created_at if previous else None,
        )
        for item in changes["reworded"]:
            item["because"] = because.get(item["action_id"], [])
        provider_annexes = (
            provenance.annexes(previous.created_at if previous else None) if not chapter else []
        )
        with translation.override(DOCUMENT_LANGUAGE):
            date_display = date_format(today, "j F Y")
        meta = {
            "version": version,
            "date": today.isoformat(),
            "date_display": date_display,
            "title": f"{pact.title} {pact.period}",
            "scope": scope,
            "chapter_slug": chapter.slug if chapter else "",
            "chapter_title": chapter.title if chapter else "",
            "requested_by": str(user) if user else "",
            "checksum": checksum,
        }
        task_id = str(uuid.uuid4())
        draft = Draft.objects.create(
            pact=pact,
            version=version,
            scope=scope,
            chapter=chapter,
            requested_by=user,
            previous=previous,
            snapshot={
                "meta": meta,
                "content": content,
                "changes": changes,
                # Annexes the apps above the pact add (an answer note), frozen with the draft.
                "annexes": provider_annexes,
            },
            checksum=checksum,
            task_id=task_id,
        )
        audit_record(
            by=user,
            verb=AuditVerb.CREATE,
            target=draft,
            changes={"version": version, "scope": scope, "chapter": str(chapter or "")},
            action="draft_request",
        )
        if enqueue:
            _enqueue(draft.pk, task_id)
        logger.info("Draft v%s requested by %s (%s)", version, getattr(user, "pk", None), scope)
        return draft, True


def _next_version(pact: Pact) -> int:
    return (Draft.objects.filter(pact=pact).aggregate(m=Max("version"))["m"] or 0) + 1


def draft_request(*, user: User, chapter: Chapter | None = None) -> tuple[Draft, bool]:
    """Freeze the current content as a new numbered draft and queue its rendering.

    When a draft of the same content (and scope) is already queued or rendering, that one is
    returned instead and nothing new is started. Returns (draft, created).
    """
    try:
        return _draft_request(user=user, chapter=chapter)
    except IntegrityError:
        # Two requests raced for the same version number (databases without row locks):
        # the other one won, so this one is a duplicate of it or gets the next number.
        return _draft_request(user=user, chapter=chapter)


def draft_request_sync(*, user: User | None, chapter: Chapter | None = None) -> Draft:
    """Freeze and render a draft in this process (the `render_pact` command), same code path."""
    try:
        draft, _created = _draft_request(user=user, chapter=chapter, enqueue=False)
    except IntegrityError:
        draft, _created = _draft_request(user=user, chapter=chapter, enqueue=False)
    draft_render(draft_pk=draft.pk)
    deadline = time.monotonic() + settings.PACT_RENDER_TIME_LIMIT
    draft.refresh_from_db()
    while draft.is_active and time.monotonic() < deadline:
        # The same content was already being rendered by a worker: wait for that one.
        time.sleep(1)
        draft.refresh_from_db()
    return draft


@transaction.atomic
def draft_share(*, draft: Draft, shared: bool, by: User | None = None) -> Draft:
    """Staff share a ready draft with the partners (or take the sharing back)."""
    if shared and draft.status != DraftStatus.READY:
        raise ValidationError(_("Only a ready draft can be shared."))
    was = draft.shared_with_partners
    draft.shared_with_partners = shared
    draft.save(update_fields=["shared_with_partners", "updated_at"])
    audit_record(
        by=by,
        verb=AuditVerb.SHARE if shared else AuditVerb.REVOKE,
        target=draft,
        changes={"shared_with_partners": (was, shared)},
        action="draft_share",
    )
    return draft


#: The drafts' render lifecycle (streekpact.core.lifecycle): claim, heartbeat, failure, recovery.
DRAFTS = RenderLifecycle(
    model=Draft,
    task="pact.tasks.render_draft",
    action="draft_render",
    recover_action="drafts_recover_stale",
    audit=functools.partial(audit_record, by=None, verb=AuditVerb.STATUS),
)
# The names the render and the chord's parts (`draft_render_part`, `draft_assemble`) use.
_fail = DRAFTS.fail
_heartbeat = DRAFTS.heartbeat
_rendering = DRAFTS.rendering
_claimed = DRAFTS.claimed


def draft_render(
    *,
    draft_pk: int,
    task_id: str = "",
    final_attempt: bool = True,
    heartbeat: bool = False,
    start_parts=None,
) -> Draft | None:
    """Render a queued draft to PDF: queued → rendering → ready or failed.

    Idempotent: only a queued draft is claimed (atomically), so a duplicate or late message
    does nothing. A failure leaves a readable reason and never touches earlier drafts.
    Transient errors put the draft back in the queue and are re-raised for a retry.

    With `start_parts(draft_pk, task_id, parts, hint_from, stored)` (the render task,
    `PACT_RENDER_IN_PARTS`), the claimed draft is handed to the chord instead:
    `draft_render_part` for each part to lay out, in parallel, then `draft_assemble` (with the
    parts stored already), which finishes it. Without it, one pass in this process.
    """
    from .rendering import render_pdf

    if not DRAFTS.claim(draft_pk, task_id):
        return None
    draft = Draft.objects.get(pk=draft_pk)
    if start_parts is not None:
        with _rendering(draft_pk, final_attempt=final_attempt, heartbeat=False, requeue=True):
            hint_from = hint_source(draft)
            parts, stored = _schedule(draft.snapshot, hint_from)
            start_parts(draft_pk, draft.task_id, parts, hint_from, stored)
        return Draft.objects.get(pk=draft_pk)
    with _rendering(
        draft_pk, final_attempt=final_attempt, heartbeat=heartbeat, requeue=True
    ) as outcome:
        rendered = render_pdf(draft.snapshot)
    if outcome.failed:
        return Draft.objects.get(pk=draft_pk)
    return _draft_finish(draft, rendered)


def _stored_part(key: str):
    """The stored rendering of a part (a later draft reuses it), or None."""
    from .assembly import Part
    from .models import ChapterRendering

    stored = ChapterRendering.objects.filter(key=key).first()
    if stored is None:
        return None
    try:
        with stored.pdf.open("rb") as fh:
            content = fh.read()
    except OSError:
        # The row outlived its file (media restored without the parts, storage changed): a
        # cache miss, laid out again.
        logger.warning("Stored part %s has no file any more; laid out again", key[:12])
        stored.delete()
        return None
    return Part(
        content=content,
        pages=[page["anchors"] for page in stored.pages],
        running=[page["running"] for page in stored.pages],
    )


def _store_part(key: str, part) -> None:
    from .models import ChapterRendering

    rendering = ChapterRendering(
        key=key,
        pages=[
            {"anchors": anchors, "running": running}
            for anchors, running in zip(part.pages, part.running, strict=True)
        ],
    )
    rendering.pdf.save(f"{key}.pdf", ContentFile(part.content), save=False)
    try:
        with transaction.atomic():
            rendering.save()
    except IntegrityError:
        rendering.pdf.delete(save=False)  # another task stored the same part meanwhile


def _render_part(snapshot: dict, section: str, numbers: dict | None = None):
    """A part of the document: reused when an earlier draft stored it, else laid out and
    stored. Returns (key, part)."""
    from .assembly import part_key, render_section
    from .models import ChapterRendering

    key = part_key(snapshot, section, numbers)
    part = _stored_part(key)
    if part is None:
        part = render_section(snapshot, section, numbers)
        _store_part(key, part)
    else:  # marked used, so the clean-up keeps it (`_schedule` marks those it finds)
        ChapterRendering.objects.filter(key=key).update(updated_at=timezone.now())
        logger.info("Part %s reused (%s)", section, key[:12])
    return key, part


def _schedule(snapshot: dict, hint_from: int | None) -> tuple[list[str], list]:
    """The parts to lay out in parallel, longest first (a chord's parts go to whichever worker
    is free, in this order), and the [section, key] of those an earlier draft stored already
    (marked used: no task for them)."""
    from .assembly import (
        CONTENTS,
        FRONT,
        INTRODUCTION,
        first_numbers,
        is_index,
        parallel_sections,
        part_key,
    )
    from .models import ChapterRendering

    hint = _hint(hint_from)
    sections = parallel_sections(snapshot, hint)
    keys = {s: part_key(snapshot, s, first_numbers(snapshot, s, hint)) for s in sections}
    found = ChapterRendering.objects.filter(key__in=keys.values())
    stored = set()
    for rendering in found:
        if rendering.pdf.storage.exists(rendering.pdf.name):
            stored.add(rendering.key)
        else:  # the row outlived its file: laid out again
            rendering.delete()
    found.filter(key__in=stored).update(updated_at=timezone.now())
    chapters = {f"hoofdstuk-{c['number']}": c for c in snapshot["content"]["chapters"]}

    def size(section: str) -> int:
        """About the layout's work, in characters of the frozen content (measured: ≈ 7 µs a
        character on this machine; a part's own cost, ≈ 10,000)."""
        if section in chapters:
            return 10_000 + len(json.dumps(chapters[section]))
        if is_index(section):
            return 10_000 + 150 * len(first_numbers(snapshot, section, hint) or ())
        if section == FRONT:  # the cover
            return 15_000
        if section == CONTENTS:
            return 10_000 + 100 * len(first_numbers(snapshot, section, hint) or ())
        if section == INTRODUCTION:  # the texts and the chart of the process
            content = snapshot["content"]
            return 20_000 + len(json.dumps([content.get("pact"), content.get("process")]))
        return 10_000

    to_lay_out = sorted((s for s in sections if keys[s] not in stored), key=size, reverse=True)
    return to_lay_out, [[s, keys[s]] for s in sections if keys[s] in stored]


def _hint(draft_pk: int | None) -> dict:
    """The pages of an earlier draft (`Draft.page_numbers`, written once when it became
    ready), the hint a chord lays its parts out with (pact/assembly.py, `first_numbers`)."""
    if draft_pk is None:
        return {}
    return Draft.objects.filter(pk=draft_pk).values_list("page_numbers", flat=True).first() or {}


def hint_source(draft: Draft) -> int | None:
    """The draft whose pages hint at this one's: the previous draft of its scope, when it was
    rendered with them. Chosen once when the draft is claimed, so every part of the chord
    lays out the same sections with the same hint."""
    previous = draft.previous
    if previous is not None and previous.status == DraftStatus.READY and previous.page_numbers:
        return previous.pk
    return None


def draft_render_part(
    *,
    draft_pk: int,
    section: str,
    task_id: str,
    hint_from: int | None = None,
    numbers: dict | None = None,
    final_attempt: bool = True,
    heartbeat: bool = False,
) -> list | None:
    """A chord's part: lay out `section` alone, unless an earlier draft already did for the
    same content, pages and renderer: one of `assembly.parallel_sections` (a chapter, an
    annex, a part of the index, the cover or the contents with the hinted pages), or, with
    `numbers`, the contents or a part of the index again with the real pages
    (`assembly.plan`). Returns [section, key of the stored rendering] (None when the draft is
    not this chord's any more, or failed)."""
    from .assembly import CONTENTS, first_numbers, is_index, parallel_sections
    from .rendering import _test_delay

    draft = _claimed(draft_pk, task_id)
    if draft is None:
        return None
    snapshot, hint = draft.snapshot, _hint(hint_from)
    if numbers is None:
        if section not in parallel_sections(snapshot, hint):
            raise ValueError(f"{section!r} is not a part of draft {draft_pk} laid out first")
        numbers = first_numbers(snapshot, section, hint)
    elif section != CONTENTS and not is_index(section):
        raise ValueError(f"{section!r} has no page numbers to lay out again")
    with _rendering(
        draft_pk, final_attempt=final_attempt, heartbeat=heartbeat, requeue=False
    ) as outcome:
        _test_delay()
        key, _part = _render_part(snapshot, section, numbers)
    if outcome.failed:
        return None
    return [section, key]


def draft_assemble(
    *,
    draft_pk: int,
    keys: list,
    task_id: str,
    hint_from: int | None = None,
    earlier: list | None = None,
    second: bool = False,
    continue_parts=None,
    final_attempt: bool = True,
    heartbeat: bool = False,
) -> Draft | None:
    """The chord's body: assemble the PDF and finish the draft (rendering → ready, the
    chair's mail). `keys`: the parts' [section, key] pairs; `earlier`: those laid out before
    (stored by an earlier draft, or by the first chord), which these replace.

    If the contents or the index were laid out with pages that are not the
    real ones (`assembly.plan`: no hint, or a wrong one), they are laid out again first: with
    `continue_parts(draft_pk, task_id, hint_from, again, keys)` (the task), both at once in a
    second chord whose body comes back here (`second`); else, or in that second round, in
    this task.
    Returns None while the draft goes on in a second chord."""
    from .assembly import assemble, first_numbers, lay_out_rest, parallel_sections, plan

    draft = _claimed(draft_pk, task_id)
    if draft is None or None in keys or None in (earlier or ()):
        return None
    snapshot, hint = draft.snapshot, _hint(hint_from)
    with _rendering(
        draft_pk, final_attempt=final_attempt, heartbeat=heartbeat, requeue=False
    ) as outcome:
        found = dict(earlier or ()) | dict(keys)
        parts = {section: _stored_part(key) for section, key in found.items()}
        for section in [section for section, part in parts.items() if part is None]:
            del parts[section], found[section]  # gone from the store since: laid out again
        for section in parallel_sections(snapshot, hint):
            if section not in parts:
                # Gone from the store since the claim (its file lost, or cleaned): now.
                numbers = first_numbers(snapshot, section, hint)
                found[section], parts[section] = _render_part(snapshot, section, numbers)
        again = None
        if not second and continue_parts is not None:
            _numbers, again = plan(snapshot, parts, found)
        if again:
            continue_parts(draft_pk, draft.task_id, hint_from, again, list(found.items()))
        else:
            ordered, numbers = lay_out_rest(snapshot, parts, found, render=_render_part)
            rendered = assemble(snapshot, ordered, numbers)
    if outcome.failed:
        return Draft.objects.get(pk=draft_pk)
    if again:
        return None
    return _draft_finish(draft, rendered)


def part_renderings_clean(*, days: int | None = None) -> int:
    """Delete the stored part renderings no draft used for `days` (PACT_PART_RENDERING_DAYS):
    a cache, laid out again when needed. Returns how many were deleted."""
    from .models import ChapterRendering

    days = settings.PACT_PART_RENDERING_DAYS if days is None else days
    old = ChapterRendering.objects.filter(updated_at__lt=timezone.now() - timedelta(days=days))
    deleted = 0
    for rendering in old.iterator():
        rendering.pdf.delete(save=False)
        rendering.delete()
        deleted += 1
    return deleted


def _draft_finish(draft: Draft, rendered) -> Draft:
    """Store the PDF and move the draft rendering → ready (if it still is), with its mail."""
    return DRAFTS.finish(
        draft, rendered, on_ready=_draft_ready, fields={"page_numbers": rendered.numbers}
    )


def _draft_ready(draft: Draft) -> None:
    outbox.enqueue("pact.tasks.send_draft_ready_mail", draft.pk, kind=OutboxKind.MAIL)


def notify_draft_ready(*, draft_pk: int) -> int:
    """E-mail the chair (and whoever asked) that a draft can be downloaded."""
    draft = Draft.objects.with_people().get(pk=draft_pk)
    recipients = {u.pk: u for u in User.objects.filter(role=Role.CHAIR, is_active=True)}
    if draft.requested_by is not None:
        recipients.setdefault(draft.requested_by.pk, draft.requested_by)
    return send_templated_mail(
        recipients=recipients.values(),
        kind="pact.draft_ready",
        template_prefix="pact/email/draft_ready",
        link=draft.get_absolute_url(),
        context={"draft": draft, "url": settings.SITE_URL + draft.get_absolute_url()},
    )


def drafts_recover_stale() -> list[Draft]:
    """Find drafts whose worker died and re-queue them (or fail them after too many attempts).

    A rendering draft is stale when its heartbeat stopped; a queued draft is stale when its
    render was handed to the broker more than PACT_QUEUED_STALE_AFTER_SECONDS ago and no worker
    picked it up (the message was lost). A render still waiting in the outbox is not stale: the
    relay hands it over when the broker is back. Called by beat only (`recover_stale_drafts`).
    """
    return DRAFTS.recover_stale()
