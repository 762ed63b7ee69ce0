"""Writes for ateliers: plan, change, cancel; register and the waiting list; attendance; report.

Every function is keyword-only, runs in one transaction, and writes its e-mails to the outbox
(`streekpact.core.outbox`) in that transaction, so nothing is sent for a change that was rolled
back and nothing is lost when the task broker is down.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sectors.models import Sector, Theme
from streekpact.core import attachments, outbox
from streekpact.core.models import OutboxKind
from streekpact.partners.audit import audit_record, snapshot
from streekpact.partners.models import AuditVerb, Organisation, User

from .models import (
    Atelier,
    AtelierInvitation,
    AtelierStatus,
    Attachment,
    Conclusion,
    Registration,
    RegistrationStatus,
)

# Fields a change of which a calendar must pick up (bumps the iCalendar SEQUENCE).
CALENDAR_FIELDS = ("title", "starts_at", "ends_at", "location", "online_url", "description")
# Changes the people who registered are told about by e-mail.
PRACTICAL_FIELDS = ("starts_at", "ends_at", "location", "online_url")


def _mail(task: str, *args) -> None:
    """Write a mail task to the outbox of this transaction (sent once it commits)."""
    outbox.enqueue(task, *args, kind=OutboxKind.MAIL)


def _lock(atelier: Atelier) -> Atelier:
    """Re-read the atelier with a row lock: registrations and capacity changes are serialised."""
    return Atelier.objects.select_for_update().get(pk=atelier.pk)


# --- Planning ---------------------------------------------------------------------------------


@transaction.atomic
def atelier_create(
    *,
    by: User,
    sector: Sector,
    title: str,
    starts_at,
    ends_at,
    lead_organisations: list[Organisation] | None = None,
    **fields,
) -> Atelier:
    """Plan an atelier. Without lead organisations, the sector's trekkers lead it."""
    atelier = Atelier(
        sector=sector,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        created_by=by,
        status=AtelierStatus.PLANNED,
        **fields,
    )
    atelier.full_clean()
    atelier.save()
    leads = list(lead_organisations or []) or list(sector.lead_organisations.all())
    atelier.lead_organisations.set(leads)
    audit_record(
        by=by,
        verb=AuditVerb.CREATE,
        target=atelier,
        changes=snapshot(atelier, ["sector", "title", "starts_at", "ends_at", *fields]),
        action="atelier_create",
    )
    return atelier


@transaction.atomic
def atelier_update(
    *, atelier: Atelier, by: User, lead_organisations: list | None = None, **fields
) -> Atelier:
    """Change an atelier's details. Raising the capacity promotes people from the waiting list."""
    locked = _lock(atelier)
    schedule = ("starts_at", "ends_at", "capacity", "registration_deadline")
    if locked.status != AtelierStatus.PLANNED and any(
        k in fields and getattr(locked, k) != fields[k] for k in schedule
    ):
        raise ValidationError(_("Only a planned atelier can be rescheduled."))
    capacity = fields.get("capacity", locked.capacity)
    registered = locked.registrations.registered().count()
    if capacity is not None and capacity < registered:
        raise ValidationError(
            {
                "capacity": ngettext(
                    "%(count)s person is already registered; the capacity cannot be lower.",
                    "%(count)s people are already registered; the capacity cannot be lower.",
                    registered,
                )
                % {"count": registered}
            }
        )
    changed = {k for k in fields if getattr(locked, k) != fields[k]}
    before = snapshot(locked, sorted(changed))
    calendar_changed = bool(changed & set(CALENDAR_FIELDS))
    practical_changed = bool(changed & set(PRACTICAL_FIELDS))
    for key, value in fields.items():
        setattr(locked, key, value)
    if calendar_changed:
        locked.sequence = F("sequence") + 1
    locked.full_clean(exclude=["sequence"])
    locked.save()
    locked.refresh_from_db()
    if lead_organisations is not None:
        leads = list(lead_organisations) or list(locked.sector.lead_organisations.all())
        locked.lead_organisations.set(leads)
    _promote_waitlist(locked)
    after = snapshot(locked, sorted(changed))
    changes = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
    if lead_organisations is not None:
        changes["lead_organisations"] = [str(o) for o in locked.lead_organisations.all()]
    audit_record(
        by=by, verb=AuditVerb.UPDATE, target=locked, changes=changes, action="atelier_update"
    )
    if practical_changed and locked.status == AtelierStatus.PLANNED:
        _mail("ateliers.tasks.send_changed_mail", locked.pk)
    return locked


