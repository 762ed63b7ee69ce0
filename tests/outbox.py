"""Shared check: a service writes its task into the outbox of its own transaction, and nothing
of it survives (no row, no hand-over, no mail) when that transaction rolls back."""

import os
from contextlib import contextmanager

from django.db import transaction

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
    if app._pool is not None:
        app._pool.force_close_all()
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
