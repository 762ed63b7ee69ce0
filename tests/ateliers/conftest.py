import datetime as dt

import pytest
from django.utils import timezone

from .factories import AtelierFactory, HeldAtelierFactory


@pytest.fixture
def atelier(chemie, voka):
    """A planned atelier of Chemie en farma (led by Voka) in two weeks."""
    return AtelierFactory(
        sector=chemie,
        title="Inspiratieatelier Chemie en farma",
        leads=[voka],
        capacity=10,
        starts_at=timezone.now() + dt.timedelta(days=14),
    )


@pytest.fixture
def held_atelier(chemie, voka):
    return HeldAtelierFactory(sector=chemie, title="Chemie: gehouden", leads=[voka])


@pytest.fixture
def other_atelier(logistiek, vdab):
    """An atelier of a sector the `lead` fixture (Voka) does not lead."""
    return AtelierFactory(sector=logistiek, title="Logistiek atelier", leads=[vdab])
