"""GET /healthz: the database, the task broker and the outbox backlog.

200 unless the database is down: with the broker down the work waits in the outbox.
"""

from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.db import OperationalError, connections
from django.urls import reverse
from django.utils import timezone

from streekpact.celery import app
from streekpact.core.models import OutboxMessage

from ..conftest import _broker_reachable, skip_or_fail


@pytest.fixture
def broker_at(monkeypatch):
    """Point the Celery app at a broker URL for one test (and turn off in-process tasks)."""
    previous = app.conf.broker_url

    def _point(url: str, settings) -> None:
        settings.CELERY_TASK_ALWAYS_EAGER = False
        # Celery reads the environment variable before its configuration.
        monkeypatch.setenv("CELERY_BROKER_URL", url)
        app.conf.broker_url = url

    yield _point
    app.conf.broker_url = previous


@pytest.mark.smoke
@pytest.mark.django_db
def test_without_a_broker_tasks_run_in_process(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "broker": "eager",
        "outbox_pending": 0,
        "outbox_oldest_seconds": 0,
    }
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_with_the_real_redis_broker(client, settings, broker_at):
    broker = django_settings.TEST_CELERY_BROKER_URL
    if not broker or not _broker_reachable(broker):
        skip_or_fail("a reachable Redis broker (CELERY_BROKER_URL) is needed")
    broker_at(broker, settings)

    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["broker"] == "ok"


@pytest.mark.django_db
def test_a_broker_that_is_down_is_degraded_and_shows_the_backlog(client, settings, broker_at):
    broker_at("redis://127.0.0.1:1/0", settings)  # nothing listens on port 1
    old = OutboxMessage.objects.create(task_name="proposals.tasks.notify_submission", args=[1])
    OutboxMessage.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(minutes=10)
    )
    OutboxMessage.objects.create(task_name="proposals.tasks.notify_submission", args=[2])
    OutboxMessage.objects.create(
        task_name="proposals.tasks.notify_submission", args=[3], sent_at=timezone.now()
    )

    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert (body["database"], body["broker"]) == ("ok", "down")
    assert body["outbox_pending"] == 2
    assert 600 <= body["outbox_oldest_seconds"] < 660
    assert "refused" not in response.text.lower()  # no internals in a public answer


@pytest.mark.django_db
def test_a_database_that_is_down_gives_503(client):
    failing = mock.patch.object(
        connections["default"], "cursor", side_effect=OperationalError("server closed")
    )
    with failing:
        response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json() == {"status": "down", "database": "down", "broker": "eager"}
    assert "server closed" not in response.text


@pytest.mark.smoke
@pytest.mark.django_db
def test_load_balancers_may_probe_over_plain_http(client, settings):
    """HTTPS redirects everything but /healthz, which a proxy probes on the plain port."""
    settings.SECURE_SSL_REDIRECT = True

    assert client.get(reverse("healthz")).status_code == 200
    redirect = client.get(reverse("account_login"))
    assert redirect.status_code == 301
    assert redirect["Location"].startswith("https://")


@pytest.mark.django_db
def test_only_get(client):
    assert client.post(reverse("healthz")).status_code == 405
