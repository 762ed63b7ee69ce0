"""Celery tasks of the pact: thin wrappers (a primary key in) around the services."""

from celery import shared_task
from django.conf import settings

from . import services


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=services.TRANSIENT_ERRORS,
    retry_backoff=5,
    retry_backoff_max=120,
    retry_jitter=True,
    max_retries=3,
    soft_time_limit=settings.PACT_RENDER_SOFT_TIME_LIMIT,
    time_limit=settings.PACT_RENDER_TIME_LIMIT,
)
def render_draft(self, draft_pk: int) -> str:
    """Render one queued draft; a duplicate or late message finds it claimed and does nothing."""
    draft = services.draft_render(
        draft_pk=draft_pk,
        task_id=self.request.id or "",
        final_attempt=self.request.retries >= self.max_retries,
        heartbeat=not self.request.is_eager,
    )
    return draft.status if draft else "skipped"


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def recover_stale_drafts() -> int:
    """Periodic: re-queue (or fail) drafts whose worker died mid-render."""
    return len(services.drafts_recover_stale())
