"""The nightly housekeeping task, in-process and on a real Celery worker."""

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from streekpact.core.tasks import clear_expired_sessions


def make_sessions() -> tuple[str, str]:
    live = SessionStore()
    live["who"] = "still logged in"
    live.create()
    expired = SessionStore()
    expired["who"] = "long gone"
    expired.create()
    Session.objects.filter(session_key=expired.session_key).update(
        expire_date=timezone.now() - timedelta(days=1)
    )
    return live.session_key, expired.session_key


@pytest.mark.smoke
@pytest.mark.django_db
def test_expired_sessions_are_cleared_and_live_ones_kept():
    live, expired = make_sessions()

    clear_expired_sessions.delay()

    assert set(Session.objects.values_list("session_key", flat=True)) == {live}


def test_beat_runs_it_every_night():
    schedule = settings.CELERY_BEAT_SCHEDULE.values()
    [entry] = [e for e in schedule if e["task"] == clear_expired_sessions.name]
    assert entry["schedule"].hour == {3}


@pytest.mark.worker
def test_the_real_worker_clears_sessions_in_the_test_database(celery_worker):
    live, expired = make_sessions()

    result = clear_expired_sessions.delay()

    assert result.id  # sent to the broker, not run in-process
    deadline = time.monotonic() + 30
    while Session.objects.filter(session_key=expired).exists():
        assert celery_worker.alive, celery_worker.log.read_text()
        assert time.monotonic() < deadline, celery_worker.log.read_text()
        time.sleep(0.2)
    assert Session.objects.filter(session_key=live).exists()
    assert clear_expired_sessions.name in celery_worker.log.read_text()
