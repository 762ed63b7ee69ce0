"""Structured indicators: the baseline → target line, off track, and the data migration."""

import datetime as dt
from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps as global_apps

from monitoring.models import Direction, Indicator
from monitoring.services import indicators_from_text

pytestmark = pytest.mark.django_db


def line(direction=Direction.HIGHER, baseline="10", target="110"):
    return Indicator(
        name="x",
        baseline=Decimal(baseline),
        baseline_date=dt.date(2014, 1, 1),
        target=Decimal(target),
        target_date=dt.date(2024, 1, 1),
        direction=direction,
    )


def test_expected_value_is_on_the_straight_line_between_baseline_and_target():
    indicator = line()
    assert indicator.expected_on(dt.date(2014, 1, 1)) == Decimal("10")
    assert indicator.expected_on(dt.date(2024, 1, 1)) == Decimal("110")
    # 2019-01-01 is 1826 of 3652 days along: exactly halfway.
    assert indicator.expected_on(dt.date(2019, 1, 1)) == Decimal("60")
    # Before the baseline the baseline is expected, after the target date the target.
    assert indicator.expected_on(dt.date(2010, 5, 5)) == Decimal("10")
    assert indicator.expected_on(dt.date(2030, 5, 5)) == Decimal("110")


def test_higher_is_better_is_off_track_below_the_line():
    indicator = line()
    assert indicator.is_off_track(Decimal("59"), dt.date(2019, 1, 1)) is True
    assert indicator.is_off_track(Decimal("60"), dt.date(2019, 1, 1)) is False
    assert indicator.is_off_track(Decimal("75"), dt.date(2019, 1, 1)) is False


def test_lower_is_better_is_off_track_above_the_line():
    indicator = line(Direction.LOWER, baseline="500", target="300")
    # Halfway the line stands at 400.
    assert indicator.is_off_track(Decimal("401"), dt.date(2019, 1, 1)) is True
    assert indicator.is_off_track(Decimal("400"), dt.date(2019, 1, 1)) is False
    assert indicator.is_off_track(Decimal("350"), dt.date(2019, 1, 1)) is False


def test_an_incomplete_indicator_cannot_tell():
    indicator = Indicator(name="Zonder cijfers")
    assert indicator.expected_on(dt.date(2019, 1, 1)) is None
    assert indicator.is_off_track(Decimal("1"), dt.date(2019, 1, 1)) is None
    assert line().is_off_track(None, dt.date(2019, 1, 1)) is None


def test_semicolons_and_full_stops():
    assert indicators_from_text(
        "Aantal stageplaatsen per jaar (doel: 120); aantal deelnemende bedrijven."
    ) == ["Aantal stageplaatsen per jaar (doel: 120)", "aantal deelnemende bedrijven"]


def test_free_text_lines_become_names():
    text = (
        "- Aantal stageplaatsen\n\n* Tevredenheid\n1. Aantal deelnemers\n  • Uitstroom naar werk "
    )
    assert indicators_from_text(text) == [
        "Aantal stageplaatsen",
        "Tevredenheid",
        "Aantal deelnemers",
        "Uitstroom naar werk",
    ]


def test_the_data_migration_names_the_indicators_and_keeps_the_wording(action_voka):
    Indicator.objects.filter(action=action_voka).delete()
    wording = action_voka.indicators
    migration = import_module("monitoring.migrations.0002_indicators_from_free_text")
    migration.forwards(global_apps, None)
    migration.forwards(global_apps, None)  # twice adds nothing
    names = list(
        Indicator.objects.filter(action=action_voka)
        .order_by("position")
        .values_list("name", "baseline", "target")
    )
    assert names == [
        ("Aantal stageplaatsen", None, None),
        ("Tevredenheid van de bedrijven", None, None),
    ]
    action_voka.refresh_from_db()
    assert action_voka.indicators == wording
