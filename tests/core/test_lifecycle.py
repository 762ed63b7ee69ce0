"""The one render lifecycle (streekpact.core.lifecycle): claim once, heartbeat, what an error
means, finishing only what is still ours, and beat's stale recovery.

The helper is exercised on the pact's drafts (any `RenderedDocument` would do) with an audit
function that records what it is told; the last tests check that the four kinds of rendered
document are wired to it."""

import time
import uuid
from datetime import timedelta
from types import SimpleNamespace

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.db import OperationalError
from django.utils import timezone, translation

from pact.models import Draft
from pact.services import pact_prepare
from streekpact.core.lifecycle import RenderLifecycle, task_arguments
from streekpact.core.models import OutboxKind, OutboxMessage, RenderedDocument, RenderStatus

TASK = "pact.tasks.render_draft"


@pytest.fixture
def audits():
    return []


@pytest.fixture
def lifecycle(audits):
    return RenderLifecycle(
        model=Draft,
        task=TASK,
        action="test_render",
        recover_action="test_recover",
        audit=lambda **entry: audits.append(entry),
    )


@pytest.fixture
def make(db):
    pact = pact_prepare()
    versions = iter(range(1, 100))

    def _make(**fields) -> Draft:
        fields.setdefault("task_id", str(uuid.uuid4()))
        return Draft.objects.create(pact=pact, version=next(versions), checksum="x", **fields)

    return _make


def _age(document, **fields) -> None:
    """Set fields with a plain UPDATE (`updated_at` stays as given: `auto_now` is not applied)."""
    type(document).objects.filter(pk=document.pk).update(**fields)


# --- Claim --------------------------------------------------------------------------------------


def test_a_queued_document_is_claimed_once(lifecycle, make):
    draft = make()
    assert lifecycle.claim(draft.pk, "task-1") is True
    assert lifecycle.claim(draft.pk, "task-2") is False  # a duplicate message does nothing
    draft.refresh_from_db()
    assert draft.status == RenderStatus.RENDERING
    assert draft.task_id == "task-1" and draft.attempts == 1
    assert draft.started_at is not None and draft.heartbeat_at == draft.started_at
    assert lifecycle.claimed(draft.pk, "task-1") == draft
    assert lifecycle.claimed(draft.pk, "task-2") is None  # a part of an older claim


@pytest.mark.parametrize("status", [RenderStatus.READY, RenderStatus.FAILED])
def test_a_finished_document_is_not_claimed_again(lifecycle, make, status):
    draft = make(status=status, pdf="x.pdf", failure_reason="kapot")
    assert lifecycle.claim(draft.pk) is False
    draft.refresh_from_db()
    assert draft.status == status and draft.attempts == 0


def test_a_render_runs_once_and_finishes_ready_with_an_audit_entry(lifecycle, make, audits):
    draft = make()
    rendered = SimpleNamespace(content=b"%PDF-1.7 fake", page_count=3)
    calls, ready = [], []

    def render(document):
        calls.append(document.pk)
        return rendered

    done = lifecycle.render(draft.pk, render=render, on_ready=ready.append, task_id="t")
    assert done.status == RenderStatus.READY and done.page_count == 3 and done.size == 13
    assert done.pdf.name == f"pact/drafts/{done.filename}" and done.finished_at
    assert lifecycle.render(draft.pk, render=render, task_id="t2") is None
    assert calls == [draft.pk] and [d.pk for d in ready] == [draft.pk]
    assert audits == [
        {
            "target": done,
            "changes": {"status": (RenderStatus.RENDERING, RenderStatus.READY)},
            "action": "test_render",
        }
    ]


def test_a_result_for_an_older_claim_is_discarded(lifecycle, make):
    """Declared stale and claimed again meanwhile: the first worker's PDF is not used."""
    draft = make()
    lifecycle.claim(draft.pk, "first")
    first = Draft.objects.get(pk=draft.pk)
    _age(draft, task_id="second")  # beat re-queued it, another worker claimed it
    after = lifecycle.finish(first, SimpleNamespace(content=b"%PDF", page_count=1))
    assert after.status == RenderStatus.RENDERING and not after.pdf
    assert not first.pdf.storage.exists(f"pact/drafts/{draft.filename}")