@transaction.atomic
def atelier_cancel(*, atelier: Atelier, by: User, message: str) -> Atelier:
    """Cancel a planned atelier; everyone registered or waiting gets the message by e-mail."""
    locked = _lock(atelier)
    if locked.status != AtelierStatus.PLANNED:
        raise ValidationError(_("Only a planned atelier can be cancelled."))
    if not message.strip():
        raise ValidationError({"message": _("Tell the participants why it is cancelled.")})
    locked.status = AtelierStatus.CANCELLED
    locked.cancellation_message = message.strip()
    locked.sequence = F("sequence") + 1
    locked.save(update_fields=["status", "cancellation_message", "sequence", "updated_at"])
    locked.refresh_from_db()
    audit_record(
        by=by,
        verb=AuditVerb.CANCEL,
        target=locked,
        changes={"message": locked.cancellation_message},
        action="atelier_cancel",
    )
    _mail("ateliers.tasks.send_cancellation_mail", locked.pk)
    return locked


@transaction.atomic
def atelier_mark_held(*, now=None) -> int:
    """Planned ateliers that are over become "held" (the periodic task runs this)."""
    now = now or timezone.now()
    over = list(
        Atelier.objects.select_for_update().filter(status=AtelierStatus.PLANNED, ends_at__lt=now)
    )
    for atelier in over:
        audit_record(
            by=None,
            verb=AuditVerb.STATUS,
            target=atelier,
            changes={"status": (AtelierStatus.PLANNED, AtelierStatus.HELD)},
            action="atelier_mark_held",
        )
    return Atelier.objects.filter(pk__in=[a.pk for a in over]).update(
        status=AtelierStatus.HELD, updated_at=now
    )


# --- Invitations ------------------------------------------------------------------------------


@transaction.atomic
def invitation_invite_organisations(
    *, atelier: Atelier, by: User, organisations: list[Organisation], message: str = ""
) -> list[AtelierInvitation]:
    """Invite whole partner organisations; their members are e-mailed. Re-inviting is a no-op."""
    if atelier.status != AtelierStatus.PLANNED:
        raise ValidationError(_("Invitations can only be sent for a planned atelier."))
    created = []
    for organisation in organisations:
        invitation, new = AtelierInvitation.objects.get_or_create(
            atelier=atelier,
            organisation=organisation,
            defaults={"invited_by": by, "message": message},
        )
        if new:
            created.append(invitation)
            audit_record(
                by=by,
                verb=AuditVerb.SEND,
                target=invitation,
                changes={"atelier": str(atelier)},
                action="invitation_invite_organisations",
            )
            _mail("ateliers.tasks.send_invitation_mail", invitation.pk)
    return created


