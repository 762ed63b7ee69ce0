"""Housekeeping tasks of the portal, run by `celery -A streekpact worker` and scheduled by
`celery -A streekpact beat` (see CELERY_BEAT_SCHEDULE in settings)."""

import logging
from importlib import import_module

from celery import shared_task
from django.conf import settings
from django.db import OperationalError

logger = logging.getLogger(__name__)


@shared_task(
    name="core.clear_expired_sessions",
    ignore_result=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=300,
    time_limit=360,
)
def clear_expired_sessions() -> None:
    """Delete expired login sessions (what `manage.py clearsessions` does), once a night.

    Sessions live in the database; without this they pile up for every visit. Idempotent.
    """
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore.clear_expired()
    logger.info("Expired sessions cleared (%s)", settings.SESSION_ENGINE)
