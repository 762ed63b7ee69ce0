"""Writes of the pact app: composing the pact from approved proposals, and rendering drafts.

Every function is keyword-only and atomic; e-mails and task submissions happen after commit.
"""

import contextlib
import logging
import threading
import time
import uuid
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.db.models import F, Max, Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from proposals.models import Proposal, ProposalStatus
from sectors.models import Sector
from streekpact.core import ordering
from streekpact.core.mail import send_templated_mail
from streekpact.partners.models import Organisation, Role, User

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

#: Errors worth retrying: the database or a network service was briefly unavailable.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError, TimeoutError)


# --- The pact and its chapters ------------------------------------------------------------------


@transaction.atomic
def pact_prepare() -> Pact:
    """The current pact, with a chapter for every sector (created in the sectors' order)."""
    pact = Pact.objects.current()
    missing = Sector.objects.filter(pact_chapter__isnull=True)
    for sector in missing:
        slug = sector.slug
        if Chapter.objects.filter(slug=slug).exists():
            slug = f"{slug}-{sector.pk}"
        Chapter.objects.create(
            pact=pact,
            sector=sector,
            title=sector.name,
            slug=slug,
            placement=ChapterPlacement.SECTORS,
            position=sector.position,
        )
    return pact


@transaction.atomic
def pact_update(*, pact: Pact, **fields) -> Pact:
    for name, value in fields.items():
        setattr(pact, name, value)
    pact.full_clean()
    pact.save()
    return pact


def _unique_slug(title: str) -> str:
    base = slugify(title)[:100] or "hoofdstuk"
    slug, n = base, 2
    while Chapter.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def chapter_create(
    *, pact: Pact, title: str, introduction: str = "", placement: str = ChapterPlacement.AFTER
) -> Chapter:
    """A staff-defined chapter (introduction, monitoring and governance, ...)."""
    if placement == ChapterPlacement.SECTORS:
        raise ValidationError(_("Only sector chapters stand among the sector chapters."))
    position = ordering.next_position(Chapter.objects.filter(pact=pact, placement=placement))
    return Chapter.objects.create(
        pact=pact,
        title=title,
        slug=_unique_slug(title),
        introduction=introduction,
        placement=placement,
        position=position,
    )


@transaction.atomic
def chapter_update(*, chapter: Chapter, **fields) -> Chapter:
    for name, value in fields.items():
        setattr(chapter, name, value)
    chapter.full_clean()
    chapter.save()
    return chapter


@transaction.atomic
def chapter_delete(*, chapter: Chapter) -> None:
    if chapter.is_sector_chapter:
        raise ValidationError(_("A sector's chapter cannot be deleted."))
    if Action.objects.filter(operational_objective__strategic_objective__chapter=chapter).exists():
        raise ValidationError(_("Move or remove this chapter's actions first."))
    chapter.delete()


# --- Objectives and actions -----------------------------------------------------------------


@transaction.atomic
def strategic_objective_create(
    *, chapter: Chapter, title: str, description: str = ""
) -> StrategicObjective:
    return StrategicObjective.objects.create(
        chapter=chapter,
        title=title,
        description=description,
        position=ordering.next_position(StrategicObjective.objects.filter(chapter=chapter)),
    )


@transaction.atomic
def operational_objective_create(
    *, strategic_objective: StrategicObjective, title: str
) -> OperationalObjective:
    return OperationalObjective.objects.create(
        strategic_objective=strategic_objective,
        title=title,
        position=ordering.next_position(
            OperationalObjective.objects.filter(strategic_objective=strategic_objective)
        ),
    )


@transaction.atomic
def objective_update(*, objective, **fields):
    """Change the title (and description) of a strategic or operational objective."""
    for name, value in fields.items():
        setattr(objective, name, value)
    objective.full_clean()
    objective.save()
    return objective


