"""Celery tasks of consultation rounds: thin wrappers (a primary key in) around the services."""

from celery import shared_task

from streekpact.core.lifecycle import task_arguments
from streekpact.core.taskpolicy import MAIL, PERIODIC, RENDER

from . import services


@shared_task(bind=True, **RENDER)
def render_answer_note(self, note_pk: int) -> str:
    """Render one queued answer note; a duplicate message finds it claimed and does nothing."""
    note = services.note_render(note_pk=note_pk, **task_arguments(self))
    return note.status if note else "skipped"


@shared_task(**PERIODIC)
def close_due_rounds() -> int:
    """Periodic: close rounds after their closing date, send reminders, recover stale notes."""
    closed = len(services.rounds_close_due())
    services.rounds_remind()
    services.notes_recover_stale()
    return closed


@shared_task(**MAIL)
def send_round_opened_mail(round_pk: int) -> int:
    return services.notify_round_opened(round_pk=round_pk)


@shared_task(**MAIL)
def send_round_notice_mail(round_pk: int) -> int:
    return services.notify_round_notice(round_pk=round_pk)


@shared_task(**MAIL)
def send_round_reminder_mail(round_pk: int) -> int:
    return services.notify_round_reminder(round_pk=round_pk)


@shared_task(**MAIL)
def send_note_ready_mail(round_pk: int) -> int:
    return services.notify_note_ready(round_pk=round_pk)
