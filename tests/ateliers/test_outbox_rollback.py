"""Every atelier service (and the reminder run) that queues a mail queues it only on commit."""

import datetime as dt

import pytest
from django.utils import timezone

from ateliers import services, tasks
from ateliers.models import Registration, RegistrationStatus
from tests.outbox import assert_enqueued_only_on_commit

from .factories import AtelierFactory, HeldAtelierFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _full_with_waiting_list(chemie, voka):
    atelier = AtelierFactory(sector=chemie, leads=[voka], capacity=1)
    first = RegistrationFactory(atelier=atelier)
    RegistrationFactory(atelier=atelier, status=RegistrationStatus.WAITLISTED)
    return atelier, first


def update(chemie, voka, acv, staff):
    atelier = AtelierFactory(sector=chemie, leads=[voka])
    return lambda: services.atelier_update(atelier=atelier, by=staff, location="Nekkerhal")


def update_capacity(chemie, voka, acv, staff):
    atelier, _first = _full_with_waiting_list(chemie, voka)
    return lambda: services.atelier_update(atelier=atelier, by=staff, capacity=2)


def cancel(chemie, voka, acv, staff):
    atelier = AtelierFactory(sector=chemie, leads=[voka])
    return lambda: services.atelier_cancel(atelier=atelier, by=staff, message="Zaal onbeschikbaar")


def invite_organisations(chemie, voka, acv, staff):
    atelier = AtelierFactory(sector=chemie, leads=[voka])
    return lambda: services.invitation_invite_organisations(
        atelier=atelier, by=staff, organisations=[acv]
    )


def invite_guest(chemie, voka, acv, staff):
    atelier = AtelierFactory(sector=chemie, leads=[voka])
    return lambda: services.invitation_invite_guest(
        atelier=atelier, by=staff, name="Gwen Gast", email="gwen@extern.example"
    )


def register(chemie, voka, acv, staff):
    atelier = AtelierFactory(sector=chemie, leads=[voka])
    person = UserFactory()
    return lambda: services.registration_register(atelier=atelier, user=person, by=person)


def cancel_registration(chemie, voka, acv, staff):
    atelier, first = _full_with_waiting_list(chemie, voka)
    return lambda: services.registration_cancel(registration=first, by=first.user)


def publish_report(chemie, voka, acv, staff):
    atelier = HeldAtelierFactory(sector=chemie, leads=[voka], report_summary="Samenvatting")
    RegistrationFactory(atelier=atelier, attended=True)
    return lambda: services.report_publish(atelier=atelier, by=staff)


def reminders(chemie, voka, acv, staff):
    atelier = AtelierFactory(sector=chemie, starts_at=timezone.now() + dt.timedelta(hours=20))
    RegistrationFactory(atelier=atelier)
    return tasks.send_due_reminders


CASES = {
    "atelier_update": (update, "ateliers.tasks.send_changed_mail"),
    "atelier_update promotes": (update_capacity, "ateliers.tasks.send_registration_mail"),
    "atelier_cancel": (cancel, "ateliers.tasks.send_cancellation_mail"),
    "invitation_invite_organisations": (
        invite_organisations,
        "ateliers.tasks.send_invitation_mail",
    ),
    "invitation_invite_guest": (invite_guest, "ateliers.tasks.send_invitation_mail"),
    "registration_register": (register, "ateliers.tasks.send_registration_mail"),
    "registration_cancel promotes": (cancel_registration, "ateliers.tasks.send_registration_mail"),
    "report_publish": (publish_report, "ateliers.tasks.send_report_published_mail"),
    "send_due_reminders": (reminders, "ateliers.tasks.send_reminder_mail"),
}


@pytest.mark.parametrize("case", CASES)
def test_nothing_is_queued_when_the_transaction_rolls_back(
    case, chemie, voka, acv, staff, mailoutbox, django_capture_on_commit_callbacks
):
    make, task_name = CASES[case]
    call = make(chemie, voka, acv, staff)
    statuses = list(Registration.objects.order_by("pk").values_list("status", flat=True))

    assert_enqueued_only_on_commit(call, task_name, django_capture_on_commit_callbacks, mailoutbox)

    assert list(Registration.objects.order_by("pk").values_list("status", flat=True)) == statuses
    assert not Registration.objects.filter(reminder_sent_at__isnull=False).exists()
