"""Writes of the public app: asking for, and carrying out, the erasure of an account.

Erasing keeps what the organisation contributed (proposals, comments, supports, consultation
reactions, monitoring reports and remarks stay, under the organisation's name, their author shown
as "verwijderde gebruiker": those models point at the account and copy no name of the person)
and keeps signatures of the pact as a legal record (the signatory's name and function were
copied onto the signature). The person's own details go: name, e-mail, job title, login, feed
link, signing right, invitations.
"""

import json

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from adoption.models import Signature, SigningRight
from ateliers.models import Registration
from consultation.models import Reaction, ReactionRevision
from monitoring.models import ProgressReport, Remark
from proposals.models import Comment, Proposal, Support
from streekpact.core.models import Notification, NotificationPreference
from streekpact.partners.audit import audit_record
from streekpact.partners.models import AuditEntry, AuditVerb, Invitation, User

from .models import ErasureRequest, ErasureStatus

ERASED_NAME = "Verwijderde gebruiker"


@transaction.atomic
def erasure_request(*, by: User) -> ErasureRequest:
    """The person asks for their account to be erased (one open request at a time)."""
    if ErasureRequest.objects.filter(user=by, status=ErasureStatus.PENDING).exists():
        raise ValidationError(_("You already asked for this; RESOC staff will carry it out."))
    try:
        with transaction.atomic():
            request = ErasureRequest.objects.create(user=by, user_repr=f"{by.name} <{by.email}>")
    except IntegrityError:
        raise ValidationError(
            _("You already asked for this; RESOC staff will carry it out.")
        ) from None
    audit_record(by=by, verb=AuditVerb.CREATE, target=request, action="erasure_request")
    return request


@transaction.atomic
def person_erase(*, request: ErasureRequest, by: User) -> ErasureRequest:
    """Staff carry out an erasure request (see the module's docstring for what stays)."""
    request = ErasureRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != ErasureStatus.PENDING or request.user_id is None:
        raise ValidationError(_("This request was already carried out."))
    person = User.objects.select_for_update().get(pk=request.user_id)
    Invitation.objects.filter(email__iexact=person.email).delete()
    EmailAddress.objects.filter(user=person).delete()
    SigningRight.objects.filter(user=person, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    person.name = ERASED_NAME
    person.first_name = ""
    person.last_name = ""
    person.job_title = ""
    person.email = f"verwijderd-{person.pk}@gebruiker.invalid"
    person.is_active = False
    NotificationPreference.objects.filter(user=person).delete()
    Notification.objects.filter(user=person).delete()
    person.feed_token = None
    person.set_unusable_password()
    person.save()
    request.status = ErasureStatus.DONE
    request.user_repr = f"{ERASED_NAME} #{person.pk}"
    request.carried_out_by = by
    request.carried_out_at = timezone.now()
    request.save()
    audit_record(
        by=by,
        verb=AuditVerb.DELETE,
        target=request,
        changes={"person": person.pk},
        action="person_erase",
    )
    return request


def my_data(user: User) -> dict:
    """Everything the portal holds about a person, as JSON-ready data (a read)."""
    proposals = Proposal.objects.filter(authors=user).select_related("organisation")
    return {
        "person": {
            "name": user.name,
            "email": user.email,
            "job_title": user.job_title,
            "role": user.role,
            "organisation": str(user.organisation or ""),
            "language": user.language,
            "notification_preferences": {
                p.kind: p.delivery for p in NotificationPreference.objects.filter(user=user)
            },
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        "proposals_authored": [
            {
                "reference": p.reference,
                "title": p.title,
                "status": p.status,
                "organisation": str(p.organisation or ""),
            }
            for p in proposals
        ],
        "comments": [
            {"proposal": c.proposal_id, "text": c.text, "at": c.created_at}
            for c in Comment.objects.filter(author=user, removed_at__isnull=True)
        ],
        "supports_declared": [
            {"proposal": s.proposal_id, "stance": s.stance, "reason": s.reason}
            for s in Support.objects.filter(declared_by=user)
        ],
        "atelier_registrations": [
            {"atelier": r.atelier.title, "status": r.status, "attended": r.attended}
            for r in Registration.objects.filter(user=user).select_related("atelier")
        ],
        "signing_rights": [
            {
                "organisation": str(r.organisation),
                "function": r.function,
                "granted": r.created_at,
                "revoked": r.revoked_at,
            }
            for r in SigningRight.objects.filter(user=user).select_related("organisation")
        ],
        "signatures": [
            {
                "organisation": str(s.organisation),
                "decision": s.decision,
                "function": s.function,
                "at": s.at,
                "checksum": s.checksum,
                "reason": s.reason,
            }
            for s in Signature.objects.filter(signed_by=user).select_related("organisation")
        ],
        "monitoring_reports_submitted": [
            {
                "period": r.period.title,
                "action": r.action.title,
                "organisation": str(r.organisation),
                "status": r.status,
                "narrative": r.narrative,
                "obstacles": r.obstacles,
                "submitted_at": r.submitted_at,
            }
            for r in ProgressReport.objects.filter(submitted_by=user).select_related(
                "period", "action", "organisation"
            )
        ],
        "monitoring_remarks": [
            {
                "report": f"{m.report.action.title} — {m.report.period.title}",
                "organisation": str(m.organisation),
                "remark": m.body,
                "at": m.created_at,
            }
            for m in Remark.objects.filter(author=user).select_related(
                "organisation", "report__action", "report__period"
            )
        ],
        "consultation_reactions": [
            {
                "reference": c.reference,
                "round": str(c.round),
                "organisation": str(c.organisation),
                "section": f"{c.section_number} {c.section_title}",
                "kind": c.kind,
                "stance": c.stance,
                "text": c.body,
                "proposed_title": c.proposed_title,
                "proposed_description": c.proposed_description,
                "at": c.created_at,
            }
            for c in Reaction.objects.filter(author=user).select_related("round", "organisation")
        ],
        "consultation_reaction_edits": [
            {"reaction": e.reaction.reference, "earlier_wording": e.content, "at": e.created_at}
            for e in ReactionRevision.objects.filter(edited_by=user).select_related("reaction")
        ],
        "invitations": [
            {"email": i.email, "organisation": str(i.organisation or ""), "at": i.created_at}
            for i in Invitation.objects.filter(email__iexact=user.email)
        ],
        "log_entries": [
            {"at": e.at, "verb": e.verb, "action": e.action, "object": e.target_repr}
            for e in AuditEntry.objects.filter(actor=user).order_by("at")[:5000]
        ],
        "erasure_requests": [
            {"status": r.status, "at": r.created_at}
            for r in ErasureRequest.objects.filter(user=user)
        ],
    }


def my_data_json(user: User) -> str:
    return json.dumps(my_data(user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