@transaction.atomic
def objective_delete(*, objective) -> None:
    """Delete an empty objective; one that still holds actions is refused."""
    if isinstance(objective, StrategicObjective):
        has_actions = Action.objects.filter(
            operational_objective__strategic_objective=objective
        ).exists()
    else:
        has_actions = objective.actions.exists()
    if has_actions:
        raise ValidationError(_("Move or remove the actions of this objective first."))
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
    operational_objective: OperationalObjective,
    title: str,
    description: str = "",
    trekker: Organisation | None = None,
    partners=(),
    timing_start=None,
    timing_end=None,
    indicators: str = "",
    budget: Decimal | None = None,
) -> Action:
    """Place an approved proposal in the pact as an action (a proposal may yield several)."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ProposalStatus.APPROVED:
        raise ValidationError(_("Only approved proposals can be placed in the pact."))
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
    return action


@transaction.atomic
def action_update(*, action: Action, partners=None, **fields) -> Action:
    """Edit an action's wording and facts; the link to its source proposal never changes."""
    fields.pop("proposal", None)
    new_objective = fields.get("operational_objective")
    if new_objective is not None and new_objective.pk != action.operational_objective_id:
        action.position = ordering.next_position(
            Action.objects.filter(operational_objective=new_objective)
        )
    for name, value in fields.items():
        setattr(action, name, value)
    action.full_clean()
    action.save()
    if partners is not None:
        action.partners.set(partners)
    return action


@transaction.atomic
def action_remove(*, action: Action) -> None:
    """Take an action out of the pact; its proposal shows up again as approved but unplaced."""
    action.delete()


@transaction.atomic
def item_move(*, item, direction: str) -> None:
    """Move an objective or action one place up or down among its siblings."""
    ordering.move(item=item, siblings=item.siblings, direction=direction)


# --- Drafts ---------------------------------------------------------------------------------


def _enqueue(draft_pk: int, task_id: str) -> None:
    from .tasks import render_draft

    render_draft.apply_async(args=[draft_pk], task_id=task_id)


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
            snapshot={"meta": meta, "content": content, "changes": changes},
            checksum=checksum,
            task_id=task_id,
        )
        if enqueue:
            transaction.on_commit(lambda: _enqueue(draft.pk, task_id))
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
def draft_share(*, draft: Draft, shared: bool) -> Draft:
    """Staff share a ready draft with the partners (or take the sharing back)."""
    if shared and draft.status != DraftStatus.READY:
        raise ValidationError(_("Only a ready draft can be shared."))
    draft.shared_with_partners = shared
    draft.save(update_fields=["shared_with_partners", "updated_at"])
    return draft


def _fail(draft_pk: int, reason: str) -> None:
    Draft.objects.filter(
        pk=draft_pk, status__in=(DraftStatus.QUEUED, DraftStatus.RENDERING)
    ).update(status=DraftStatus.FAILED, failure_reason=reason, finished_at=timezone.now())
    logger.warning("Draft %s failed: %s", draft_pk, reason)


@contextlib.contextmanager
def _heartbeat(draft_pk: int):
    """While rendering, mark the draft alive every few seconds (stale drafts are detected)."""
    stop = threading.Event()
    interval = getattr(settings, "PACT_HEARTBEAT_SECONDS", 5)

    def beat():
        try:
            while not stop.wait(interval):
                try:
                    Draft.objects.filter(pk=draft_pk, status=DraftStatus.RENDERING).update(
                        heartbeat_at=timezone.now()
                    )
                except Exception:  # noqa: BLE001 - a missed beat is harmless
                    logger.exception("Heartbeat of draft %s failed", draft_pk)
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"draft-{draft_pk}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=interval + 5)


