"""Housekeeping tasks of the portal, run by `celery -A streekpact worker` and scheduled by
`celery -A streekpact beat` (see CELERY_BEAT_SCHEDULE in settings)."""

import logging
from importlib import import_module

from celery import shared_task
from django.conf import settings

from . import outbox
from .taskpolicy import MAIL, PERIODIC

logger = logging.getLogger(__name__)


@shared_task(name="core.clear_expired_sessions", **PERIODIC)
def clear_expired_sessions() -> None:
    """Delete expired login sessions (what `manage.py clearsessions` does), once a night.

    Sessions live in the database; without this they pile up for every visit. Idempotent.
    """
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore.clear_expired()
    logger.info("Expired sessions cleared (%s)", settings.SESSION_ENGINE)


@shared_task(name="core.relay_outbox", **PERIODIC)
def relay_outbox() -> int:
    """Every few seconds (beat): hand over to the broker what the outbox still holds."""
    sent, failed = outbox.relay_pending()
    if sent or failed:
        logger.info("Outbox relay: %s handed over, %s failed", sent, failed)
    return sent


@shared_task(name="core.purge_outbox", **PERIODIC)
def purge_outbox() -> int:
    """Nightly: forget outbox messages handed over more than OUTBOX_KEEP_DAYS ago."""
    return outbox.purge_sent()


@shared_task(name="core.send_digests", **PERIODIC)
def send_digests() -> int:
    """Daily (beat): a digest per person who chose "daily digest" for something that came."""
    from .services import digests_prepare

    created = digests_prepare()
    if created:
        logger.info("Prepared %s digests", len(created))
    return len(created)


@shared_task(name="core.send_digest_mail", **MAIL)
def send_digest_mail(digest_pk: int) -> int:
    """One person's digest; sent once (the digest's `sent_at`, and the outbox message)."""
    from .services import digest_send

    return digest_send(digest_pk=digest_pk)
