"""Finding proposals: filters, search (Dutch on PostgreSQL), sorting, pagination, query count."""

import csv
import io

import pytest
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from proposals.models import Proposal, ProposalStatus
from tests.factories import (
    OrganisationFactory,
    ProposalFactory,
    SupportFactory,
    UserFactory,
)


def _titles(response):
    return [p.title for p in response.context["proposals"]]


def test_drafts_of_others_are_not_listed(client, partner, draft, submitted):
    client.force_login(partner)
    assert _titles(client.get(reverse("proposals:list"))) == ["Chemie op school"]


def test_filters_and_sorting(client, staff, submitted, vdab_submitted, logistiek, themes):
    submitted.themes.add(themes[1])
    for org in OrganisationFactory.create_batch(2):
        SupportFactory(proposal=vdab_submitted, organisation=org)
    other = ProposalFactory(title="Chauffeurs", sector=logistiek, status=ProposalStatus.APPROVED)
    client.force_login(staff)
    url = reverse("proposals:list")
    assert _titles(client.get(url, {"sector": logistiek.pk})) == ["Chauffeurs"]
    assert _titles(client.get(url, {"status": "approved"})) == ["Chauffeurs"]
    assert _titles(client.get(url, {"theme": themes[1].pk})) == ["Chemie op school"]
    assert _titles(client.get(url, {"organisation": other.organisation_id})) == ["Chauffeurs"]
    assert _titles(client.get(url, {"order": "support"}))[0] == "Opleiding procesoperator"
    assert _titles(client.get(url, {"min_support": 2})) == ["Opleiding procesoperator"]
    assert _titles(client.get(url, {"order": "title"})) == sorted(
        ["Chauffeurs", "Chemie op school", "Opleiding procesoperator"]
    )


def test_filter_by_atelier(client, staff, atelier, chemie):
    ProposalFactory(title="Uit het atelier", sector=chemie, atelier=atelier, status="submitted")
    ProposalFactory(title="Los", sector=chemie, status="submitted")
    client.force_login(staff)
    assert _titles(client.get(reverse("proposals:list"), {"atelier": atelier.pk})) == [
        "Uit het atelier"
    ]


def test_search(client, staff, chemie):
    ProposalFactory(
        title="Opleidingen voor procesoperatoren", sector=chemie, status="submitted",
        summary="Meer mensen opleiden.", body="",
    )  # fmt: skip
    ProposalFactory(title="Korte keten", sector=chemie, status="submitted", body="Groenten")
    client.force_login(staff)
    url = reverse("proposals:list")
    assert _titles(client.get(url, {"q": "procesoperatoren"})) == [
        "Opleidingen voor procesoperatoren"
    ]
    if connection.vendor == "postgresql":
        # Dutch stemming: "opleiding" finds "opleidingen" and "opleiden".
        assert _titles(client.get(url, {"q": "opleiding"})) == ["Opleidingen voor procesoperatoren"]
    assert _titles(client.get(url, {"q": "groenten"})) == ["Korte keten"]
    assert _titles(client.get(url, {"q": "onbestaand"})) == []


def test_pagination(client, staff, chemie, settings):
    settings.PROPOSALS_PER_PAGE = 5
    ProposalFactory.create_batch(12, sector=chemie, status="submitted")
    client.force_login(staff)
    response = client.get(reverse("proposals:list"), {"page": 3})
    assert len(response.context["proposals"]) == 2
    assert response.context["paginator"].count == 12


def _populate(n, chemie, themes):
    orgs = OrganisationFactory.create_batch(3)
    atelier_user = UserFactory()
    for i in range(n):
        p = ProposalFactory(sector=chemie, status="submitted", created_by=atelier_user)
        p.themes.set(themes)
        for org in orgs[: i % 3 + 1]:
            SupportFactory(proposal=p, organisation=org)


@pytest.mark.parametrize("view", ["proposals:list", "proposals:review_queue"])
def test_query_count_does_not_grow(
    client, staff, chemie, themes, view, django_assert_max_num_queries
):
    _populate(2, chemie, themes)
    client.force_login(staff)
    client.get(reverse(view))  # warm up (session, content types)
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(view)).status_code == 200
    _populate(25, chemie, themes)
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse(view))
    assert response.status_code == 200
    assert len(response.context["proposals"]) > 2


def test_detail_query_count_does_not_grow(client, staff, submitted, django_assert_max_num_queries):
    from django.test.utils import CaptureQueriesContext

    from proposals.services import comment_add

    client.force_login(staff)
    comment_add(proposal=submitted, author=staff, text="een")
    SupportFactory(proposal=submitted)
    client.get(submitted.get_absolute_url())
    with CaptureQueriesContext(connection) as few:
        assert client.get(submitted.get_absolute_url()).status_code == 200
    for i in range(10):
        top = comment_add(proposal=submitted, author=UserFactory(), text=f"c{i}")
        comment_add(proposal=submitted, author=UserFactory(), text=f"r{i}", parent=top)
        SupportFactory(proposal=submitted)
    with django_assert_max_num_queries(len(few)):
        response = client.get(submitted.get_absolute_url())
    assert response.status_code == 200
    assert "r9" in response.text


def test_csv_and_xlsx_export_follow_the_filters(client, staff, submitted, logistiek):
    ProposalFactory(title='=HYPERLINK("x")', sector=logistiek, status="approved", answer="Ja")
    client.force_login(staff)
    response = client.get(reverse("proposals:export", args=["csv"]), {"status": "approved"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2
    assert rows[1][1].startswith("'=")  # formula neutralised
    assert "Ja" in rows[1]
    response = client.get(reverse("proposals:export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 3
    assert {sheet.cell(row=r, column=1).value for r in (2, 3)} == {
        p.reference for p in Proposal.objects.all()
    }