# --- Heartbeat ----------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_marks_a_rendering_document_alive(lifecycle, make, settings):
    settings.PACT_HEARTBEAT_SECONDS = 0.05
    draft = make()
    lifecycle.claim(draft.pk)
    long_ago = timezone.now() - timedelta(hours=1)
    _age(draft, heartbeat_at=long_ago)
    with lifecycle.heartbeat(draft.pk):
        deadline = time.monotonic() + 5
        while Draft.objects.get(pk=draft.pk).heartbeat_at == long_ago:
            assert time.monotonic() < deadline, "no heartbeat within 5 s"
            time.sleep(0.05)
    beat = Draft.objects.get(pk=draft.pk).heartbeat_at
    assert beat > long_ago
    time.sleep(0.2)
    assert Draft.objects.get(pk=draft.pk).heartbeat_at == beat  # stopped with the block


# --- What an error means ------------------------------------------------------------------------


def test_the_time_limit_fails_the_document_with_a_dutch_reason(lifecycle, make, audits):
    draft = make()
    lifecycle.claim(draft.pk)
    with (
        translation.override("nl-be"),
        pytest.raises(SoftTimeLimitExceeded),
        lifecycle.rendering(draft.pk, final_attempt=False, heartbeat=False),
    ):
        raise SoftTimeLimitExceeded()
    draft.refresh_from_db()
    assert draft.status == RenderStatus.FAILED and draft.finished_at
    assert draft.failure_reason == "De opmaak duurde te lang en werd gestopt (tijdslimiet)."
    assert audits[-1]["changes"]["status"] == (RenderStatus.RENDERING, RenderStatus.FAILED)


def test_a_transient_error_puts_a_whole_render_back_in_the_queue_for_the_retry(lifecycle, make):
    draft = make()
    lifecycle.claim(draft.pk)
    with (
        pytest.raises(OperationalError),
        lifecycle.rendering(draft.pk, final_attempt=False, heartbeat=False),
    ):
        raise OperationalError("database gone")
    draft.refresh_from_db()
    assert draft.status == RenderStatus.QUEUED and not draft.failure_reason
    assert lifecycle.claim(draft.pk)  # the retry claims it again
    assert Draft.objects.get(pk=draft.pk).attempts == 2


def test_a_transient_error_in_a_part_leaves_the_document_rendering(lifecycle, make):
    draft = make()
    lifecycle.claim(draft.pk)
    with (
        pytest.raises(OperationalError),
        lifecycle.rendering(draft.pk, final_attempt=False, heartbeat=False, requeue=False),
    ):
        raise OperationalError("database gone")
    assert Draft.objects.get(pk=draft.pk).status == RenderStatus.RENDERING


def test_a_transient_error_on_the_last_attempt_fails_the_document(lifecycle, make):
    draft = make()
    lifecycle.claim(draft.pk)
    with (
        translation.override("nl-be"),
        pytest.raises(OperationalError),
        lifecycle.rendering(draft.pk, final_attempt=True, heartbeat=False),
    ):
        raise OperationalError("database gone")
    draft.refresh_from_db()
    assert draft.status == RenderStatus.FAILED
    assert draft.failure_reason == (
        "De opmaak is na meerdere pogingen mislukt: OperationalError: database gone"
    )


def test_any_other_error_fails_the_document_and_is_not_raised(lifecycle, make):
    draft = make()
    lifecycle.claim(draft.pk)
    with (
        translation.override("nl-be"),
        lifecycle.rendering(draft.pk, final_attempt=False, heartbeat=False) as outcome,
    ):
        raise ValueError("kapot")
    assert outcome.failed
    draft.refresh_from_db()
    assert draft.status == RenderStatus.FAILED
    assert draft.failure_reason == "De opmaak is mislukt: ValueError: kapot"


def test_a_failure_never_touches_a_finished_document(lifecycle, make, audits):
    draft = make(status=RenderStatus.READY, pdf="x.pdf")
    lifecycle.fail(draft.pk, "te laat")
    draft.refresh_from_db()
    assert draft.status == RenderStatus.READY and not draft.failure_reason and audits == []


# --- Stale recovery -----------------------------------------------------------------------------


