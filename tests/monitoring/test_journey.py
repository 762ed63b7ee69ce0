"""Monitoring's step in the pact's journey: on the home and sector pages per role, constant
queries."""

import datetime as dt

import pytest
from django.urls import reverse

from monitoring import services
from streekpact.core import journey

from .conftest import save_report

pytestmark = pytest.mark.django_db


def _status(user, sector=None):
    """The step's own status (the queries of this step only)."""
    return {step.key: step for step in journey.steps()}["monitoring"].status(user, sector)


def _step(page):
    return page.html.find(attrs={"data-journey-step": "monitoring"})


def test_without_a_period_staff_may_open_one(app_for, pact):
    step = _step(app_for("staff").get(reverse("home")))
    assert "Nog geen rapportageperiode" in step.text
    assert "Een rapportageperiode openen" not in step.text  # only once a period exists


def test_a_trekker_sees_its_waiting_reports_and_staff_the_missing_ones(app_for, world, partner):
    period = world["period"]
    step = _step(app_for("partner").get(reverse("home")))  # VDAB leads action_vdab
    assert "1 voortgangsrapport van je organisatie wacht" in step.text
    assert step.find("a", href=period.get_absolute_url())
    staff_step = _step(app_for("staff").get(reverse("home")))
    assert "2015: 0 van 2 acties gerapporteerd" in staff_step.text
    assert "2 acties hebben nog geen rapport" in staff_step.text
    save_report(period, world["vdab"], partner)
    assert "wacht" not in _step(app_for("partner").get(reverse("home"))).text
    staff_step = _step(app_for("staff").get(reverse("home")))
    assert "2015: 1 van 2 acties gerapporteerd" in staff_step.text
    assert "1 actie heeft nog geen rapport" in staff_step.text


def test_an_outsider_has_nothing_to_report(app_for, world):
    step = _step(app_for("outsider").get(reverse("home")))
    assert "voortgangsrapport" not in step.text


def test_a_sector_page_counts_only_its_chapter(app_for, world, chemie, lead):
    page = app_for("lead").get(chemie.get_absolute_url())
    step = _step(page)
    assert "2015: 0 van 1 actie gerapporteerd" in step.text
    assert "1 voortgangsrapport van je organisatie wacht" in step.text  # Voka leads action_voka


def test_the_step_counts_with_constant_queries(
    world, staff, partner, lead, pact, django_assert_max_num_queries
):
    def measure():
        for user in (staff, partner, lead):
            with django_assert_max_num_queries(8):
                assert _status(user).state == "current"

    measure()
    save_report(world["period"], world["vdab"], partner)
    save_report(world["period"], world["voka"], lead)
    for year in (2016, 2017):
        services.period_create(
            pact=pact,
            title=str(year),
            starts_on=dt.date(year, 1, 1),
            ends_on=dt.date(year, 12, 31),
            deadline=dt.date(2099, 1, 31),
            by=staff,
        )
    measure()
