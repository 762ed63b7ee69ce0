"""Shared check: a service writes its task into the outbox of its own transaction, and nothing
of it survives (no row, no hand-over, no mail) when that transaction rolls back."""

import os
from contextlib import contextmanager

from django.db import transaction

from streekpact.core import outbox
from streekpact.core.models import OutboxMessage


class _Rollback(Exception):
    pass


def assert_enqueued_only_on_commit(call, task_name: str, capture, mailoutbox) -> None:
    """`call()` runs the service. Inside the transaction the outbox holds `task_name` (so this
    check cannot pass for a service that never enqueues); after the rollback nothing is left
    and nothing was handed over or mailed."""
    before = OutboxMessage.objects.count()
    named = OutboxMessage.objects.filter(task_name=task_name)
    before_named = named.count()
    with capture() as callbacks:
        try:
            with transaction.atomic():
                call()
                assert named.count() > before_named, f"{task_name} was not written to the outbox"
                raise _Rollback
        except _Rollback:
            pass
    assert callbacks == []
    assert OutboxMessage.objects.count() == before
    assert named.count() == before_named
    assert list(mailoutbox) == []


#: Nothing listens on port 1: a broker that is down.
CLOSED_BROKER = "redis://127.0.0.1:1/0"


def _reset_pools(app) -> None:
    """Let the app pick the pools of its current broker URL (kombu keeps one per URL)."""
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def broker_at(url: str):
    """Point this (web) process's Celery app at `url`, with tasks sent to a broker, not run
    in-process. Celery reads the CELERY_BROKER_URL environment variable before its settings."""
    from streekpact.celery import app

    previous = (os.environ.get("CELERY_BROKER_URL"), app.conf.broker_url)
    eager = app.conf.task_always_eager
    os.environ["CELERY_BROKER_URL"] = url
    app.conf.broker_url = url
    app.conf.task_always_eager = False
    _reset_pools(app)
    try:
        yield app
    finally:
        env, conf = previous
        if env is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = env
        app.conf.broker_url = conf
        app.conf.task_always_eager = eager
        _reset_pools(app)
        outbox._broker_down_until = 0.0  # the next test starts with a broker that answers


def wait_until_idle(worker, timeout: float = 60) -> None:
    """Wait until the real worker has no task queued, reserved or running (so mails of an
    earlier test do not land in this one's mail directory)."""
    import time

    from streekpact.celery import app

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with app.connection_for_write() as conn:
            try:
                queued = conn.default_channel.queue_declare(worker.queue, passive=True)[1]
            except conn.channel_errors:  # Redis: an empty queue does not exist
                queued = 0
        inspect = app.control.inspect(destination=[worker.hostname], timeout=1)
        busy = [
            task
            for reply in (inspect.active() or {}, inspect.reserved() or {})
            for tasks in reply.values()
            for task in tasks
        ]
        if not queued and not busy:
            return
        time.sleep(0.3)
    raise AssertionError(f"the worker was still busy after {timeout} s")
