"""Celery tasks of monitoring: thin wrappers (primary keys in) around the services."""

from celery import shared_task

from streekpact.core.lifecycle import task_arguments
from streekpact.core.taskpolicy import MAIL, PERIODIC, RENDER

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


@shared_task(bind=True, **RENDER)
def render_monitoring_report(self, report_pk: int) -> str:
    """Render one queued monitoring report; a duplicate or late message does nothing."""
    report = services.monitoring_report_render(report_pk=report_pk, **task_arguments(self))
    return report.status if report else "skipped"


@shared_task(**PERIODIC)
def recover_stale_monitoring_reports() -> int:
    """Periodic: re-queue (or fail) monitoring reports whose worker died mid-render."""
    return len(services.monitoring_reports_recover_stale())
