"""Celery tasks of the pact: thin wrappers (a primary key in) around the services."""

from celery import shared_task

from streekpact.core.taskpolicy import MAIL, PERIODIC, RENDER

from . import services


@shared_task(bind=True, **RENDER)
def render_draft(self, draft_pk: int) -> str:
    """Render one queued draft; a duplicate or late message finds it claimed and does nothing."""
    draft = services.draft_render(
        draft_pk=draft_pk,
        task_id=self.request.id or "",
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