def test_recovery_queues_again_only_the_stale_documents(lifecycle, make, settings, audits):
    now = timezone.now()
    dead = now - timedelta(seconds=settings.PACT_STALE_AFTER_SECONDS + 5)
    lost = now - timedelta(seconds=settings.PACT_QUEUED_STALE_AFTER_SECONDS + 5)
    recent = now - timedelta(seconds=1)

    def rendering(beat, **fields):
        draft = make(**fields)
        _age(draft, status=RenderStatus.RENDERING, started_at=dead, heartbeat_at=beat, attempts=1)
        return draft

    def queued(sent_at, **fields):
        draft = make(**fields)
        OutboxMessage.objects.create(
            task_name=TASK, args=[draft.pk], kind=OutboxKind.RENDER, task_id=draft.task_id
        )
        OutboxMessage.objects.filter(task_id=draft.task_id).update(sent_at=sent_at)
        _age(draft, updated_at=lost)
        return draft

    worker_died = rendering(dead)
    never_beat = rendering(None)
    alive = rendering(recent)  # a long render that still beats
    message_lost = queued(sent_at=lost)
    in_outbox = queued(sent_at=None)  # the broker was down: the relay will hand it over
    just_sent = queued(sent_at=recent)
    finished = make(status=RenderStatus.READY, pdf="x.pdf")
    _age(finished, updated_at=lost)

    stale = {worker_died.pk, never_beat.pk, message_lost.pk}
    old_task_ids = {d.pk: d.task_id for d in Draft.objects.all()}
    recovered = lifecycle.recover_stale()
    assert {d.pk for d in recovered} == stale
    for draft in Draft.objects.all():
        if draft.pk in stale:
            assert draft.status == RenderStatus.QUEUED
            assert draft.task_id != old_task_ids[draft.pk]  # a new message, a new claim
            assert OutboxMessage.objects.get(task_id=draft.task_id).args == [draft.pk]
        else:
            assert draft.task_id == old_task_ids[draft.pk]
    assert Draft.objects.get(pk=alive.pk).status == RenderStatus.RENDERING
    assert {d.pk for d in Draft.objects.filter(status=RenderStatus.QUEUED)} == stale | {
        in_outbox.pk,
        just_sent.pk,
    }
    assert {a["action"] for a in audits} == {"test_recover"}
    assert lifecycle.recover_stale() == []  # nothing stale is left


def test_recovery_gives_up_after_the_last_attempt_with_a_dutch_reason(lifecycle, make, settings):
    settings.PACT_MAX_RENDER_ATTEMPTS = 2
    dead = timezone.now() - timedelta(seconds=settings.PACT_STALE_AFTER_SECONDS + 5)
    draft = make()
    _age(draft, status=RenderStatus.RENDERING, started_at=dead, heartbeat_at=dead, attempts=2)
    with translation.override("nl-be"):
        [given_up] = lifecycle.recover_stale()
    assert given_up.status == RenderStatus.FAILED and given_up.finished_at
    assert given_up.failure_reason == (
        "De taakdienst die dit document opmaakte, stopte 2 keer; de opmaak werd opgegeven."
    )
    assert not OutboxMessage.objects.filter(args=[draft.pk]).exists()


# --- The task's side ----------------------------------------------------------------------------


def test_a_task_tells_its_id_its_last_attempt_and_whether_to_beat():
    def task(retries, eager):
        request = SimpleNamespace(id="abc", retries=retries, is_eager=eager)
        return SimpleNamespace(request=request, max_retries=3)

    assert task_arguments(task(0, False)) == {
        "task_id": "abc",
        "final_attempt": False,
        "heartbeat": True,
    }
    assert task_arguments(task(3, True)) == {
        "task_id": "abc",
        "final_attempt": True,
        "heartbeat": False,
    }


# --- The four kinds of rendered document --------------------------------------------------------


def _lifecycles():
    from adoption.services import RENDITIONS
    from consultation.services import NOTES
    from monitoring.services import REPORTS
    from pact.services import DRAFTS

    return [DRAFTS, NOTES, REPORTS, RENDITIONS]


def test_every_rendered_document_has_one_lifecycle_with_a_real_task():
    from django.apps import apps

    from streekpact.celery import app

    documents = {m for m in apps.get_models() if issubclass(m, RenderedDocument)}
    lifecycles = _lifecycles()
    assert {lc.model for lc in lifecycles} == documents
    for lc in lifecycles:
        assert lc.task in app.tasks, lc.task
        names = {c.name for c in lc.model._meta.constraints}
        assert any(n.endswith("_has_pdf") for n in names), names
        assert any(n.endswith("_has_reason") for n in names), names
