"""Writes of the adoption app: adopting a final version, signing it, rendering it.

Keyword-only, atomic, audited. Renders and mails go through the outbox in the same transaction.
After every change the public site may show differently, the content version is bumped (after
commit), so the public pages' cache is renewed (`content_version`).
"""

import copy
import functools
import hashlib
import json
import logging
import uuid
from datetime import date, timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pact.models import Draft, DraftScope, DraftStatus
from pact.snapshot import DOCUMENT_LANGUAGE, KIND_LABELS
from proposals.models import Proposal, ProposalStatus
from streekpact.core import outbox
from streekpact.core.lifecycle import RenderLifecycle
from streekpact.core.mail import send_templated_mail
from streekpact.core.models import OutboxKind
from streekpact.partners.audit import audit_record
from streekpact.partners.models import AuditVerb, Organisation, Role, User

from .models import (
    Adoption,
    AdoptionStatus,
    Decision,
    Rendition,
    RenditionStatus,
    Signature,
    SignatureScope,
    SigningRight,
)

logger = logging.getLogger(__name__)

CONTENT_VERSION_KEY = "adoption:content-version"
REMINDER_INTERVAL = timedelta(days=1)


# --- The content version (the public pages' cache key) ------------------------------------------


def content_version() -> str:
    """A stamp that changes whenever the published pact or its signatures change.

    Read from the cache (one lookup); when the cache lost it, recomputed from the database.
    """
    stamp = cache.get(CONTENT_VERSION_KEY)
    if stamp is None:
        latest = Signature.objects.aggregate(m=Max("updated_at"))["m"]
        adoption = Adoption.objects.adopted().aggregate(m=Max("updated_at"))["m"]
        rendition = Rendition.objects.ready().aggregate(m=Max("updated_at"))["m"]
        stamp = hashlib.sha256(f"{latest}|{adoption}|{rendition}".encode()).hexdigest()[:16]
        cache.set(CONTENT_VERSION_KEY, stamp, None)
    return stamp


def content_version_bump() -> None:
    """Renew the content version after this transaction commits (the public pages are then
    rendered again). For any app whose published data shows on the public site (monitoring)."""
    _bump_content_version()


def _bump_content_version() -> None:
    transaction.on_commit(
        lambda: cache.set(CONTENT_VERSION_KEY, uuid.uuid4().hex[:16], None), robust=True
    )


# --- Adopting -----------------------------------------------------------------------------------


@transaction.atomic
def adoption_propose(*, draft: Draft, by: User) -> Adoption:
    """Propose a ready draft of the whole pact as the final text (the chair decides)."""
    draft = Draft.objects.select_for_update().get(pk=draft.pk)
    if draft.status != DraftStatus.READY or draft.scope != DraftScope.WHOLE:
        raise ValidationError(_("Only a ready draft of the whole pact can be proposed as final."))
    if Adoption.objects.filter(draft=draft).exists():
        raise ValidationError(_("This draft was already proposed as final."))
    if Adoption.objects.filter(pact=draft.pact, status=AdoptionStatus.PROPOSED).exists():
        raise ValidationError(
            _("Another draft is already proposed as final; the chair decides on that one first.")
        )
    adoption = Adoption.objects.create(
        pact=draft.pact,
        draft=draft,
        proposed_by=by,
        snapshot=copy.deepcopy(draft.snapshot),
        checksum=draft.checksum,
    )
    audit_record(
        by=by,
        verb=AuditVerb.CREATE,
        target=adoption,
        changes={"draft_version": draft.version, "checksum": draft.checksum},
        action="adoption_propose",
    )
    return adoption


