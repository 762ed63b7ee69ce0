"""The involvement chart stays the same size however many partners take part: the most involved
organisations have a row each, the others one row that adds them up; the CSV has them all."""

import csv
import io

import pytest
from django.urls import reverse

from insight import figures
from proposals.models import ProposalStatus
from tests.factories import OrganisationFactory, ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/insight/"


@pytest.fixture
def top_three(monkeypatch):
    """Three organisations with a row of their own (the page's bound is 12: fewer records here)."""
    monkeypatch.setattr(figures, "TOP_ORGANISATIONS", 3)


def _partners(chemie, logistiek, n: int) -> list:
    """n organisations P1…Pn; Pi submitted i proposals in Chemie and one in Logistiek."""
    organisations = []
    for i in range(1, n + 1):
        org = OrganisationFactory(name=f"Partner {i}", short_name=f"P{i}")
        author = UserFactory(organisation=org)
        for _ in range(i):
            ProposalFactory(sector=chemie, created_by=author, status=ProposalStatus.SUBMITTED)
        ProposalFactory(sector=logistiek, created_by=author, status=ProposalStatus.SUBMITTED)
        organisations.append(org)
    return organisations


def _table(page: str) -> str:
    start = page.index('id="chart-involvement"')
    return page[start : page.index("</section>", start)]


def _csv(client) -> list[list[str]]:
    response = client.get(reverse("insight:chart_csv", args=["involvement"]))
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))[1:]


def test_the_most_involved_have_a_row_each_and_the_others_are_added_up(
    client_for, chemie, logistiek, top_three
):
    _partners(chemie, logistiek, 6)
    client = client_for("staff")
    section = _table(client.get(URL).content.decode())
    # P6, P5, P4 (7, 6 and 5 proposals): a row each, in that order; P1-P3 added up.
    for name in ("P6", "P5", "P4"):
        assert f'<th scope="row">{name}</th>' in section
    for name in ("P3", "P2", "P1"):
        assert f">{name}<" not in section  # neither in the table nor in the drawing
    assert section.index(">P6<") < section.index(">P5<") < section.index(">P4<")
    others = "Andere organisaties (3)"
    assert section.count(f'<th scope="row">{others}</th>') == 2  # one row per sector
    # Chemie: 1 + 2 + 3 proposals; Logistiek: one each (ateliers, proposals, supports, total).
    assert (
        f'<th scope="row">{others}</th><td>Chemie en farma</td><td class="text-end">0</td>'
        '<td class="text-end">6</td><td class="text-end">0</td><td class="text-end">6</td>'
    ) in section
    assert (
        f'<th scope="row">{others}</th><td>Logistiek en transport</td><td class="text-end">0</td>'
        '<td class="text-end">3</td><td class="text-end">0</td><td class="text-end">3</td>'
    ) in section
    assert f">{others}</text>" in section  # the drawing has the row too
    assert "de andere 3 zijn samengeteld in één rij" in section  # the summary says so
    assert "De CSV-download bevat elke organisatie afzonderlijk." in section
    assert 'href="/insight/involvement.csv"' in section
    # The download has every organisation, the most involved first, and no added-up row.
    rows = _csv(client)
    assert [row[0] for row in rows[::2]] == ["P6", "P5", "P4", "P3", "P2", "P1"]
    assert rows[-2:] == [
        ["P1", "Chemie en farma", "0", "1", "0", "1"],
        ["P1", "Logistiek en transport", "0", "1", "0", "1"],
    ]
    assert not [row for row in rows if row[0].startswith("Andere")]


def test_one_organisation_more_than_the_bound_keeps_its_own_row(
    client_for, chemie, logistiek, top_three
):
    _partners(chemie, logistiek, 4)
    section = _table(client_for("chair").get(URL).content.decode())
    assert '<th scope="row">P1</th>' in section  # not "Andere organisaties (1)"
    assert "Andere organisaties" not in section
    assert "CSV-download bevat elke organisatie" not in section


def test_the_page_has_at_most_twelve_organisations_and_one_row_of_others(
    client_for, chemie, logistiek
):
    assert figures.TOP_ORGANISATIONS == 12
    _partners(chemie, logistiek, 14)
    client = client_for("staff")
    section = _table(client.get(URL).content.decode())
    shown = {f"P{i}" for i in range(3, 15)}
    for i in range(1, 15):
        assert (f'<th scope="row">P{i}</th>' in section) is (f"P{i}" in shown)
    # P1 and P2 added up: 1 + 2 proposals in Chemie, one each in Logistiek.
    assert '<th scope="row">Andere organisaties (2)</th><td>Chemie en farma</td>' in section
    assert section.count('<th scope="row">') == 2 * 12 + 2
    assert len(_csv(client)) == 2 * 14
