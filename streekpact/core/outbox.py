"""The transactional outbox: work to be done after a commit survives a broker outage.

A service calls `enqueue("app.tasks.name", pk, kind=...)` inside its transaction. That writes an
`OutboxMessage` row in the same transaction, so the work exists exactly when the change does
(a rollback takes both away). After the commit the row is handed to Celery by task *name*
(services never import tasks); if the broker does not answer, the error is logged, the row stays
pending and the user is told that the mail or the document will follow. The beat task
`core.relay_outbox` (and `manage.py relay_outbox`) hands over whatever is pending.

Each row is handed over by one relay at a time (`select_for_update(skip_locked=True)` on
PostgreSQL) and marked sent in the same transaction. A crash between the broker taking it and the
commit can hand it over twice; tasks built on `OutboxTask` (every mail) then run once per row,
and the render of a draft is guarded by the draft's own status.

Without a broker (`CELERY_TASK_ALWAYS_EAGER`, a laptop) the task runs in-process after commit.
"""

from __future__ import annotations

import logging
import time
from contextvars import ContextVar
from datetime import datetime, timedelta

from celery import Task, current_app
from django.conf import settings
from django.db import transaction
from django.db.models import Count, Min
from django.utils import timezone

from .models import OutboxKind, OutboxMessage

logger = logging.getLogger(__name__)

#: Kinds of work whose hand-over failed during the current request (see OutboxNoticeMiddleware).
_undelivered: ContextVar[set[str] | None] = ContextVar("outbox_undelivered", default=None)

_tasks_imported = False

#: After a failed hand-over, later immediate attempts in this process wait this long (seconds),
#: so a request that queues many mails pays the broker timeout once, not per mail.
BROKER_DOWN_PAUSE = 10.0
_broker_down_until = 0.0


def enqueue(
    task_name: str, *args, kind: str = OutboxKind.OTHER, task_id: str = ""
) -> OutboxMessage:
    """Record that `task_name(*args)` must run once this transaction commits, and try then.

    `args` must be JSON (primary keys, short strings). `task_id` (optional) becomes the Celery
    task id, for work that keeps its own reference to it (a draft's `task_id`).
    """
    fields = {"task_name": task_name, "args": list(args), "kind": kind}
    if task_id:
        fields["task_id"] = task_id
    message = OutboxMessage.objects.create(**fields)
    transaction.on_commit(lambda: relay_message(pk=message.pk), robust=True)
    return message


def _eager() -> bool:
    return bool(current_app.conf.task_always_eager)


def _connect():
    """A broker connection that gives up within OUTBOX_BROKER_TIMEOUT seconds.

    Celery's pooled connection retries for several seconds; a request must not wait that long
    for a broker that is down. The relay retries later anyway.
    """
    timeout = settings.OUTBOX_BROKER_TIMEOUT
    conn = current_app.connection_for_write(connect_timeout=timeout)
    try:
        conn.ensure_connection(max_retries=1, interval_start=0, timeout=timeout)
    except Exception:
        conn.release()
        raise
    return conn


def _hand_over(message: OutboxMessage, conn) -> None:
    """Give the message to the broker; raises when the broker does not take it."""
    current_app.send_task(
        message.task_name,
        args=message.args,
        task_id=message.task_id,
        connection=conn,
        retry=False,  # the relay retries: never keep a request waiting on a dead broker
    )


def _run_in_process(message: OutboxMessage) -> None:
    """No broker (CELERY_TASK_ALWAYS_EAGER): run the task here, after the commit."""
    global _tasks_imported
    if not _tasks_imported:  # services no longer import tasks: load every app's tasks module
        current_app.loader.import_default_modules()
        _tasks_imported = True
    try:
        current_app.tasks[message.task_name].apply(args=message.args, task_id=message.task_id)
    except Exception as exc:  # noqa: BLE001 - in-process work must not break the request
        logger.exception("Outbox task %s failed in-process", message)
        OutboxMessage.objects.filter(pk=message.pk).update(last_error=_describe(exc))