@transaction.atomic
def invitation_invite_guest(
    *,
    atelier: Atelier,
    by: User,
    name: str,
    email: str,
    guest_organisation: str = "",
    organisation: Organisation | None = None,
    role: str = "",
    message: str = "",
) -> AtelierInvitation:
    """Invite a named external guest: they join the participant list and get an e-mail.

    Guests count towards the capacity like everyone else (waiting list when full).
    """
    locked = _lock(atelier)
    if locked.status != AtelierStatus.PLANNED:
        raise ValidationError(_("Invitations can only be sent for a planned atelier."))
    email = email.strip().lower()
    if (
        Registration.objects.filter(
            atelier=locked, user__isnull=True, guest_email__iexact=email
        ).exists()
        or Registration.objects.filter(atelier=locked, user__email__iexact=email).exists()
    ):
        raise ValidationError({"email": _("This person is already on the participant list.")})
    registration = Registration.objects.create(
        atelier=locked,
        guest_name=name.strip(),
        guest_email=email,
        guest_role=role,
        guest_organisation=guest_organisation.strip(),
        organisation=organisation,
        status=_free_status(locked),
        registered_by=by,
    )
    invitation = AtelierInvitation.objects.create(
        atelier=locked, registration=registration, invited_by=by, message=message
    )
    audit_record(
        by=by,
        verb=AuditVerb.SEND,
        target=registration,
        changes={"atelier": str(locked), "guest": email, "status": registration.status},
        action="invitation_invite_guest",
    )
    _mail("ateliers.tasks.send_invitation_mail", invitation.pk)
    return invitation


# --- Registration and the waiting list --------------------------------------------------------


def _free_status(atelier: Atelier) -> str:
    if atelier.capacity is None:
        return RegistrationStatus.REGISTERED
    taken = atelier.registrations.registered().count()
    return (
        RegistrationStatus.REGISTERED if taken < atelier.capacity else RegistrationStatus.WAITLISTED
    )


@transaction.atomic
def registration_register(*, atelier: Atelier, user: User, by: User) -> Registration:
    """Register `user` (oneself, or a colleague of `by`'s organisation).

    Open until the deadline (or the start) of a planned atelier; when it is full the person
    joins the waiting list. Registering again after cancelling puts them at the back.
    """
    if user.pk != by.pk and (
        by.organisation_id is None or user.organisation_id != by.organisation_id
    ):
        # The form offers only colleagues; a forged one is refused as invalid input.
        raise ValidationError(_("You can only register colleagues of your own organisation."))
    if not user.is_active:
        raise ValidationError(_("This account is not active."))
    locked = _lock(atelier)
    if locked.status != AtelierStatus.PLANNED:
        raise ValidationError(_("Registration is closed: this atelier is not planned."))
    if timezone.now() >= locked.effective_deadline:
        raise ValidationError(_("Registration is closed: the deadline has passed."))
    existing = Registration.objects.filter(atelier=locked, user=user).first()
    if existing and existing.status != RegistrationStatus.CANCELLED:
        raise ValidationError(
            _("%(name)s is already registered or on the waiting list.") % {"name": user}
        )
    status = _free_status(locked)
    if existing:
        registration = existing
        registration.status = status
        registration.queued_at = timezone.now()
        registration.registered_by = by
        registration.organisation = user.organisation
        registration.reminder_sent_at = None
        registration.save()
    else:
        registration = Registration.objects.create(
            atelier=locked,
            user=user,
            organisation=user.organisation,
            status=status,
            registered_by=by,
        )
    audit_record(
        by=by,
        verb=AuditVerb.REGISTER,
        target=registration,
        changes={"atelier": str(locked), "status": status},
        action="registration_register",
    )
    _mail("ateliers.tasks.send_registration_mail", registration.pk, status)
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration, by: User) -> Registration:
    """Cancel a registration; the first person on the waiting list takes the free place."""
    locked = _lock(registration.atelier)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        return registration
    if locked.status != AtelierStatus.PLANNED or locked.has_started:
        raise ValidationError(_("This atelier has started or is no longer planned."))
    previous = registration.status
    registration.status = RegistrationStatus.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    audit_record(
        by=by,
        verb=AuditVerb.CANCEL,
        target=registration,
        changes={"atelier": str(locked), "status": (previous, registration.status)},
        action="registration_cancel",
    )
    _promote_waitlist(locked)
    return registration