def draft_render(
    *, draft_pk: int, task_id: str = "", final_attempt: bool = True, heartbeat: bool = False
) -> Draft | None:
    """Render a queued draft to PDF: queued → rendering → ready or failed.

    Idempotent: only a queued draft is claimed (atomically), so a duplicate or late message
    does nothing. A failure leaves a readable reason and never touches earlier drafts.
    Transient errors put the draft back in the queue and are re-raised for a retry.
    """
    from celery.exceptions import SoftTimeLimitExceeded

    from .rendering import render_pdf

    now = timezone.now()
    claim = {"status": DraftStatus.RENDERING, "started_at": now, "heartbeat_at": now}
    claim["attempts"] = F("attempts") + 1
    if task_id:
        claim["task_id"] = task_id
    if not Draft.objects.filter(pk=draft_pk, status=DraftStatus.QUEUED).update(**claim):
        logger.info("Draft %s is not queued (any more): nothing to do", draft_pk)
        return None
    draft = Draft.objects.get(pk=draft_pk)
    try:
        with _heartbeat(draft_pk) if heartbeat else contextlib.nullcontext():
            rendered = render_pdf(draft.snapshot)
    except SoftTimeLimitExceeded:
        _fail(draft_pk, _("Rendering took too long and was stopped (time limit)."))
        raise
    except TRANSIENT_ERRORS as exc:
        if final_attempt:
            _fail(
                draft_pk,
                _("Rendering failed after several attempts: %(error)s")
                % {"error": f"{type(exc).__name__}: {exc}"},
            )
        else:
            Draft.objects.filter(pk=draft_pk, status=DraftStatus.RENDERING).update(
                status=DraftStatus.QUEUED
            )
        raise
    except Exception as exc:
        logger.exception("Rendering draft %s failed", draft_pk)
        _fail(
            draft_pk, _("Rendering failed: %(error)s") % {"error": f"{type(exc).__name__}: {exc}"}
        )
        return Draft.objects.get(pk=draft_pk)

    storage = draft.pdf.storage
    name = storage.save(draft_upload_name(draft), ContentFile(rendered.content))
    with transaction.atomic():
        updated = Draft.objects.filter(pk=draft_pk, status=DraftStatus.RENDERING).update(
            status=DraftStatus.READY,
            pdf=name,
            size=len(rendered.content),
            page_count=rendered.page_count,
            failure_reason="",
            finished_at=timezone.now(),
        )
        if not updated:
            # Meanwhile declared stale and re-queued or failed: this result is not used.
            storage.delete(name)
            logger.warning("Draft %s changed state while rendering; result discarded", draft_pk)
            return Draft.objects.get(pk=draft_pk)
        transaction.on_commit(lambda: notify_draft_ready(draft_pk=draft_pk))
    logger.info("Draft %s ready (%s pages)", draft_pk, rendered.page_count)
    return Draft.objects.get(pk=draft_pk)


def draft_upload_name(draft: Draft) -> str:
    return f"pact/drafts/{draft.filename}"


def notify_draft_ready(*, draft_pk: int) -> int:
    """E-mail the chair (and whoever asked) that a draft can be downloaded."""
    draft = Draft.objects.with_people().get(pk=draft_pk)
    recipients = {u.pk: u for u in User.objects.filter(role=Role.CHAIR, is_active=True)}
    if draft.requested_by is not None:
        recipients.setdefault(draft.requested_by.pk, draft.requested_by)
    return send_templated_mail(
        recipients=recipients.values(),
        template_prefix="pact/email/draft_ready",
        context={"draft": draft, "url": settings.SITE_URL + draft.get_absolute_url()},
    )


def drafts_recover_stale() -> list[Draft]:
    """Find drafts whose worker died and re-queue them (or fail them after too many attempts).

    A rendering draft is stale when its heartbeat stopped; a queued draft is stale when no worker
    picked it up for a long time (its message was lost). Called periodically and on page views.
    """
    now = timezone.now()
    rendering_limit = now - timedelta(seconds=settings.PACT_STALE_AFTER_SECONDS)
    queued_limit = now - timedelta(seconds=settings.PACT_QUEUED_STALE_AFTER_SECONDS)
    stale = Q(status=DraftStatus.RENDERING) & (
        Q(heartbeat_at__lt=rendering_limit)
        | Q(heartbeat_at__isnull=True, started_at__lt=rendering_limit)
    )
    stale |= Q(status=DraftStatus.QUEUED, updated_at__lt=queued_limit)
    recovered = []
    for pk in Draft.objects.filter(stale).values_list("pk", flat=True):
        with transaction.atomic():
            draft = Draft.objects.select_for_update().filter(pk=pk).filter(stale).first()
            if draft is None:
                continue
            if draft.attempts >= settings.PACT_MAX_RENDER_ATTEMPTS:
                draft.status = DraftStatus.FAILED
                draft.failure_reason = _(
                    "The worker rendering this draft stopped %(count)s times; it was given up."
                ) % {"count": draft.attempts}
                draft.finished_at = now
                logger.warning("Draft %s given up after %s attempts", pk, draft.attempts)
            else:
                draft.status = DraftStatus.QUEUED
                draft.task_id = str(uuid.uuid4())
                task_id = draft.task_id
                transaction.on_commit(lambda pk=pk, task_id=task_id: _enqueue(pk, task_id))
                logger.warning("Draft %s was stale and is queued again", pk)
            draft.save()
            recovered.append(draft)
    return recovered
