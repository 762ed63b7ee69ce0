"""Celery tasks of the adoption: thin wrappers (a primary key in) around the services."""

from celery import shared_task

from streekpact.core.lifecycle import task_arguments
from streekpact.core.taskpolicy import MAIL, PERIODIC, RENDER

from . import services


@shared_task(bind=True, **RENDER)
def render_rendition(self, rendition_pk: int) -> str:
    """Render one queued rendition of an adopted version; a duplicate message does nothing."""
    rendition = services.rendition_render(rendition_pk=rendition_pk, **task_arguments(self))
    return rendition.status if rendition else "skipped"


@shared_task(**PERIODIC)
def recover_stale_renditions() -> int:
    """Periodic: re-queue (or fail) renditions whose worker died mid-render."""
    return len(services.renditions_recover_stale())


@shared_task(**MAIL)
def send_signing_mail(adoption_pk: int, kind: str) -> int:
    """Tell the signatories who have not answered that they can sign (or remind them); once."""
    return services.notify_signatories(adoption_pk=adoption_pk, kind=kind)
