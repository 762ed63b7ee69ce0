"""Celery tasks of monitoring: thin wrappers (primary keys in) around the services."""

from celery import shared_task

from streekpact.core.taskpolicy import MAIL, PERIODIC

from . import services


@shared_task(**PERIODIC)
def send_due_reminders() -> int:
    """Periodic: remind trekkers 14 and 3 days before a deadline, staff once it has passed."""
    return services.reminders_send_due()


@shared_task(**MAIL)
def send_reminder_mail(period_pk: int, action_pk: int, kind: str) -> int:
    return services.notify_reminder(period_pk=period_pk, action_pk=action_pk, kind=kind)


@shared_task(**MAIL)
def send_deadline_passed_mail(period_pk: int) -> int:
    return services.notify_deadline_passed(period_pk=period_pk)


@shared_task(**MAIL)
def send_report_returned_mail(report_pk: int) -> int:
    return services.notify_report_returned(report_pk=report_pk)