@transaction.atomic
def adoption_withdraw(*, adoption: Adoption, by: User) -> Adoption:
    """Take back a proposal that was not adopted (so another draft can be proposed)."""
    adoption = Adoption.objects.select_for_update().get(pk=adoption.pk)
    if adoption.status != AdoptionStatus.PROPOSED:
        raise ValidationError(_("Only a proposal that was not adopted can be withdrawn."))
    adoption.status = AdoptionStatus.WITHDRAWN
    adoption.save(update_fields=["status", "updated_at"])
    audit_record(
        by=by,
        verb=AuditVerb.STATUS,
        target=adoption,
        changes={"status": (AdoptionStatus.PROPOSED, AdoptionStatus.WITHDRAWN)},
        action="adoption_withdraw",
    )
    return adoption


def status_line(adopted_on: date) -> str:
    with translation.override(DOCUMENT_LANGUAGE):
        return f"Definitieve versie — goedgekeurd op {date_format(adopted_on, 'j F Y')}"


@transaction.atomic
def adoption_adopt(
    *, adoption: Adoption, adopted_on: date, partial_signing: bool = False, by: User
) -> Adoption:
    """The chair adopts the proposed text with the plenary's date: it is frozen for good.

    The snapshot gets its final status line ("Definitieve versie — goedgekeurd op …"); the
    first rendition is queued, and the signatories are told they can sign.
    """
    adoption = Adoption.objects.select_for_update().get(pk=adoption.pk)
    if adoption.status != AdoptionStatus.PROPOSED:
        raise ValidationError(_("Only a text proposed as final can be adopted."))
    if adopted_on > timezone.localdate():
        raise ValidationError(_("The date of the plenary cannot lie in the future."))
    number = (Adoption.objects.filter(pact=adoption.pact).aggregate(m=Max("number"))["m"] or 0) + 1
    with translation.override(DOCUMENT_LANGUAGE):
        adopted_display = date_format(adopted_on, "j F Y")
    meta = adoption.snapshot["meta"]
    meta.update(
        {
            "final": True,
            "adoption_number": number,
            "adopted_on": adopted_on.isoformat(),
            "adopted_on_display": adopted_display,
            "status_line": status_line(adopted_on),
            "proposals_received": Proposal.objects.exclude(status=ProposalStatus.DRAFT).count(),
        }
    )
    adoption.status = AdoptionStatus.ADOPTED
    adoption.number = number
    adoption.adopted_on = adopted_on
    adoption.adopted_at = timezone.now()
    adoption.adopted_by = by
    adoption.partial_signing = partial_signing
    adoption.save()
    audit_record(
        by=by,
        verb=AuditVerb.STATUS,
        target=adoption,
        changes={
            "status": (AdoptionStatus.PROPOSED, AdoptionStatus.ADOPTED),
            "adopted_on": adopted_on.isoformat(),
            "number": number,
        },
        action="adoption_adopt",
    )
    _rendition_create(adoption=adoption, by=by)
    outbox.enqueue(
        "adoption.tasks.send_signing_mail", adoption.pk, "invitation", kind=OutboxKind.MAIL
    )
    _bump_content_version()
    return adoption


@transaction.atomic
def adoption_set_partial_signing(*, adoption: Adoption, allowed: bool, by: User) -> Adoption:
    """Staff allow (or stop allowing) organisations to sign only the chapters they take part in."""
    adoption = Adoption.objects.select_for_update().get(pk=adoption.pk)
    was = adoption.partial_signing
    adoption.partial_signing = allowed
    adoption.save(update_fields=["partial_signing", "updated_at"])
    audit_record(
        by=by,
        verb=AuditVerb.UPDATE,
        target=adoption,
        changes={"partial_signing": (was, allowed)},
        action="adoption_set_partial_signing",
    )
    return adoption


# --- Signing rights -----------------------------------------------------------------------------


