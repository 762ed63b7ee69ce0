"""Two people taking the last place at the same moment: one gets it, the other waits (PostgreSQL
row lock). SQLite serialises writers anyway, so this runs on PostgreSQL only."""

import threading
import time

import pytest
from django.db import connection, connections

from ateliers import services
from ateliers.models import Registration, RegistrationStatus

from .factories import AtelierFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_registrations_for_the_last_place(chemie, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    # Widen the window between counting the places and taking one.
    original = services._free_status

    def slow_free_status(atelier):
        status = original(atelier)
        time.sleep(0.2)
        return status

    monkeypatch.setattr(services, "_free_status", slow_free_status)
    atelier = AtelierFactory(sector=chemie, capacity=1)
    people = UserFactory.create_batch(6)
    barrier = threading.Barrier(len(people))
    errors = []

    def register(person):
        try:
            barrier.wait(timeout=10)
            services.registration_register(atelier=atelier, user=person, by=person)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    statuses = list(Registration.objects.filter(atelier=atelier).values_list("status", flat=True))
    assert statuses.count(RegistrationStatus.REGISTERED) == 1
    assert statuses.count(RegistrationStatus.WAITLISTED) == 5
