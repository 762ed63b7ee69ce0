"""Celery tasks of the pact: thin wrappers (a primary key in) around the services."""

from celery import chord, shared_task
from django.conf import settings

from streekpact.core.taskpolicy import MAIL, PERIODIC, RENDER

from . import services


@shared_task(bind=True, **RENDER)
def render_draft(self, draft_pk: int, in_parts: bool | None = None) -> str:
    """Render one queued draft; a duplicate or late message finds it claimed and does nothing.

    With `PACT_RENDER_IN_PARTS`, the claimed draft goes to a chord: one `render_draft_part` per
    chapter, annex, the cover and the contents (on whichever worker is free), then `assemble_draft`
    (docs/pact.md).
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


def start_chord(
    draft_pk: int, task_id: str, parts: list, hint_from: int | None = None, stored=None
) -> None:
    """The chord of a claimed draft: its parts in parallel (in the order given), then the
    assembly, with the parts an earlier draft stored (`stored`: [section, key] pairs)."""
    body = assemble_draft.s(draft_pk, task_id, hint_from, stored or [])
    if not parts:
        body.delay([])
        return
    chord(render_draft_part.s(draft_pk, section, task_id, hint_from) for section in parts)(body)


@shared_task(bind=True, **{**RENDER, "ignore_result": False})
def render_draft_part(
    self,
    draft_pk: int,
    section: str,
    task_id: str,
    hint_from: int | None = None,
    numbers: dict | None = None,
) -> list | None:
    """A chord's part: lay it out (or reuse an earlier draft's); its result: [section, key]."""
    return services.draft_render_part(
        draft_pk=draft_pk,
        section=section,
        task_id=task_id,
        hint_from=hint_from,
        numbers=numbers,
        final_attempt=self.request.retries >= self.max_retries,
        heartbeat=not self.request.is_eager,
    )


def continue_chord(draft_pk: int, task_id: str, hint_from, again: list, keys: list) -> None:
    """The second chord of a draft: the contents and the index laid out again at once,
    with the real pages, then the assembly (with the parts laid out before)."""
    chord(
        render_draft_part.s(draft_pk, section, task_id, hint_from, numbers)
        for section, numbers in again
    )(assemble_draft.s(draft_pk, task_id, hint_from, keys, True))


@shared_task(bind=True, **RENDER)
def assemble_draft(
    self, keys: list, draft_pk: int, task_id: str, hint_from=None, earlier=None, second=False
) -> str:
    """The chord's body: one PDF from the parts, ready (or, if the contents and the index
    need the real pages first, a second chord for them)."""
    draft = services.draft_assemble(
        draft_pk=draft_pk,
        keys=keys,
        task_id=task_id,
        hint_from=hint_from,
        earlier=earlier,
        second=second,
        continue_parts=continue_chord,
        final_attempt=self.request.retries >= self.max_retries,
        heartbeat=not self.request.is_eager,
    )
    return draft.status if draft else "continued or skipped"


@shared_task(**PERIODIC)
def recover_stale_drafts() -> int:
    """Periodic: re-queue (or fail) drafts whose worker died mid-render."""
    return len(services.drafts_recover_stale())


@shared_task(**PERIODIC)
def clean_part_renderings() -> int:
    """Periodic: delete the stored parts that no draft used for a while (a cache)."""
    return services.part_renderings_clean()


@shared_task(**MAIL)
def send_draft_ready_mail(draft_pk: int) -> int:
    """Tell the chair (and whoever asked) that a draft can be downloaded; once per draft."""
    return services.notify_draft_ready(draft_pk=draft_pk)
