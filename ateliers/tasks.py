"""E-mails about ateliers, sent by Celery after the transaction committed.

Thin tasks: a primary key in, the rows re-read, one service or mail call. Reminders are claimed
row by row (with their outbox message, in one transaction), so a rerun (or two beat schedulers)
never reminds anyone twice. Each mail runs once per outbox message (`taskpolicy.MAIL`).
"""

import logging
from dataclasses import dataclass

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from streekpact.core import outbox
from streekpact.core.mail import send_templated_mail
from streekpact.core.models import OutboxKind
from streekpact.core.taskpolicy import MAIL, PERIODIC

logger = logging.getLogger(__name__)


@dataclass
class GuestRecipient:
    """An external guest without an account, shaped like a user for `send_templated_mail`."""

    name: str
    email: str
    language: str = settings.LANGUAGE_CODE
    is_active: bool = True
    pk = None  # no account: no preferences, no in-portal list

    def __str__(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email


def recipient_for(registration):
    if registration.user_id:
        return registration.user
    return GuestRecipient(name=registration.guest_name, email=registration.guest_email)


def _atelier(pk: int):
    from .models import Atelier

    return (
        Atelier.objects.select_related("sector", "facilitator")
        .prefetch_related("lead_organisations")
        .filter(pk=pk)
        .first()
    )


REGISTRATION_TEMPLATES = {
    "registered": "ateliers/email/registered",
    "waitlisted": "ateliers/email/waitlisted",
    "promoted": "ateliers/email/promoted",
}


@shared_task(**MAIL)
def send_registration_mail(registration_id: int, kind: str) -> int:
    """Confirmation of a registration, a place on the waiting list, or a promotion from it."""
    from .models import Registration

    registration = (
        Registration.objects.select_related("user", "atelier__sector", "registered_by")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None or kind not in REGISTRATION_TEMPLATES:
        return 0
    return send_templated_mail(
        recipients=[recipient_for(registration)],
        kind="ateliers.registration",  # a confirmation of what the person (or a colleague) asked
        template_prefix=REGISTRATION_TEMPLATES[kind],
        context={"atelier": registration.atelier, "registration": registration},
        link=registration.atelier.get_absolute_url(),
    )


@shared_task(**MAIL)
def send_cancellation_mail(atelier_id: int) -> int:
    atelier = _atelier(atelier_id)
    if atelier is None:
        return 0
    registrations = atelier.registrations.active().select_related("user")
    return send_templated_mail(
        recipients=[recipient_for(r) for r in registrations if r.email],
        kind="ateliers.change",  # people must know not to come
        template_prefix="ateliers/email/cancelled",
        context={"atelier": atelier},
        link=atelier.get_absolute_url(),
    )


@shared_task(**MAIL)
def send_changed_mail(atelier_id: int) -> int:
    """The time or place changed: everyone registered or waiting gets the new details."""
    atelier = _atelier(atelier_id)
    if atelier is None or atelier.status != "planned":
        return 0
    registrations = atelier.registrations.active().select_related("user")
    return send_templated_mail(
        recipients=[recipient_for(r) for r in registrations if r.email],
        kind="ateliers.change",  # people must know where and when to come
        template_prefix="ateliers/email/changed",
        context={"atelier": atelier},
        link=atelier.get_absolute_url(),
    )


@shared_task(**MAIL)
def send_invitation_mail(invitation_id: int) -> int:
    """An organisation's members, or a named guest, are invited. Sent once."""
    from .models import AtelierInvitation

    invitation = (
        AtelierInvitation.objects.select_related("organisation", "registration", "invited_by")
        .filter(pk=invitation_id, sent_at__isnull=True)
        .first()
    )
    if invitation is None:
        return 0
    atelier = _atelier(invitation.atelier_id)
    if invitation.organisation_id:
        recipients = list(invitation.organisation.members.filter(is_active=True))
    else:
        recipients = [recipient_for(invitation.registration)]
    sent = send_templated_mail(
        recipients=recipients,
        kind="ateliers.invitation",
        template_prefix="ateliers/email/invitation",
        context={"atelier": atelier, "invitation": invitation},
        link=atelier.get_absolute_url(),
        # The mail invites an answer: it goes to the staff member who invited, or the secretariat.
        reply_to=[getattr(invitation.invited_by, "email", "") or settings.RESOC_EMAIL],
    )
    AtelierInvitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())
    return sent


@shared_task(**MAIL)
def send_report_published_mail(atelier_id: int) -> int:
    """The participants (those who came; everyone registered if attendance was not taken)."""
    atelier = _atelier(atelier_id)
    if atelier is None or not atelier.report_is_published:
        return 0
    registrations = atelier.registrations.registered().select_related("user")
    attended = [r for r in registrations if r.attended]
    chosen = attended or list(registrations)
    return send_templated_mail(
        recipients=[recipient_for(r) for r in chosen if r.email],
        kind="ateliers.report",
        template_prefix="ateliers/email/report_published",
        context={"atelier": atelier},
        link=atelier.get_absolute_url(),
    )


@shared_task(**MAIL)
def send_reminder_mail(registration_id: int) -> int:
    from .models import Registration

    registration = (
        Registration.objects.select_related("user", "atelier__sector")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        return 0
    return send_templated_mail(
        recipients=[recipient_for(registration)],
        kind="ateliers.reminder",
        template_prefix="ateliers/email/reminder",
        context={"atelier": registration.atelier, "registration": registration},
        link=registration.atelier.get_absolute_url(),
    )


@shared_task(**PERIODIC)
def send_due_reminders() -> int:
    """Periodic (beat): remind everyone registered for an atelier that starts soon, once.

    Also marks planned ateliers that are over as held.
    """
    from . import services

    services.atelier_mark_held()
    count = 0
    for registration_id in services.registrations_due_for_reminder().values_list("pk", flat=True):
        with transaction.atomic():
            if services.reminder_claim(registration_id=registration_id):
                outbox.enqueue(
                    "ateliers.tasks.send_reminder_mail", registration_id, kind=OutboxKind.MAIL
                )
                count += 1
    if count:
        logger.info("Queued %s atelier reminders", count)
    return count
