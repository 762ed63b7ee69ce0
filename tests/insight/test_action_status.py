"""The monitoring chart of the insight page: the status of the actions per chapter in the
latest reporting period, with the same numbers as the period's overview."""

import csv
import io

import pytest
from django.urls import reverse

from monitoring.selectors import UNREPORTED, period_overview, status_by_chapter

from ..monitoring import conftest as monitoring_fixtures
from ..monitoring.conftest import save_report

unadopted_pact = monitoring_fixtures.unadopted_pact
pact = monitoring_fixtures.pact
action_voka = monitoring_fixtures.action_voka
action_vdab = monitoring_fixtures.action_vdab
indicator = monitoring_fixtures.indicator
period = monitoring_fixtures.period
world = monitoring_fixtures.world

pytestmark = pytest.mark.django_db


def _csv(client, **query):
    response = client.get(reverse("insight:chart_csv", args=["action-status"]), query)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    return rows[0], rows[1:]


def test_the_chart_counts_what_the_period_overview_lists(client_for, world, partner, lead):
    save_report(
        world["period"], world["vdab"], partner, status="delayed", obstacles="Geen lesgever."
    )
    header, rows = _csv(client_for("chair"))
    assert header[:2] == ["Hoofdstuk", "Niet gerapporteerd"]
    overview = period_overview(world["period"])
    listed = {summary.chapter.title: summary.by_status for summary in overview.chapters}
    assert {row[0] for row in rows} == set(listed)
    statuses = [UNREPORTED, "not_started", "started", "on_track", "delayed", "stopped", "done"]
    for row in rows:
        expected = [listed[row[0]].get(status, 0) for status in statuses]
        assert [int(v) for v in row[1:]] == expected
    by_title = {row[0]: row for row in rows}
    assert by_title[world["vdab"].operational_objective.strategic_objective.chapter.title][5] == "1"
    page = client_for("chair").get(reverse("insight:index")).content.decode()
    assert "Status van de acties per hoofdstuk" in page
    assert 'href="/insight/action-status.csv"' in page
    assert 'id="chart-action-status"' in page
    assert "2015: van 2 acties" in page


def test_a_sector_shows_its_own_chapter(client_for, world, chemie):
    _header, rows = _csv(client_for("staff"), sector=chemie.pk)
    assert [row[0] for row in rows] == [
        world["voka"].operational_objective.strategic_objective.chapter.title
    ]


def test_a_report_rebuilds_the_cached_chart(client_for, world, partner):
    client = client_for("staff")
    _header, before = _csv(client)
    save_report(world["period"], world["vdab"], partner, status="done")
    _header, after = _csv(client)
    assert before != after


def test_the_counts_take_three_queries_whatever_the_size(
    world, partner, lead, django_assert_num_queries
):
    with django_assert_num_queries(3):
        status_by_chapter(world["period"])
    save_report(world["period"], world["vdab"], partner)
    save_report(world["period"], world["voka"], lead, status="started")
    with django_assert_num_queries(3):
        rows = status_by_chapter(world["period"])
    assert sum(by_status.get("started", 0) for _chapter, by_status in rows) == 1
