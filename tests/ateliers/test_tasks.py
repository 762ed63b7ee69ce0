"""Reminders (periodic, never twice), the management command, the beat entry, a real worker."""

import datetime as dt
import time

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from ateliers import services, tasks
from ateliers.models import AtelierStatus, Registration, RegistrationStatus

from .factories import AtelierFactory, GuestRegistrationFactory, RegistrationFactory, UserFactory


@pytest.fixture
def tomorrow(chemie, voka, db):
    return AtelierFactory(
        sector=chemie, leads=[voka], starts_at=timezone.now() + dt.timedelta(hours=20)
    )


@pytest.mark.django_db
def test_reminders_go_once_to_registered_people_only(
    tomorrow, mailoutbox, django_capture_on_commit_callbacks
):
    registered = RegistrationFactory(atelier=tomorrow)
    guest = GuestRegistrationFactory(atelier=tomorrow)
    RegistrationFactory(atelier=tomorrow, status=RegistrationStatus.WAITLISTED)
    RegistrationFactory(atelier=tomorrow, status=RegistrationStatus.CANCELLED)
    later = AtelierFactory(starts_at=timezone.now() + dt.timedelta(days=10))
    RegistrationFactory(atelier=later)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_due_reminders() == 2
    assert sorted(m.to[0] for m in mailoutbox) == sorted([registered.user.email, guest.guest_email])
    assert "Herinnering" in mailoutbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_due_reminders() == 0  # never twice
    assert len(mailoutbox) == 2


@pytest.mark.django_db
def test_reminder_window_edges(chemie):
    now = timezone.now()
    hours = settings.ATELIER_REMINDER_HOURS_BEFORE
    inside = AtelierFactory(sector=chemie, starts_at=now + dt.timedelta(hours=hours))
    outside = AtelierFactory(sector=chemie, starts_at=now + dt.timedelta(hours=hours, seconds=1))
    started = AtelierFactory(sector=chemie, starts_at=now, ends_at=now + dt.timedelta(hours=2))
    for atelier in (inside, outside, started):
        RegistrationFactory(atelier=atelier)
    due = services.registrations_due_for_reminder(now=now)
    assert set(due.values_list("atelier", flat=True)) == {inside.pk}


@pytest.mark.django_db
def test_no_reminder_for_a_cancelled_atelier(tomorrow, mailoutbox):
    RegistrationFactory(atelier=tomorrow)
    tomorrow.status = AtelierStatus.CANCELLED
    tomorrow.save()
    assert tasks.send_due_reminders() == 0


@pytest.mark.django_db
def test_claiming_is_exclusive(tomorrow):
    registration = RegistrationFactory(atelier=tomorrow)
    assert services.reminder_claim(registration_id=registration.pk) is True
    assert services.reminder_claim(registration_id=registration.pk) is False


@pytest.mark.django_db
def test_reregistering_after_a_reminder_allows_a_new_reminder(tomorrow):
    person = UserFactory()
    registration = services.registration_register(atelier=tomorrow, user=person, by=person)
    services.reminder_claim(registration_id=registration.pk)
    services.registration_cancel(registration=registration, by=person)
    again = services.registration_register(atelier=tomorrow, user=person, by=person)
    assert again.reminder_sent_at is None


@pytest.mark.django_db
def test_the_periodic_task_closes_planned_ateliers_that_are_over(chemie):
    over = AtelierFactory(
        sector=chemie, starts_at=timezone.now() - dt.timedelta(hours=5),
        ends_at=timezone.now() - dt.timedelta(hours=2),
    )  # fmt: skip
    tasks.send_due_reminders()
    over.refresh_from_db()
    assert over.status == AtelierStatus.HELD


@pytest.mark.django_db
def test_management_command(tomorrow, capsys, django_capture_on_commit_callbacks):
    RegistrationFactory(atelier=tomorrow)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_atelier_reminders")
    assert "1 reminder(s) queued." in capsys.readouterr().out


def test_beat_schedule_has_the_reminder_task():
    entry = settings.CELERY_BEAT_SCHEDULE["ateliers-send-due-reminders"]
    assert entry["task"] == "ateliers.tasks.send_due_reminders"
    from streekpact.celery import app

    app.loader.import_default_modules()
    assert entry["task"] in app.tasks


@pytest.mark.worker
def test_a_real_worker_sends_the_confirmation_after_commit(celery_worker, chemie):
    atelier = AtelierFactory(sector=chemie, capacity=1)
    first, second = UserFactory(), UserFactory()
    services.registration_register(atelier=atelier, user=first, by=first)
    services.registration_register(atelier=atelier, user=second, by=second)
    services.registration_cancel(registration=Registration.objects.get(user=first), by=first)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        mails = [
            text
            for text in (p.read_text() for p in celery_worker.mail_dir.glob("*.log"))
            if atelier.title in text
        ]
        if len(mails) >= 3:
            break
        time.sleep(0.2)
    joined = "\n".join(mails)
    assert len(mails) == 3, joined
    assert f"To: {second.email}" in joined
    assert "Er kwam een plaats vrij" in joined or "A place came free" in joined