def _promote_waitlist(atelier: Atelier) -> list[Registration]:
    """Fill free places from the waiting list, first come first served (caller holds the lock)."""
    if atelier.status != AtelierStatus.PLANNED or atelier.has_started:
        return []
    waiting = atelier.registrations.waitlisted()
    if atelier.capacity is not None:
        free = atelier.capacity - atelier.registrations.registered().count()
        if free <= 0:
            return []
        waiting = waiting[:free]
    promoted = list(waiting)
    for registration in promoted:
        registration.status = RegistrationStatus.REGISTERED
        registration.save(update_fields=["status", "updated_at"])
        audit_record(
            by=None,
            verb=AuditVerb.STATUS,
            target=registration,
            changes={"status": (RegistrationStatus.WAITLISTED, RegistrationStatus.REGISTERED)},
            action="waitlist_promote",
        )
        _mail("ateliers.tasks.send_registration_mail", registration.pk, "promoted")
    return promoted


# --- Reminders --------------------------------------------------------------------------------


def registrations_due_for_reminder(*, now=None):
    now = now or timezone.now()
    window = timedelta(hours=settings.ATELIER_REMINDER_HOURS_BEFORE)
    return Registration.objects.filter(
        status=RegistrationStatus.REGISTERED,
        reminder_sent_at__isnull=True,
        atelier__status=AtelierStatus.PLANNED,
        atelier__starts_at__gt=now,
        atelier__starts_at__lte=now + window,
    )


def reminder_claim(*, registration_id: int, now=None) -> bool:
    """Mark a reminder as sent; True only for the one caller that claimed it (never twice)."""
    now = now or timezone.now()
    return bool(
        Registration.objects.filter(pk=registration_id, reminder_sent_at__isnull=True).update(
            reminder_sent_at=now
        )
    )


# --- The day: attendance ----------------------------------------------------------------------


@transaction.atomic
def attendance_update(*, atelier: Atelier, by: User, attended_ids: set[int]) -> Atelier:
    """Record who came (the others did not). A planned atelier becomes "held"."""
    locked = _lock(atelier)
    if not locked.can_take_attendance:
        raise ValidationError(_("Attendance can be recorded from the day of the atelier on."))
    active = locked.registrations.active()
    active.filter(pk__in=attended_ids).update(attended=True)
    active.exclude(pk__in=attended_ids).update(attended=False)
    if locked.status == AtelierStatus.PLANNED:
        locked.status = AtelierStatus.HELD
        locked.save(update_fields=["status", "updated_at"])
    audit_record(
        by=by,
        verb=AuditVerb.UPDATE,
        target=locked,
        changes={"attended": len(set(attended_ids))},
        action="attendance_update",
    )
    return locked


@transaction.atomic
def attendance_add_walk_in(
    *,
    atelier: Atelier,
    by: User,
    user: User | None = None,
    guest_name: str = "",
    guest_email: str = "",
    guest_organisation: str = "",
    organisation: Organisation | None = None,
    role: str = "",
) -> Registration:
    """Someone came without registering: a user of the portal, or a guest by name."""
    locked = _lock(atelier)
    if not locked.can_take_attendance:
        raise ValidationError(_("Attendance can be recorded from the day of the atelier on."))
    if user is not None:
        registration, _created = Registration.objects.get_or_create(
            atelier=locked,
            user=user,
            defaults={"organisation": user.organisation, "walk_in": True, "registered_by": by},
        )
        registration.status = RegistrationStatus.REGISTERED
        registration.attended = True
        registration.save()
        audit_record(
            by=by,
            verb=AuditVerb.REGISTER,
            target=registration,
            changes={"atelier": str(locked), "walk_in": True},
            action="attendance_add_walk_in",
        )
        return registration
    if not guest_name.strip():
        raise ValidationError({"guest_name": _("Choose a person or enter the guest's name.")})
    email = guest_email.strip().lower()
    if email and Registration.objects.filter(atelier=locked, guest_email__iexact=email).exists():
        raise ValidationError({"guest_email": _("This person is already on the participant list.")})
    registration = Registration.objects.create(
        atelier=locked,
        guest_name=guest_name.strip(),
        guest_email=email,
        guest_organisation=guest_organisation.strip(),
        guest_role=role,
        organisation=organisation,
        status=RegistrationStatus.REGISTERED,
        walk_in=True,
        attended=True,
        registered_by=by,
    )
    audit_record(
        by=by,
        verb=AuditVerb.REGISTER,
        target=registration,
        changes={"atelier": str(locked), "walk_in": True},
        action="attendance_add_walk_in",
    )
    return registration


