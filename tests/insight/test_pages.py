"""The insight page: who may see it, its filters, CSV downloads, query counts and the cache."""

import csv
import io

import pytest
from django.core.cache import cache
from django.urls import reverse

from insight.figures import CHART_SLUGS
from proposals.models import ProposalStatus, Stance
from tests.ateliers.factories import HeldAtelierFactory
from tests.factories import (
    OrganisationFactory,
    ProposalFactory,
    RegistrationFactory,
    SupportFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

URL = "/insight/"


def _fill(sectors, organisations, n: int) -> None:
    """n proposals per sector with positions, and a held atelier with attendance."""
    for sector in sectors:
        atelier = HeldAtelierFactory(sector=sector)
        for org in organisations:
            RegistrationFactory(atelier=atelier, user=UserFactory(organisation=org), attended=True)
        for i in range(n):
            proposal = ProposalFactory(
                sector=sector,
                status=ProposalStatus.APPROVED if i % 2 else ProposalStatus.SUBMITTED,
                atelier=atelier if i % 3 == 0 else None,
                created_by=UserFactory(organisation=organisations[i % len(organisations)]),
            )
            for j, org in enumerate(organisations):
                if org.pk != proposal.organisation_id:
                    stance = Stance.OBJECTION if j == 0 else Stance.SUPPORT
                    SupportFactory(
                        proposal=proposal,
                        organisation=org,
                        stance=stance,
                        reason="Te vaag." if stance == Stance.OBJECTION else "",
                    )


@pytest.mark.parametrize(
    ("role", "expected"),
    [("staff", 200), ("chair", 200), ("lead", 403), ("partner", 403), ("outsider", 403),
     ("anonymous", 302)],
)  # fmt: skip
def test_who_may_see_the_insight_page(client_for, role, expected):
    for url in (URL, reverse("insight:chart_csv", args=["funnel"])):
        response = client_for(role).get(url)
        assert response.status_code == expected, url
        if expected == 200 and url == URL:
            assert b'id="chart-participation"' in response.content
        if expected == 302:
            assert "/accounts/login/" in response["Location"]


def test_the_page_shows_every_chart_with_its_table_and_csv_link(client_for, chemie, voka, vdab):
    _fill([chemie], [voka, vdab], 3)
    page = client_for("chair").get(URL).content.decode()
    # No reporting period here: the monitoring charts say so, without drawing or table
    # (tests/insight/test_action_status.py and test_indicators.py draw them).
    drawn = [slug for slug in CHART_SLUGS if slug not in ("action-status", "indicators")]
    for slug in CHART_SLUGS:
        assert f'id="chart-{slug}"' in page
    for slug in drawn:
        assert f'href="/insight/{slug}.csv"' in page
    assert "Nog geen rapportageperiode." in page
    assert page.count("<details") == len(drawn)
    assert page.count('role="img"') == len(drawn)
    assert '<th scope="row">Chemie en farma</th>' in page


def test_one_sector_changes_the_charts(client_for, chemie, logistiek, voka, vdab):
    _fill([chemie], [voka, vdab], 2)
    _fill([logistiek], [voka, vdab], 4)
    client = client_for("staff")
    everything = client.get(URL).content.decode()
    only = client.get(URL, {"sector": chemie.pk}).content.decode()
    assert "Logistiek en transport" in everything
    assert "Logistiek en transport</th>" not in only
    funnel = client.get(reverse("insight:chart_csv", args=["funnel"]), {"sector": chemie.pk})
    rows = list(csv.reader(io.StringIO(funnel.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1] == ["Chemie en farma", "1", "2", "1", "0"]
    assert len(rows) == 2
    assert 'filename="inzicht-funnel-chemie-en-farma.csv"' in funnel["Content-Disposition"]


def test_a_period_that_ends_before_it_starts_is_a_clear_message(client_for, chemie):
    response = client_for("staff").get(URL, {"start": "2026-05-01", "end": "2026-01-01"})
    assert response.status_code == 200
    assert "Het einde van de periode ligt voor het begin." in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [{"sector": "999999999999"}, {"sector": "abc"}, {"start": "1800-01-01"}, {"end": "x"}],
)
def test_odd_filters_are_ignored_not_a_500(client_for, chemie, query):
    assert client_for("staff").get(URL, query).status_code == 200
    csv_url = reverse("insight:chart_csv", args=["draagvlak"])
    assert client_for("staff").get(csv_url, query).status_code == 200


def test_an_unknown_chart_is_404(client_for):
    assert client_for("staff").get("/insight/nothing.csv").status_code == 404


def test_the_period_filters_ateliers_and_proposals(client_for, chemie, voka, vdab):
    _fill([chemie], [voka, vdab], 2)
    response = client_for("staff").get(
        reverse("insight:chart_csv", args=["funnel"]), {"end": "2001-01-01"}
    )
    assert response.content.decode("utf-8-sig").strip().count("\n") == 0  # header only


def test_the_number_of_queries_does_not_grow_with_the_data(
    client_for, chemie, logistiek, voka, vdab, acv, django_assert_max_num_queries
):
    client = client_for("staff")
    _fill([chemie], [voka, vdab], 2)
    cache.clear()
    with django_assert_max_num_queries(20) as small:
        client.get(URL)
    _fill([chemie, logistiek], [voka, vdab, acv], 12)
    cache.clear()
    with django_assert_max_num_queries(20) as large:
        client.get(URL)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_charts_are_cached_per_data_version_and_rebuilt_when_data_changes(
    client_for, chemie, voka, vdab, django_assert_max_num_queries
):
    _fill([chemie], [voka, vdab], 2)
    client = client_for("staff")
    csv_url = reverse("insight:chart_csv", args=["funnel"])
    first = client.get(csv_url).content
    with django_assert_max_num_queries(6) as warm:  # session, user, the data version
        assert client.get(csv_url).content == first
    assert not any("proposals_proposal\"" in q["sql"] and "GROUP BY" in q["sql"]
                   for q in warm.captured_queries)  # fmt: skip
    ProposalFactory(sector=chemie, status=ProposalStatus.SUBMITTED)
    assert client.get(csv_url).content != first  # rebuilt: one more submitted


def test_attendance_recorded_in_bulk_changes_the_version(chemie, voka):
    from insight.versions import data_version

    registration = RegistrationFactory(
        atelier=HeldAtelierFactory(sector=chemie), user=UserFactory(organisation=voka)
    )
    before = data_version()
    type(registration).objects.filter(pk=registration.pk).update(attended=True)
    assert data_version() != before


def test_a_new_organisation_changes_the_version(chemie, voka):
    from insight.versions import data_version

    before = data_version()
    OrganisationFactory()
    assert data_version() != before


def test_beat_warms_the_charts_so_the_next_visitor_waits_for_nothing(
    client_for, chemie, voka, vdab, django_assert_max_num_queries
):
    from insight.tasks import warm_charts

    _fill([chemie], [voka, vdab], 2)
    from sectors.models import Sector

    # (all sectors, then each sector) x (nl-be, en)
    assert warm_charts() == (1 + Sector.objects.count()) * 2
    client = client_for("chair")
    with django_assert_max_num_queries(8) as page:
        client.get(URL, {"sector": chemie.pk})
    assert not any("GROUP BY" in q["sql"] for q in page.captured_queries)
