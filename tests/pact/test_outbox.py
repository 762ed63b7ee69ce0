"""Renders go through the outbox: only on commit, and a queued draft is never stranded.

A draft whose render waits in the outbox (the broker was down) is the relay's to hand over; a
draft whose render was handed over but that no worker picked up within
PACT_QUEUED_STALE_AFTER_SECONDS (30 s) is queued again by beat's recovery (every 30 s).
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from pact import services
from pact.models import Draft, DraftStatus
from streekpact.core.models import OutboxKind, OutboxMessage
from tests.outbox import assert_enqueued_only_on_commit

pytestmark = pytest.mark.django_db

RENDER = "pact.tasks.render_draft"


def test_draft_request_queues_its_render_only_on_commit(
    placed, staff, mailoutbox, django_capture_on_commit_callbacks
):
    assert_enqueued_only_on_commit(
        lambda: services.draft_request(user=staff),
        RENDER,
        django_capture_on_commit_callbacks,
        mailoutbox,
    )
    assert not Draft.objects.exists()


def test_the_render_message_carries_the_drafts_task_id(placed, staff):
    draft, _created = services.draft_request(user=staff)
    message = OutboxMessage.objects.get(task_name=RENDER)
    assert (message.task_id, message.args, message.kind) == (
        draft.task_id,
        [draft.pk],
        OutboxKind.RENDER,
    )


def _queued_draft(staff, *, handed_over_seconds_ago: float | None, queued_seconds_ago: float):
    draft, _created = services.draft_request(user=staff)  # no commit here: stays pending
    now = timezone.now()
    Draft.objects.filter(pk=draft.pk).update(updated_at=now - timedelta(seconds=queued_seconds_ago))
    sent_at = None
    if handed_over_seconds_ago is not None:
        sent_at = now - timedelta(seconds=handed_over_seconds_ago)
    OutboxMessage.objects.filter(task_id=draft.task_id).update(sent_at=sent_at)
    return draft


def test_a_draft_whose_render_waits_in_the_outbox_is_not_requeued(placed, staff, settings):
    """Broker down for an hour: the relay hands it over; recovery adds no duplicates."""
    _queued_draft(staff, handed_over_seconds_ago=None, queued_seconds_ago=3600)
    assert services.drafts_recover_stale() == []
    assert OutboxMessage.objects.filter(task_name=RENDER).count() == 1


def test_a_render_handed_over_recently_is_left_to_the_worker(placed, staff, settings):
    _queued_draft(staff, handed_over_seconds_ago=10, queued_seconds_ago=3600)
    assert services.drafts_recover_stale() == []


def test_a_lost_render_is_queued_again_within_a_minute(
    placed, staff, settings, mailoutbox, django_capture_on_commit_callbacks
):
    assert settings.PACT_QUEUED_STALE_AFTER_SECONDS + 30 <= 60  # beat looks every 30 s
    assert settings.CELERY_BEAT_SCHEDULE["pact-recover-stale-drafts"]["schedule"] <= 30
    limit = settings.PACT_QUEUED_STALE_AFTER_SECONDS
    draft = _queued_draft(staff, handed_over_seconds_ago=limit + 1, queued_seconds_ago=limit + 1)
    old_task_id = draft.task_id

    assert_enqueued_only_on_commit(
        services.drafts_recover_stale, RENDER, django_capture_on_commit_callbacks, mailoutbox
    )
    assert [d.pk for d in services.drafts_recover_stale()] == [draft.pk]
    draft.refresh_from_db()
    assert draft.status == DraftStatus.QUEUED and draft.task_id != old_task_id
    assert OutboxMessage.objects.pending().get(task_name=RENDER).task_id == draft.task_id