# --- The report -------------------------------------------------------------------------------


@dataclass
class ConclusionData:
    text: str
    theme: Theme | None = None
    pk: int | None = None
    delete: bool = False


def _check_report_allowed(atelier: Atelier) -> None:
    if atelier.is_cancelled:
        raise ValidationError(_("A cancelled atelier has no report."))
    if not atelier.has_started:
        raise ValidationError(_("The report can be written once the atelier has started."))


@transaction.atomic
def report_update(
    *, atelier: Atelier, by: User, summary: str, conclusions: list[ConclusionData]
) -> Atelier:
    """Save the report's summary and its conclusions (in the given order)."""
    locked = _lock(atelier)
    _check_report_allowed(locked)
    locked.report_summary = summary
    if locked.status == AtelierStatus.PLANNED:
        locked.status = AtelierStatus.HELD
    locked.save(update_fields=["report_summary", "status", "updated_at"])
    existing = {c.pk: c for c in locked.conclusions.all()}
    position = 0
    for item in conclusions:
        conclusion = existing.get(item.pk) if item.pk else None
        if item.pk and conclusion is None:
            raise ValidationError(_("This conclusion does not belong to this atelier."))
        if item.delete or not item.text.strip():
            if conclusion is not None:
                conclusion.delete()
            continue
        position += 1
        if conclusion is None:
            conclusion = Conclusion(atelier=locked)
        conclusion.text = item.text.strip()
        conclusion.theme = item.theme
        conclusion.position = position
        conclusion.save()
    audit_record(
        by=by,
        verb=AuditVerb.UPDATE,
        target=locked,
        changes={"report_summary": summary, "conclusions": position},
        action="report_update",
    )
    return locked


@transaction.atomic
def report_publish(*, atelier: Atelier, by: User) -> Atelier:
    """Publish the report; the participants are told by e-mail (once)."""
    locked = _lock(atelier)
    _check_report_allowed(locked)
    if locked.status == AtelierStatus.REPORT_PUBLISHED:
        raise ValidationError(_("The report is already published."))
    if not locked.report_summary.strip():
        raise ValidationError(_("Write the summary before publishing the report."))
    locked.status = AtelierStatus.REPORT_PUBLISHED
    locked.report_published_at = timezone.now()
    locked.save(update_fields=["status", "report_published_at", "updated_at"])
    audit_record(by=by, verb=AuditVerb.PUBLISH, target=locked, action="report_publish")
    _mail("ateliers.tasks.send_report_published_mail", locked.pk)
    return locked


@transaction.atomic
def attachment_add(*, atelier: Atelier, by: User, uploaded, title: str = "") -> Attachment:
    """Add a file to the report; checked by content (core.attachments, the one service)."""
    if atelier.is_cancelled:
        raise ValidationError(_("A cancelled atelier has no report."))
    attachment = attachments.attachment_store(
        attachment=Attachment(atelier=atelier, title=title, uploaded_by=by), upload=uploaded
    )
    audit_record(
        by=by,
        verb=AuditVerb.CREATE,
        target=attachment,
        changes={"atelier": str(atelier), "file": attachment.original_name},
        action="attachment_add",
    )
    return attachment


def attachment_delete(*, attachment: Attachment, by: User) -> None:
    audit_record(
        by=by,
        verb=AuditVerb.DELETE,
        target=attachment,
        changes={"atelier": str(attachment.atelier), "file": attachment.original_name},
        action="attachment_delete",
    )
    attachments.attachment_delete(attachment=attachment)
