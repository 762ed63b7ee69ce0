"""Drafts rendered by a real Celery worker over Redis: ready, killed mid-render, deduplicated."""

import signal
import threading
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.utils import timezone

from pact import assembly, services
from pact.models import ChapterRendering, Draft, DraftStatus

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def wait_for(draft, statuses, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        draft.refresh_from_db()
        if draft.status in statuses:
            return draft
        time.sleep(0.2)
    raise AssertionError(f"draft stayed {draft.status!r} (wanted {statuses})")


@pytest.fixture
def worker(celery_worker, settings):
    """The real worker; the test process reads the PDFs where the worker writes them."""
    settings.MEDIA_ROOT = celery_worker.media_root
    return celery_worker


def test_a_requested_draft_becomes_ready_and_the_chair_is_mailed(worker, placed, staff, chair):
    draft, created = services.draft_request(user=staff)
    assert created
    wait_for(draft, {DraftStatus.READY, DraftStatus.FAILED})
    assert draft.status == DraftStatus.READY, draft.failure_reason
    assert draft.attempts == 1 and draft.page_count > 3
    assert draft.pdf.storage.exists(draft.pdf.name)
    # Two chords on the worker: the parts, then (no earlier draft's pages to go by) the front
    # matter and the index with the real pages; every section stored, the front matter twice.
    assert ChapterRendering.objects.count() == len(assembly.sections(draft.snapshot)) + 1
    assert 1 < draft.page_numbers["bijlage-index"] <= draft.page_count
    with draft.pdf.open("rb") as fh:
        assert fh.read(5) == b"%PDF-"
    deadline = time.monotonic() + 10
    mails = ""
    while "chair@resoc.test" not in mails and time.monotonic() < deadline:
        mails = "".join(p.read_text() for p in worker.mail_dir.iterdir())
        time.sleep(0.2)
    assert "To: chair@resoc.test" in mails


def test_a_worker_killed_mid_render_never_leaves_the_draft_rendering(
    worker, placed, staff, slow_render, settings
):
    draft, _ = services.draft_request(user=staff)
    wait_for(draft, {DraftStatus.RENDERING})
    worker.stop(signal.SIGKILL)  # the whole process group, mid-render
    assert draft.status == DraftStatus.RENDERING
    # Within the stale limit the draft is left alone (its worker might still be alive)...
    assert services.drafts_recover_stale() == []
    slow_render.unlink()
    worker.start()
    # ...and once the limit has passed without a heartbeat it is queued again. The clock is
    # moved past the limit instead of sleeping against it.
    later = timezone.now() + timedelta(seconds=settings.PACT_STALE_AFTER_SECONDS + 1)
    with mock.patch("pact.services.timezone.now", return_value=later):
        recovered = services.drafts_recover_stale()
    assert [d.pk for d in recovered] == [draft.pk]
    wait_for(draft, {DraftStatus.READY, DraftStatus.FAILED})
    assert draft.status == DraftStatus.READY, draft.failure_reason
    assert draft.attempts == 2


def test_concurrent_requests_for_the_same_content_start_one_render(
    worker, placed, staff, chair, slow_render
):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent requests are serialised with row locks on PostgreSQL")
    results, barrier = [], threading.Barrier(4)

    def request(user):
        try:
            barrier.wait()
            results.append(services.draft_request(user=user))
        finally:
            connection.close()

    threads = [threading.Thread(target=request, args=(u,)) for u in (staff, chair) * 2]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({draft.pk for draft, _ in results}) == 1
    assert sorted(created for _, created in results) == [False, False, False, True]
    draft = wait_for(results[0][0], {DraftStatus.RENDERING})
    # Asking again while it renders returns the same draft.
    assert services.draft_request(user=chair) == (draft, False)
    slow_render.unlink()
    wait_for(draft, {DraftStatus.READY, DraftStatus.FAILED})
    assert draft.status == DraftStatus.READY and draft.attempts == 1
    assert Draft.objects.count() == 1