def _describe(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"[:2000]


def _relay(queryset, limit: int) -> tuple[int, int]:
    """Hand over up to `limit` pending messages of `queryset`: (handed over, failed)."""
    sent = failed = 0
    eager = _eager()
    to_run: list[OutboxMessage] = []
    conn = None
    try:
        with transaction.atomic():
            messages = list(
                queryset.pending()
                .select_for_update(skip_locked=True)
                .order_by("created_at", "pk")[:limit]
            )
            for message in messages:
                message.attempts += 1
                if eager:
                    to_run.append(message)
                else:
                    try:
                        if conn is None:
                            conn = _connect()
                        _hand_over(message, conn)
                    except Exception as exc:  # noqa: BLE001 - any broker error: try again later
                        message.last_error = _describe(exc)
                        message.save(update_fields=["attempts", "last_error"])
                        logger.warning("Outbox: broker did not take %s: %s", message, exc)
                        _note_undelivered(message.kind)
                        failed += 1
                        break  # the broker is down: the rest waits for the next round
                message.sent_at = timezone.now()
                message.last_error = ""
                message.save(update_fields=["attempts", "sent_at", "last_error"])
                sent += 1
    except Exception:  # noqa: BLE001 - the relay never raises into a request
        logger.exception("Outbox relay failed")
        return 0, failed + 1
    finally:
        if conn is not None:
            conn.release()
    for message in to_run:
        _run_in_process(message)
    return sent, failed


def relay_message(*, pk: int) -> bool:
    """Hand over one message now (called after the commit that wrote it). Never raises.

    Returns True when it was handed over (or already was), False when it stays pending.
    Just after the broker failed, the message is left to the relay without trying again.
    """
    global _broker_down_until
    if not _eager() and time.monotonic() < _broker_down_until:
        kind = OutboxMessage.objects.filter(pk=pk).values_list("kind", flat=True).first()
        if kind:
            _note_undelivered(kind)
        return False
    _sent, failed = _relay(OutboxMessage.objects.filter(pk=pk), limit=1)
    if failed:
        _broker_down_until = time.monotonic() + BROKER_DOWN_PAUSE
    return not failed


def relay_pending(*, limit: int = 500) -> tuple[int, int]:
    """Hand over what is pending, oldest first (beat and `manage.py relay_outbox`)."""
    global _broker_down_until
    sent, failed = _relay(OutboxMessage.objects.all(), limit=limit)
    if sent and not failed:
        _broker_down_until = 0.0  # the broker is back: requests hand over immediately again
    return sent, failed


def backlog() -> dict:
    """What `/healthz` reports: pending messages and the age of the oldest, in seconds."""
    row = OutboxMessage.objects.pending().aggregate(count=Count("pk"), oldest=Min("created_at"))
    oldest: datetime | None = row["oldest"]
    age = round((timezone.now() - oldest).total_seconds()) if oldest else 0
    return {"pending": row["count"], "oldest_pending_seconds": age}


def purge_sent(*, older_than_days: int | None = None) -> int:
    """Delete messages handed over long ago (kept a while to trace what was sent)."""
    days = older_than_days if older_than_days is not None else settings.OUTBOX_KEEP_DAYS
    limit = timezone.now() - timedelta(days=days)
    deleted, _by_model = OutboxMessage.objects.filter(sent_at__lt=limit).delete()
    return deleted


# --- Telling the user ----------------------------------------------------------------------


def _note_undelivered(kind: str) -> None:
    kinds = _undelivered.get()
    if kinds is not None:
        kinds.add(kind)


class collect_undelivered:  # noqa: N801 - used like a function: `with collect_undelivered():`
    """While active, collects the kinds of work whose hand-over failed (for a user notice)."""

    def __enter__(self) -> set[str]:
        self.kinds: set[str] = set()
        self.token = _undelivered.set(self.kinds)
        return self.kinds

    def __exit__(self, *exc) -> None:
        _undelivered.reset(self.token)


# --- Running once ---------------------------------------------------------------------------


class OutboxTask(Task):
    """A task that runs to completion once per outbox message, even if handed over twice.

    The message row (found by the Celery task id) is locked while the task runs and marked done
    in the same transaction; a second delivery waits for the first, then finds it done. An error
    rolls back, so a retry (or the second delivery) does the work. Tasks called directly (not
    through the outbox) just run.
    """

    abstract = True

    def __call__(self, *args, **kwargs):
        task_id = getattr(self.request, "id", None)
        if not task_id or not OutboxMessage.objects.filter(task_id=task_id).exists():
            return super().__call__(*args, **kwargs)
        with transaction.atomic():
            message = (
                OutboxMessage.objects.select_for_update()
                .filter(task_id=task_id, done_at__isnull=True)
                .first()
            )
            if message is None:
                logger.info("Outbox message %s was already done: skipped", task_id)
                return None
            result = super().__call__(*args, **kwargs)
            message.done_at = timezone.now()
            message.save(update_fields=["done_at"])
            return result
