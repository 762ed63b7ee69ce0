"""The insight page's "indicators against their target": per chapter, how many indicator values
of the latest period are on track, behind the line from baseline to target, or cannot tell; the
same judgement as the period overview's list of indicators off track."""

import csv
import datetime as dt
import io
from collections import Counter
from decimal import Decimal

import pytest
from django.urls import reverse

from monitoring import services
from monitoring.models import ReportingPeriod
from monitoring.selectors import indicators_by_chapter, period_overview

from ..monitoring import conftest as monitoring_fixtures
from ..monitoring.conftest import save_report
from .test_numbers import demo  # noqa: F401 - fixture

unadopted_pact = monitoring_fixtures.unadopted_pact
pact = monitoring_fixtures.pact
action_voka = monitoring_fixtures.action_voka
action_vdab = monitoring_fixtures.action_vdab
indicator = monitoring_fixtures.indicator
period = monitoring_fixtures.period
world = monitoring_fixtures.world

pytestmark = pytest.mark.django_db

HEADER = ["Hoofdstuk", "Achter", "Op koers", "Niet te zeggen (cijfers ontbreken)"]


def _csv(client, **query):
    response = client.get(reverse("insight:chart_csv", args=["indicators"]), query)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    return rows[0], rows[1:]


def _chapter(action):
    return action.operational_objective.strategic_objective.chapter


def _incomplete(action, staff, name="Tevredenheid"):
    return services.indicator_save(
        action=action,
        by=staff,
        name=name,
        unit="",
        baseline=None,
        baseline_date=None,
        target=None,
        target_date=None,
        direction="higher",
    )


def test_behind_on_track_and_unknown_per_chapter(client_for, world, lead, partner, staff):
    # The line goes from 10 (2014) to 110 (2024): about 20 expected at the end of 2015.
    save_report(
        world["period"],
        world["voka"],
        lead,
        values={world["indicator"]: (Decimal("12"), dt.date(2015, 12, 31))},
    )
    unknown = _incomplete(world["vdab"], staff)
    save_report(
        world["period"],
        world["vdab"],
        partner,
        values={unknown: (Decimal("7"), dt.date(2015, 6, 1))},
    )
    header, rows = _csv(client_for("chair"))
    assert header == HEADER
    by_title = {row[0]: row[1:] for row in rows}
    assert by_title == {
        _chapter(world["voka"]).title: ["1", "0", "0"],
        _chapter(world["vdab"]).title: ["0", "0", "1"],
    }
    page = client_for("chair").get(reverse("insight:index")).content.decode()
    assert "Indicatoren tegenover hun doel per hoofdstuk" in page
    assert 'href="/insight/indicators.csv"' in page
    assert 'id="chart-indicators"' in page
    assert "2015: van 2 gerapporteerde indicatorwaarden" in page


def test_a_value_on_its_line_is_on_track_and_a_draft_does_not_count(
    client_for, world, lead, partner
):
    save_report(
        world["period"],
        world["voka"],
        lead,
        values={world["indicator"]: (Decimal("40"), dt.date(2015, 12, 31))},
    )
    save_report(world["period"], world["vdab"], partner, submit=False)
    _header, rows = _csv(client_for("staff"))
    assert rows == [[_chapter(world["voka"]).title, "0", "1", "0"]]


def test_a_sector_shows_its_own_chapter(client_for, world, lead, chemie):
    save_report(
        world["period"],
        world["voka"],
        lead,
        values={world["indicator"]: (Decimal("12"), dt.date(2015, 12, 31))},
    )
    _header, rows = _csv(client_for("staff"), sector=chemie.pk)
    assert [row[0] for row in rows] == [_chapter(world["voka"]).title]


def test_without_a_period_the_chart_says_so(client_for, action_voka):
    _header, rows = _csv(client_for("staff"))
    assert rows == []
    page = client_for("staff").get(reverse("insight:index")).content.decode()
    assert "Nog geen rapportageperiode." in page


def test_a_reported_value_rebuilds_the_cached_chart(client_for, world, lead):
    client = client_for("staff")
    _header, before = _csv(client)
    save_report(
        world["period"],
        world["voka"],
        lead,
        values={world["indicator"]: (Decimal("12"), dt.date(2015, 12, 31))},
    )
    _header, after = _csv(client)
    assert before == []
    assert after != before


def test_two_queries_whatever_the_number_of_values(
    world, lead, partner, staff, django_assert_num_queries
):
    with django_assert_num_queries(2):
        indicators_by_chapter(world["period"])
    extra = [_incomplete(world["vdab"], staff, name=f"Indicator {n}") for n in range(5)]
    save_report(
        world["period"],
        world["vdab"],
        partner,
        values={item: (Decimal(n), dt.date(2015, 6, 1)) for n, item in enumerate(extra)},
    )
    save_report(
        world["period"],
        world["voka"],
        lead,
        values={world["indicator"]: (Decimal("12"), dt.date(2015, 12, 31))},
    )
    with django_assert_num_queries(2):
        rows = indicators_by_chapter(world["period"])
    assert sum(counts["unknown"] for _chapter, counts in rows) == 5


def test_on_the_demo_the_chart_equals_the_overviews_off_track_list(client, demo):  # noqa: F811
    client.force_login(demo)
    latest = ReportingPeriod.objects.order_by("-starts_on", "-pk").first()
    overview = period_overview(latest)
    behind = Counter(row.chapter.title for row, _value in overview.off_track)
    judged = Counter(
        row.chapter.title
        for row in overview.rows
        if row.report is not None and row.report.state == "submitted"
        for _value in row.report.values.all()
    )
    _header, rows = _csv(client)
    assert behind, "the demo has indicators off track"
    assert {row[0]: int(row[1]) for row in rows if int(row[1])} == dict(behind)
    assert {row[0]: sum(int(v) for v in row[1:]) for row in rows} == dict(judged)
