"""The one render lifecycle of the portal: a PDF made by the worker, queued → rendering → ready
or failed (docs/architecture.md, "The render lifecycle").

Every rendered document (a `RenderedDocument`: the pact's drafts, the answer notes, the
monitoring reports, the final renditions) goes through one `RenderLifecycle`, which its app
parametrises with its model, its render task and its audit actions. It guarantees:

- **claim once**: only a queued document is claimed, by one conditional `UPDATE`, so a duplicate
  or late message does nothing;
- **a heartbeat** while the render runs (`heartbeat_at`, every `PACT_HEARTBEAT_SECONDS`);
- **what an error means** (`rendering`): the soft time limit fails the document with a reason
  and is re-raised; a transient error is re-raised for the task's retry, the document back in
  the queue (or failed on the last attempt); any other error fails it with a readable reason;
- **finish only what is still ours**: rendering → ready only while the document is rendering
  by the same claim (its task id), else the result is discarded;
- **stale recovery** by beat (`recover_stale`): a rendering document without a heartbeat for
  `PACT_STALE_AFTER_SECONDS`, or a queued one whose message was lost, is queued again, and
  failed after `PACT_MAX_RENDER_ATTEMPTS`.

The audit entries are written by a function the app passes (`audit`): the audit log lives in
`streekpact.partners`, a layer above this one.
"""

import contextlib
import logging
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import outbox
from .models import ACTIVE_RENDERS, OutboxKind, OutboxMessage, RenderedDocument, RenderStatus
from .taskpolicy import TRANSIENT_ERRORS

logger = logging.getLogger(__name__)


def task_arguments(task) -> dict:
    """What a bound render task tells the lifecycle: its id, whether this is its last attempt,
    and whether to run the heartbeat (not in an eager, in-process call)."""
    return {
        "task_id": task.request.id or "",
        "final_attempt": task.request.retries >= task.max_retries,
        "heartbeat": not task.request.is_eager,
    }


