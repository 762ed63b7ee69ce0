"""Actions on the partnership. Views, admin and commands all go through these functions."""

import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from streekpact.core.mail import send_templated_mail

from .models import Invitation, Organisation, Role

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
        template_prefix="partners/email/invitation",
        context={"invitation": invitation, "accept_path": invitation_url(token)},
        respect_opt_out=False,
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
    logger.info("Invitation %s accepted by user %s", invitation.pk, user.pk)
    return user


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by) -> Invitation:
    """Make a pending invitation's link stop working."""
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at", "updated_at"])
        logger.info("Invitation %s revoked by user %s", invitation.pk, by.pk)
    return invitation
