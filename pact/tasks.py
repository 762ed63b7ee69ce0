"""Celery tasks of the pact: thin wrappers (a primary key in) around the services."""

from celery import chord, shared_task
from django.conf import settings

from streekpact.core.taskpolicy import MAIL, PERIODIC, RENDER

from . import services


@shared_task(bind=True, **RENDER)
def render_draft(self, draft_pk: int, in_parts: bool | None = None) -> str:
    """Render one queued draft; a duplicate or late message finds it claimed and does nothing.

    With `PACT_RENDER_IN_PARTS`, the claimed draft goes to a chord: one `render_draft_chapter`
    per chapter (on whichever worker is free), then `assemble_draft` (docs/pact.md).
    `in_parts` overrides the setting (the benchmark compares both on the same workers).
    """
    if in_parts is None:
        in_parts = settings.PACT_RENDER_IN_PARTS
    draft = services.draft_render(
        draft_pk=draft_pk,
        task_id=self.request.id or "",
        final_attempt=self.request.retries >= self.max_retries,
        heartbeat=not self.request.is_eager,
        start_parts=start_chord if in_parts else None,
    )
    return draft.status if draft else "skipped"


def start_chord(draft_pk: int, task_id: str, chapters: int) -> None:
    """The chord of a claimed draft: its chapters in parallel, then the assembly."""
    body = assemble_draft.s(draft_pk, task_id)
    if not chapters:
        body.delay([])
        return
    chord(render_draft_chapter.s(draft_pk, index, task_id) for index in range(chapters))(body)


@shared_task(bind=True, **{**RENDER, "ignore_result": False})
def render_draft_chapter(self, draft_pk: int, index: int, task_id: str) -> str | None:
    """A chord's chapter: lay it out (or reuse an earlier draft's); its result is the key."""
    return services.draft_render_chapter(
        draft_pk=draft_pk,
        index=index,
        task_id=task_id,
        final_attempt=self.request.retries >= self.max_retries,
        heartbeat=not self.request.is_eager,
    )


@shared_task(bind=True, **RENDER)
def assemble_draft(self, keys: list, draft_pk: int, task_id: str) -> str:
    """The chord's body: front matter and annexes around the chapters, one PDF, ready."""
    draft = services.draft_assemble(
        draft_pk=draft_pk,
        keys=keys,
        task_id=task_id,
        final_attempt=self.request.retries >= self.max_retries,
        heartbeat=not self.request.is_eager,
    )
    return draft.status if draft else "skipped"


@shared_task(**PERIODIC)
def recover_stale_drafts() -> int:
    """Periodic: re-queue (or fail) drafts whose worker died mid-render."""
    return len(services.drafts_recover_stale())


@shared_task(**MAIL)
def send_draft_ready_mail(draft_pk: int) -> int:
    """Tell the chair (and whoever asked) that a draft can be downloaded; once per draft."""
    return services.notify_draft_ready(draft_pk=draft_pk)
