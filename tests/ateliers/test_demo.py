"""The demo ateliers of this round: one held last Friday with its report, three planned."""

import datetime as dt

import pytest
from django.utils import timezone

from ateliers import demo as atelier_demo
from ateliers.models import Atelier, AtelierStatus, Conclusion, Registration
from sectors import demo as sector_demo
from streekpact.partners import demo as partner_demo

pytestmark = pytest.mark.django_db


def _seed():
    for part in (partner_demo, sector_demo, atelier_demo):
        part.seed(password="demo-password-123")


@pytest.mark.parametrize(
    ("today", "friday"),
    [(dt.date(2026, 11, 24), dt.date(2026, 11, 20)),   # Tuesday
     (dt.date(2026, 11, 27), dt.date(2026, 11, 20)),   # a Friday: the one before
     (dt.date(2026, 11, 29), dt.date(2026, 11, 27))],  # Sunday
)  # fmt: skip
def test_last_friday(today, friday):
    assert atelier_demo._last_friday(today) == friday


def test_seed_is_complete_and_idempotent():
    _seed()
    _seed()
    assert Atelier.objects.count() == 4
    held = Atelier.objects.get(sector__slug="chemie-en-farma")
    assert held.status == AtelierStatus.REPORT_PUBLISHED
    local = timezone.localtime(held.starts_at)
    assert local.weekday() == 4 and local.date() < timezone.localdate()
    assert list(held.conclusions.values_list("text", "theme__slug")) == [
        ("Bedrijfsleven en onderwijs op elkaar afstemmen", "onderwijs-en-bedrijfsleven"),
        ("Werken aan het imago van de sector", "imago-van-de-sector"),
        ("Innoveren", "innovatie"),
    ]
    kinds = set(
        Registration.objects.filter(atelier=held, attended=True)
        .exclude(organisation=None)
        .values_list("organisation__kind", flat=True)
    )
    assert len(kinds) >= 4
    assert Conclusion.objects.count() == 3
    planned = Atelier.objects.exclude(pk=held.pk)
    assert {a.sector.slug for a in planned} == {
        "land-en-tuinbouw",
        "logistiek-en-transport",
        "onderwijs-en-arbeidsmarkt",
    }
    assert all(a.status == AtelierStatus.PLANNED and a.starts_at > timezone.now() for a in planned)
    assert all(a.lead_organisations.exists() for a in Atelier.objects.filter(
        sector__slug__in=["land-en-tuinbouw", "logistiek-en-transport"]))  # fmt: skip
