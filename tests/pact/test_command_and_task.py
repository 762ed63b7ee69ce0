"""`render_pact` from the command line, the task's reliability settings, stale drafts on view."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from pact import services, tasks
from pact.models import Draft, DraftStatus

pytestmark = pytest.mark.django_db


def test_render_pact_writes_the_pdf_through_the_same_code_path(placed, staff, tmp_path):
    out = tmp_path / "pact.pdf"
    call_command("render_pact", "--out", str(out))
    assert out.read_bytes()[:5] == b"%PDF-"
    draft = Draft.objects.get()
    assert draft.status == DraftStatus.READY and draft.requested_by == staff
    assert draft.size == out.stat().st_size


def test_render_pact_for_one_chapter(placed, chemie_chapter, tmp_path):
    out = tmp_path / "chemie.pdf"
    call_command("render_pact", "--out", str(out), "--chapter", chemie_chapter.slug)
    draft = Draft.objects.get()
    assert draft.scope == "chapter" and draft.chapter == chemie_chapter


def test_render_pact_refuses_an_unknown_chapter(pact, tmp_path):
    with pytest.raises(CommandError, match="chemie-en-farma|No chapter"):
        call_command("render_pact", "--out", str(tmp_path / "x.pdf"), "--chapter", "onbekend")


def test_the_render_task_is_late_acked_bounded_and_retried():
    task = tasks.render_draft
    assert task.acks_late and task.reject_on_worker_lost
    assert task.soft_time_limit < task.time_limit
    assert task.max_retries >= 1 and task.retry_backoff
    assert set(services.TRANSIENT_ERRORS) <= set(task.autoretry_for)


def test_viewing_a_stale_draft_changes_nothing_beat_recovers_it(
    client_for, placed, staff, settings, django_capture_on_commit_callbacks
):
    with mock.patch("pact.services._enqueue"):
        draft, _ = services.draft_request(user=staff)
    old = timezone.now() - timedelta(seconds=settings.PACT_STALE_AFTER_SECONDS + 1)
    Draft.objects.filter(pk=draft.pk).update(
        status=DraftStatus.RENDERING, started_at=old, heartbeat_at=old, attempts=1
    )
    client = client_for("chair")
    with (
        mock.patch.object(services.DRAFTS, "enqueue") as enqueue,
        django_capture_on_commit_callbacks(execute=True),
    ):
        for name in ["pact:detail", "pact:draft_list"]:
            assert client.get(reverse(name)).status_code == 200
        for name in ["pact:draft_detail", "pact:draft_status"]:
            assert client.get(reverse(name, args=[draft.pk])).status_code == 200
    draft.refresh_from_db()
    assert draft.status == DraftStatus.RENDERING  # GET never writes
    enqueue.assert_not_called()
    with mock.patch.object(services.DRAFTS, "enqueue") as enqueue:
        assert tasks.recover_stale_drafts.delay().get() == 1
    draft.refresh_from_db()
    assert draft.status == DraftStatus.QUEUED


def test_the_periodic_task_recovers_stale_drafts(placed, staff, settings):
    assert "pact-recover-stale-drafts" in settings.CELERY_BEAT_SCHEDULE
    with mock.patch("pact.services._enqueue"):
        draft, _ = services.draft_request(user=staff)
    old = timezone.now() - timedelta(seconds=settings.PACT_STALE_AFTER_SECONDS + 1)
    Draft.objects.filter(pk=draft.pk).update(
        status=DraftStatus.RENDERING, started_at=old, heartbeat_at=old, attempts=9
    )
    assert tasks.recover_stale_drafts.delay().get() == 1
    draft.refresh_from_db()
    assert draft.status == DraftStatus.FAILED and draft.failure_reason


def test_demo_places_the_approved_proposals_with_objectives(approved):
    from pact import demo

    lines = demo.seed(password="x")
    again = demo.seed(password="x")  # idempotent
    assert "2 approved proposals placed" in lines[0] and "(0 new)" in again[0]
    for proposal in (approved["first"], approved["second"]):
        action = proposal.pact_actions.get()
        chapter = action.operational_objective.strategic_objective.chapter
        assert chapter.sector == proposal.sector
    assert not approved["rejected"].pact_actions.exists()
