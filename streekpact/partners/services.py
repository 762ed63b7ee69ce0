"""Actions on the partnership: organisations, people, invitations, calendar links.

Every change to these goes through a function here (the portal's views call them; the admin
shows organisations and invitations read-only and lets superusers change only a person's
technical flags), and each one writes an audit entry in its transaction.
"""

import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from streekpact.core.mail import send_templated_mail
from streekpact.core.notifications import preferences_set

from .audit import audit_record, changes_since, snapshot
from .models import AuditVerb, Invitation, Organisation, Role, new_feed_token

logger = logging.getLogger(__name__)
User = get_user_model()


def invitation_url(token: str) -> str:
    return reverse("invitation_accept", kwargs={"token": token})


@transaction.atomic
def invitation_create(
    *, email: str, name: str, organisation: Organisation | None, role: str, by
) -> tuple[Invitation, str]:
    """Invite a person into an organisation; returns the invitation and its one-time token.

    A pending invitation for the same address is replaced (its link stops working). The mail
    is sent after the transaction commits, directly rather than through the broker, so the
    secret link never sits in a task queue.
    """
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(_("%(email)s already has an account.") % {"email": email})
    if role == Role.PARTNER and organisation is None:
        raise ValidationError(_("A partner member belongs to an organisation."))
    Invitation.objects.pending().filter(email__iexact=email).update(revoked_at=timezone.now())
    token, token_hash = Invitation.new_token()
    invitation = Invitation.objects.create(
        email=email,
        name=name.strip(),
        organisation=organisation,
        role=role,
        token_hash=token_hash,
        invited_by=by,
    )
    audit_record(
        by=by,
        verb=AuditVerb.SEND,
        target=invitation,
        changes={"role": role, "email": email},
        action="invitation_create",
    )
    transaction.on_commit(lambda: _send_invitation(invitation, token))
    return invitation, token


def _send_invitation(invitation: Invitation, token: str) -> None:
    # The invitee has no account yet: address an unsaved user carrying the invitation's details.
    recipient = User(
        email=invitation.email,
        name=invitation.name,
        language=getattr(invitation.invited_by, "language", None) or User().language,
    )
    send_templated_mail(
        recipients=[recipient],
        kind="partners.invitation",
        template_prefix="partners/email/invitation",
        context={"invitation": invitation, "accept_path": invitation_url(token)},
    )


@transaction.atomic
def invitation_accept(*, invitation: Invitation, password: str, name: str) -> User:
    """Create the invited person's account; the invitation can never be used again."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        raise ValidationError(_("This invitation can no longer be used."))
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(_("%(email)s already has an account.") % {"email": invitation.email})
    user = User.objects.create_user(
        email=invitation.email,
        password=password,
        name=name.strip() or invitation.name,
        organisation=invitation.organisation,
        role=invitation.role,
    )
    invitation.accepted_at = timezone.now()
    invitation.user = user
    invitation.save(update_fields=["accepted_at", "user", "updated_at"])
    audit_record(by=user, verb=AuditVerb.ACCEPT, target=invitation, action="invitation_accept")
    audit_record(
        by=user,
        verb=AuditVerb.CREATE,
        target=user,
        changes={"role": user.role, "organisation": str(user.organisation or "")},
        action="invitation_accept",
    )
    logger.info("Invitation %s accepted by user %s", invitation.pk, user.pk)
    return user


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by) -> Invitation:
    """Make a pending invitation's link stop working."""
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at", "updated_at"])
        audit_record(by=by, verb=AuditVerb.REVOKE, target=invitation, action="invitation_revoke")
        logger.info("Invitation %s revoked by user %s", invitation.pk, by.pk)
    return invitation


# --- Organisations and people ---------------------------------------------------------------


@transaction.atomic
def organisation_create(*, by: User, **fields) -> Organisation:
    """Staff add a partner organisation."""
    organisation = Organisation(**fields)
    organisation.full_clean()
    organisation.save()
    audit_record(
        by=by,
        verb=AuditVerb.CREATE,
        target=organisation,
        changes=snapshot(organisation, fields),
        action="organisation_create",
    )
    return organisation


def _update(instance, *, by: User, fields: dict, action: str):
    stored = instance._meta.model.objects.select_for_update().get(pk=instance.pk)
    before = snapshot(stored, fields)
    for name, value in fields.items():
        setattr(stored, name, value)
    stored.full_clean()
    stored.save()
    changes = changes_since(before, stored)
    if changes:
        audit_record(by=by, verb=AuditVerb.UPDATE, target=stored, changes=changes, action=action)
    return stored


@transaction.atomic
def organisation_update(*, organisation: Organisation, by: User, **fields) -> Organisation:
    """Staff edit a partner organisation (or deactivate it)."""
    return _update(organisation, by=by, fields=fields, action="organisation_update")


@transaction.atomic
def person_update(*, person: User, by: User, **fields) -> User:
    """Staff change a person's name, organisation or role, or switch their access off.

    Taking away one's own access is refused (the form says so first); a colleague must do it.
    """
    is_self = person.pk == by.pk
    if is_self and (
        not fields.get("is_active", True) or fields.get("role", Role.STAFF) != Role.STAFF
    ):
        raise ValidationError(_("You cannot take away your own access; ask a colleague."))
    return _update(person, by=by, fields=fields, action="person_update")


@transaction.atomic
def profile_update(*, user: User, notifications: dict | None = None, **fields) -> User:
    """Everyone edits their own name, job title, e-mail language, and per kind of notification
    how it reaches them (`notifications`: kind name → immediate / digest / off)."""
    allowed = {"name", "job_title", "language"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"not part of a profile: {sorted(unknown)}")
    stored = _update(user, by=user, fields=fields, action="profile_update")
    changed = preferences_set(user=stored, choices=notifications or {})
    if changed:
        audit_record(
            by=user,
            verb=AuditVerb.UPDATE,
            target=stored,
            changes={f"notifications:{k}": v for k, v in changed.items()},
            action="notification_preferences_update",
        )
    return stored


# --- The calendar-feed link -------------------------------------------------------------------


@transaction.atomic
def feed_token_renew(*, user: User, by: User) -> str:
    """Give `user` a new calendar link; the old one stops working (404). Returns the token."""
    token = new_feed_token()
    User.objects.filter(pk=user.pk).update(feed_token=token)
    user.feed_token = token
    audit_record(by=by, verb=AuditVerb.RENEW, target=user, action="feed_token_renew")
    return token


@transaction.atomic
def feed_token_revoke(*, user: User, by: User) -> None:
    """Switch `user`'s calendar link off (it answers 404) until they make a new one."""
    User.objects.filter(pk=user.pk).update(feed_token=None)
    user.feed_token = None
    audit_record(by=by, verb=AuditVerb.REVOKE, target=user, action="feed_token_revoke")