@transaction.atomic
def signing_right_grant(*, user: User, function: str, by: User) -> SigningRight:
    """Staff let a member sign for their organisation (one active right per person)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.role != Role.PARTNER or user.organisation_id is None or not user.is_active:
        raise ValidationError(_("Only an active member of a partner organisation can sign."))
    current = SigningRight.objects.filter(user=user, revoked_at__isnull=True).first()
    if current is not None:
        raise ValidationError(_("%(name)s already has a signing right.") % {"name": user.name})
    right = SigningRight.objects.create(
        user=user, organisation_id=user.organisation_id, function=function, granted_by=by
    )
    audit_record(
        by=by,
        verb=AuditVerb.CREATE,
        target=right,
        organisation=right.organisation,
        changes={"user": user.name, "function": function},
        action="signing_right_grant",
    )
    return right


@transaction.atomic
def signing_right_revoke(*, right: SigningRight, by: User) -> SigningRight:
    right = SigningRight.objects.select_for_update().get(pk=right.pk)
    if right.revoked_at is not None:
        return right
    right.revoked_at = timezone.now()
    right.save(update_fields=["revoked_at", "updated_at"])
    audit_record(
        by=by,
        verb=AuditVerb.REVOKE,
        target=right,
        organisation=right.organisation,
        action="signing_right_revoke",
    )
    return right


def active_right(user) -> SigningRight | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return SigningRight.objects.active().filter(user=user).select_related("organisation").first()


# --- Signing ------------------------------------------------------------------------------------


def chapters_of(adoption: Adoption, organisation: Organisation) -> list[dict]:
    """The adopted chapters the organisation takes part in (trekker or partner of an action)."""
    name = organisation.name
    result = []
    for chapter in adoption.content.get("chapters", []):
        for so in chapter["objectives"]:
            if any(
                action["trekker"] == name or name in action["partners"]
                for oo in so["operational"]
                for action in oo["actions"]
            ):
                result.append(chapter)
                break
    return result


def signed_text_checksum(adoption: Adoption, scope: str, chapters: list[dict]) -> str:
    """SHA-256 of what was signed: the whole adopted content, or its pact texts and chapters."""
    if scope == SignatureScope.WHOLE:
        return adoption.checksum
    part = {"pact": adoption.content.get("pact"), "chapters": chapters}
    canonical = json.dumps(part, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _answer_lock(adoption: Adoption, user: User) -> tuple[Adoption, SigningRight]:
    """Lock the adoption (answers of one version are serialised) and check the signatory."""
    adoption = Adoption.objects.select_for_update().get(pk=adoption.pk)
    if not adoption.is_adopted:
        raise ValidationError(_("This text has not been adopted; it cannot be signed."))
    current = Adoption.objects.current()
    if current is None or current.pk != adoption.pk:
        raise ValidationError(_("A newer version of the pact was adopted; sign that one."))
    right = active_right(user)
    if right is None:
        raise ValidationError(_("You have no signing right for your organisation."))
    existing = Signature.objects.filter(
        adoption=adoption, organisation_id=right.organisation_id
    ).first()
    if existing is not None:
        raise ValidationError(
            _("%(organisation)s already answered on %(date)s (%(who)s: %(decision)s).")
            % {
                "organisation": right.organisation.name,
                "date": date_format(timezone.localtime(existing.at), "j F Y H:i"),
                "who": existing.signer_name,
                "decision": existing.get_decision_display().lower(),
            }
        )
    return adoption, right


def _save_answer(signature: Signature) -> Signature:
    try:
        with transaction.atomic():
            signature.full_clean()
            signature.save()
    except IntegrityError:
        # Another signatory of the organisation answered at the same moment (databases without
        # row locks): the unique constraint keeps one answer, this one is refused.
        raise ValidationError(
            _("%(organisation)s already answered.") % {"organisation": signature.organisation}
        ) from None
    return signature


@transaction.atomic
def signature_sign(*, adoption: Adoption, scope: str = SignatureScope.WHOLE, by: User) -> Signature:
    """The signatory signs the adopted text on behalf of their organisation (once per version)."""
    adoption, right = _answer_lock(adoption, by)
    chapters: list[dict] = []
    if scope == SignatureScope.CHAPTERS:
        if not adoption.partial_signing:
            raise ValidationError(_("In this round the whole pact is signed."))
        chapters = chapters_of(adoption, right.organisation)
        if not chapters:
            raise ValidationError(_("Your organisation takes part in no chapter of this pact."))
    signature = _save_answer(
        Signature(
            adoption=adoption,
            organisation=right.organisation,
            decision=Decision.SIGNED,
            signed_by=by,
            signer_name=by.name,
            function=right.function,
            scope=scope,
            chapters=[{"number": c["number"], "title": c["title"]} for c in chapters],
            checksum=signed_text_checksum(adoption, scope, chapters),
            at=timezone.now(),
        )
    )
    audit_record(
        by=by,
        verb=AuditVerb.CREATE,
        target=signature,
        organisation=right.organisation,
        changes={"decision": Decision.SIGNED, "scope": scope, "checksum": signature.checksum},
        action="signature_sign",
    )
    _bump_content_version()
    return signature


@transaction.atomic
def signature_decline(*, adoption: Adoption, reason: str, by: User) -> Signature:
    """The signatory declines to sign on behalf of their organisation, with a reason (for staff)."""
    if not reason.strip():
        raise ValidationError(_("Give a reason."))
    adoption, right = _answer_lock(adoption, by)
    signature = _save_answer(
        Signature(
            adoption=adoption,
            organisation=right.organisation,
            decision=Decision.DECLINED,
            signed_by=by,
            signer_name=by.name,
            function=right.function,
            reason=reason.strip(),
            at=timezone.now(),
        )
    )
    audit_record(
        by=by,
        verb=AuditVerb.CREATE,
        target=signature,
        organisation=right.organisation,
        changes={"decision": Decision.DECLINED},
        action="signature_decline",
    )
    _bump_content_version()
    return signature


def organisations_without_answer(adoption: Adoption):
    answered = Signature.objects.filter(adoption=adoption, organisation=OuterRef("pk"))
    return Organisation.objects.active().filter(~Exists(answered)).order_by("name")


@transaction.atomic
def signing_remind(*, adoption: Adoption, by: User) -> Adoption:
    """Staff remind the signatories of organisations that have not answered (once a day)."""
    adoption = Adoption.objects.select_for_update().get(pk=adoption.pk)
    if not adoption.is_adopted:
        raise ValidationError(_("Only an adopted version can be signed."))
    now = timezone.now()
    if adoption.reminded_at and now - adoption.reminded_at < REMINDER_INTERVAL:
        raise ValidationError(
            _("Reminders were already sent on %(when)s; at most once a day.")
            % {"when": date_format(timezone.localtime(adoption.reminded_at), "j F Y H:i")}
        )
    adoption.reminded_at = now
    adoption.save(update_fields=["reminded_at", "updated_at"])
    audit_record(
        by=by,
        verb=AuditVerb.SEND,
        target=adoption,
        changes={"reminder": now.isoformat()},
        action="signing_remind",
    )
    outbox.enqueue(
        "adoption.tasks.send_signing_mail", adoption.pk, "reminder", kind=OutboxKind.MAIL
    )
    return adoption


def notify_signatories(*, adoption_pk: int, kind: str) -> int:
    """Mail the signatories of organisations that have not answered (an invitation or reminder)."""
    adoption = Adoption.objects.get(pk=adoption_pk)
    waiting = organisations_without_answer(adoption)
    recipients = [
        right.user
        for right in SigningRight.objects.active().with_people().filter(organisation__in=waiting)
    ]
    context = {"adoption": adoption, "url": settings.SITE_URL + adoption.get_absolute_url()}
    if kind == "reminder":
        return send_templated_mail(
            recipients=recipients,
            template_prefix="adoption/email/reminder",
            kind="adoption.reminder",
            link=adoption.get_absolute_url(),
            context=context,
        )
    return send_templated_mail(
        recipients=recipients,
        template_prefix="adoption/email/invitation",
        kind="adoption.invitation",
        link=adoption.get_absolute_url(),
        context=context,
    )


# --- The signature page and renditions ----------------------------------------------------------

#: The final renditions' render lifecycle (streekpact.core.lifecycle), the same as the drafts'.
RENDITIONS = RenderLifecycle(
    model=Rendition,
    task="adoption.tasks.render_rendition",
    action="rendition_render",
    recover_action="renditions_recover_stale",
    audit=functools.partial(audit_record, by=None, verb=AuditVerb.STATUS),
)


def signing_block(adoption: Adoption) -> dict:
    """The signature page, in Dutch: who signed (grouped by kind), who has not answered yet."""
    signed = list(adoption.signatures.signed().select_related("organisation"))
    waiting = list(organisations_without_answer(adoption))
    kinds = list(KIND_LABELS)
    groups: dict[str, list] = {}
    with translation.override(DOCUMENT_LANGUAGE):
        for signature in sorted(
            signed,
            key=lambda s: (
                kinds.index(s.organisation.kind) if s.organisation.kind in kinds else 99,
                s.organisation.name,
            ),
        ):
            label = KIND_LABELS.get(signature.organisation.kind, "Andere")
            groups.setdefault(label, []).append(
                {
                    "organisation": signature.organisation.name,
                    "name": signature.signer_name,
                    "function": signature.function,
                    "date": date_format(timezone.localtime(signature.at).date(), "j F Y"),
                    "chapters": ", ".join(str(c["number"]) for c in signature.chapters),
                    "checksum": signature.checksum,
                }
            )
    return {
        "groups": [{"kind": kind, "rows": rows} for kind, rows in groups.items()],
        "unsigned": [org.name for org in waiting],
        "complete": not waiting,
        "signed_count": len(signed),
    }


def _block_checksum(block: dict) -> str:
    canonical = json.dumps(block, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _rendition_create(*, adoption: Adoption, by: User | None) -> tuple[Rendition, bool]:
    block = signing_block(adoption)
    checksum = _block_checksum(block)
    latest = adoption.renditions.exclude(status=RenditionStatus.FAILED).order_by("-number").first()
    if latest is not None and latest.signing_checksum == checksum:
        return latest, False
    number = (adoption.renditions.aggregate(m=Max("number"))["m"] or 0) + 1
    task_id = str(uuid.uuid4())
    rendition = Rendition.objects.create(
        adoption=adoption,
        number=number,
        requested_by=by,
        signing=block,
        signing_checksum=checksum,
        task_id=task_id,
    )
    audit_record(
        by=by,
        verb=AuditVerb.CREATE,
        target=rendition,
        changes={"number": number, "signed": block["signed_count"]},
        action="rendition_request",
    )
    RENDITIONS.enqueue(rendition.pk, task_id)
    return rendition, True


@transaction.atomic
def rendition_request(*, adoption: Adoption, by: User) -> tuple[Rendition, bool]:
    """A new numbered PDF of the adopted version with the signatures known now.

    When the signature page has not changed since the latest rendition, that one is returned and
    nothing new starts. Returns (rendition, created).
    """
    adoption = Adoption.objects.select_for_update().get(pk=adoption.pk)
    if not adoption.is_adopted:
        raise ValidationError(_("Only an adopted version is rendered as final."))
    return _rendition_create(adoption=adoption, by=by)


def rendition_render(
    *, rendition_pk: int, task_id: str = "", final_attempt: bool = True, heartbeat: bool = False
) -> Rendition | None:
    """Render a queued rendition: queued → rendering → ready or failed (claimed atomically, so a
    duplicate message does nothing; a heartbeat while it renders). Reads only the frozen
    snapshot: deterministic."""
    from pact.rendering import render_pdf

    return RENDITIONS.render(
        rendition_pk,
        render=lambda rendition: render_pdf(rendition.snapshot()),
        on_ready=lambda rendition: _bump_content_version(),
        task_id=task_id,
        final_attempt=final_attempt,
        heartbeat=heartbeat,
        queryset=Rendition.objects.select_related("adoption"),
    )


def renditions_recover_stale() -> list[Rendition]:
    """Re-queue renditions whose worker died (no heartbeat) or whose message was lost; fail them
    after PACT_MAX_RENDER_ATTEMPTS. Called by beat only."""
    return RENDITIONS.recover_stale()
