"""Shared check: a service writes its task into the outbox of its own transaction, and nothing
of it survives (no row, no hand-over, no mail) when that transaction rolls back."""

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