def _error_text(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


class Outcome:
    """What `RenderLifecycle.rendering` made of the render: `failed` when it failed the document
    (the error was not raised)."""

    failed = False


@dataclass
class RenderLifecycle:
    """The lifecycle of one kind of rendered document.

    `task` is the dotted name of the render task (taking the document's pk), queued again by
    `recover_stale`; `action` names the audit entries of the render's own transitions and
    `recover_action` those of beat's recovery; `audit(target=, changes=, action=)` writes one.
    """

    model: type[RenderedDocument]
    task: str
    action: str
    recover_action: str
    audit: Callable[..., Any]

    @property
    def _label(self) -> str:
        return self.model.__name__

    # --- Queue and claim ------------------------------------------------------------------

    def enqueue(self, pk: int, task_id: str) -> None:
        """Write the render into the outbox of the current transaction (sent after commit)."""
        outbox.enqueue(self.task, pk, kind=OutboxKind.RENDER, task_id=task_id)

    def claim(self, pk: int, task_id: str = "") -> bool:
        """Move a queued document to rendering, atomically: False when it is not queued (any
        more), so a duplicate or late message does nothing. Counts the attempt."""
        now = timezone.now()
        claim = {
            "status": RenderStatus.RENDERING,
            "started_at": now,
            "heartbeat_at": now,
            "attempts": F("attempts") + 1,
        }
        if task_id:
            claim["task_id"] = task_id
        if self.model.objects.filter(pk=pk, status=RenderStatus.QUEUED).update(**claim):
            return True
        logger.info("%s %s is not queued (any more): nothing to do", self._label, pk)
        return False

    def claimed(self, pk: int, task_id: str):
        """The document if it is still rendering by the claim of `task_id`, else None."""
        document = self.model.objects.filter(
            pk=pk, status=RenderStatus.RENDERING, task_id=task_id
        ).first()
        if document is None:
            logger.info("%s %s is not rendering by %s (any more)", self._label, pk, task_id)
        return document

    # --- While rendering ------------------------------------------------------------------

    def fail(self, pk: int, reason: str) -> None:
        """Fail a queued or rendering document with a readable reason (a finished one stays)."""
        with transaction.atomic():
            failed = self.model.objects.filter(pk=pk, status__in=ACTIVE_RENDERS).update(
                status=RenderStatus.FAILED, failure_reason=reason, finished_at=timezone.now()
            )
            if failed:
                self.audit(
                    target=self.model.objects.get(pk=pk),
                    changes={
                        "status": (RenderStatus.RENDERING, RenderStatus.FAILED),
                        "reason": reason,
                    },
                    action=self.action,
                )
        logger.warning("%s %s failed: %s", self._label, pk, reason)

    @contextlib.contextmanager
    def heartbeat(self, pk: int) -> Iterator[None]:
        """While the block runs, mark the rendering document alive every few seconds (from a
        thread of its own, so a long render keeps beating), so beat tells it from a dead one."""
        stop = threading.Event()
        interval = getattr(settings, "PACT_HEARTBEAT_SECONDS", 5)

        def beat():
            try:
                while not stop.wait(interval):
                    try:
                        self.model.objects.filter(pk=pk, status=RenderStatus.RENDERING).update(
                            heartbeat_at=timezone.now()
                        )
                    except Exception:  # noqa: BLE001 - a missed beat is harmless
                        logger.exception("Heartbeat of %s %s failed", self._label, pk)
            finally:
                connection.close()

        thread = threading.Thread(target=beat, name=f"{self._label}-{pk}-heartbeat", daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join(timeout=interval + 5)

    @contextlib.contextmanager
    def rendering(
        self, pk: int, *, final_attempt: bool, heartbeat: bool, requeue: bool = True
    ) -> Iterator[Outcome]:
        """Around a render (or a part of one): the heartbeat, and what an error means.

        The soft time limit fails the document and is re-raised. A transient error fails it on
        the last attempt, or else puts it back in the queue (`requeue`, a whole render) or
        leaves it rendering (a part of a chord, retried as it is), and is re-raised for the
        task's retry. Any other error fails it with a readable reason and is not raised:
        `outcome.failed` tells.
        """
        from celery.exceptions import SoftTimeLimitExceeded

        outcome = Outcome()
        try:
            with self.heartbeat(pk) if heartbeat else contextlib.nullcontext():
                yield outcome
        except SoftTimeLimitExceeded:
            self.fail(pk, _("Rendering took too long and was stopped (time limit)."))
            raise
        except TRANSIENT_ERRORS as exc:
            if final_attempt:
                self.fail(
                    pk,
                    _("Rendering failed after several attempts: %(error)s")
                    % {"error": _error_text(exc)},
                )
            elif requeue:
                self.model.objects.filter(pk=pk, status=RenderStatus.RENDERING).update(
                    status=RenderStatus.QUEUED
                )
            raise
        except Exception as exc:
            logger.exception("Rendering %s %s failed", self._label, pk)
            self.fail(pk, _("Rendering failed: %(error)s") % {"error": _error_text(exc)})
            outcome.failed = True

    # --- Finish ---------------------------------------------------------------------------

    def finish(
        self,
        document,
        rendered,
        *,
        on_ready: Callable[[Any], None] | None = None,
        fields: dict | None = None,
    ):
        """Store the PDF and move the document rendering → ready, if it still is rendering by
        the same claim, with the model's own `fields` of the result; `on_ready(document)` runs
        in that transaction (a mail into the outbox). A document meanwhile declared stale
        keeps its state and the PDF is discarded."""
        pk = document.pk
        storage = document.pdf.storage
        name = storage.save(
            document.pdf.field.upload_to(document, document.filename),
            ContentFile(rendered.content),
        )
        with transaction.atomic():
            updated = self.model.objects.filter(
                pk=pk, status=RenderStatus.RENDERING, task_id=document.task_id
            ).update(
                status=RenderStatus.READY,
                pdf=name,
                size=len(rendered.content),
                page_count=rendered.page_count,
                failure_reason="",
                finished_at=timezone.now(),
                **(fields or {}),
            )
            if not updated:
                storage.delete(name)
                logger.warning(
                    "%s %s changed state while rendering; result discarded", self._label, pk
                )
                return self.model.objects.get(pk=pk)
            document.refresh_from_db()
            self.audit(
                target=document,
                changes={"status": (RenderStatus.RENDERING, RenderStatus.READY)},
                action=self.action,
            )
            if on_ready is not None:
                on_ready(document)
        logger.info("%s %s ready (%s pages)", self._label, pk, rendered.page_count)
        return document

    def render(
        self,
        pk: int,
        *,
        render: Callable[[Any], Any],
        on_ready: Callable[[Any], None] | None = None,
        task_id: str = "",
        final_attempt: bool = True,
        heartbeat: bool = False,
        queryset=None,
    ):
        """The whole lifecycle in one pass: claim, `render(document)` (returning the PDF's
        `content` and `page_count`) under `rendering`, then `finish`. None when the document
        was not queued; else the document as it ended (ready or failed)."""
        if not self.claim(pk, task_id):
            return None
        document = (queryset if queryset is not None else self.model.objects).get(pk=pk)
        with self.rendering(
            pk, final_attempt=final_attempt, heartbeat=heartbeat, requeue=True
        ) as outcome:
            rendered = render(document)
        if outcome.failed:
            return self.model.objects.get(pk=pk)
        return self.finish(document, rendered, on_ready=on_ready)

    # --- Beat -----------------------------------------------------------------------------

    def stale(self) -> Q:
        """Rendering without a heartbeat for `PACT_STALE_AFTER_SECONDS`, or queued for longer
        than `PACT_QUEUED_STALE_AFTER_SECONDS` after its message was handed to the broker (the
        message was lost). A render still waiting in the outbox is not stale: the relay hands
        it over once the broker answers."""
        now = timezone.now()
        rendering_limit = now - timedelta(seconds=settings.PACT_STALE_AFTER_SECONDS)
        queued_limit = now - timedelta(seconds=settings.PACT_QUEUED_STALE_AFTER_SECONDS)
        waiting = OutboxMessage.objects.filter(task_id=OuterRef("task_id")).filter(
            Q(sent_at__isnull=True) | Q(sent_at__gte=queued_limit)
        )
        return (
            Q(status=RenderStatus.RENDERING)
            & (
                Q(heartbeat_at__lt=rendering_limit)
                | Q(heartbeat_at__isnull=True, started_at__lt=rendering_limit)
            )
        ) | (Q(status=RenderStatus.QUEUED, updated_at__lt=queued_limit) & ~Exists(waiting))

    def recover_stale(self) -> list:
        """Queue stale documents again under a new task id, or fail them once they used up
        `PACT_MAX_RENDER_ATTEMPTS`. Called by beat only; each document in its own transaction,
        re-checked under a row lock, so a render finishing meanwhile is left alone."""
        stale = self.stale()
        recovered = []
        for pk in self.model.objects.filter(stale).values_list("pk", flat=True):
            with transaction.atomic():
                document = (
                    self.model.objects.select_for_update().filter(pk=pk).filter(stale).first()
                )
                if document is None:
                    continue
                old_status = document.status
                if document.attempts >= settings.PACT_MAX_RENDER_ATTEMPTS:
                    document.status = RenderStatus.FAILED
                    document.failure_reason = ngettext(
                        "The worker rendering this document stopped %(count)s time; "
                        "it was given up.",
                        "The worker rendering this document stopped %(count)s times; "
                        "it was given up.",
                        document.attempts,
                    ) % {"count": document.attempts}
                    document.finished_at = timezone.now()
                    logger.warning(
                        "%s %s given up after %s attempts", self._label, pk, document.attempts
                    )
                else:
                    document.status = RenderStatus.QUEUED
                    document.task_id = str(uuid.uuid4())
                    self.enqueue(pk, document.task_id)
                    logger.warning("%s %s was stale and is queued again", self._label, pk)
                document.save()
                self.audit(
                    target=document,
                    changes={"status": (old_status, document.status)},
                    action=self.recover_action,
                )
                recovered.append(document)
        return recovered
