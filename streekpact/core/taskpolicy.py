"""One retry policy per kind of task, used by every task of the portal.

- `MAIL`: an e-mail. Retried with backoff on network, SMTP and database hiccups; runs once per
  outbox message (`OutboxTask`), so a message handed over twice sends one mail.
- `RENDER`: a PDF render. Retried a few times; the draft's status guard makes it run once, its
  heartbeat and `PACT_*` limits bound it.
- `PERIODIC`: beat's housekeeping (relay, reminders, recovery, clean-up). Idempotent by design,
  retried briefly on database hiccups; the next beat run catches up anyway.
"""

from django.conf import settings
from django.db import InterfaceError, OperationalError

from .outbox import OutboxTask

#: Errors worth retrying: the database or a network service was briefly unavailable.
#: (`OSError` covers `ConnectionError`, `TimeoutError` and `smtplib.SMTPException`.)
TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError, TimeoutError)

MAIL = {
    "base": OutboxTask,
    "autoretry_for": (OSError, OperationalError, InterfaceError),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 5,
    "acks_late": True,
    "soft_time_limit": 60,
    "time_limit": 90,
}

RENDER = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": 5,
    "retry_backoff_max": 120,
    "retry_jitter": True,
    "max_retries": 3,
    "soft_time_limit": settings.PACT_RENDER_SOFT_TIME_LIMIT,
    "time_limit": settings.PACT_RENDER_TIME_LIMIT,
}

PERIODIC = {
    "acks_late": True,
    "ignore_result": True,
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": True,
    "max_retries": 3,
    "soft_time_limit": 300,
    "time_limit": 360,
}
