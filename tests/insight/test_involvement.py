"""An organisation's page shows its own involvement to its members, staff and the chair."""

import pytest

from proposals.models import ProposalStatus
from tests.ateliers.factories import HeldAtelierFactory
from tests.factories import ProposalFactory, RegistrationFactory, SupportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def involved(chemie, lead, voka, partner):
    atelier = HeldAtelierFactory(sector=chemie)
    RegistrationFactory(atelier=atelier, user=lead, attended=True)
    ProposalFactory(sector=chemie, created_by=lead, status=ProposalStatus.SUBMITTED)
    ProposalFactory(sector=chemie, created_by=lead, status=ProposalStatus.DRAFT)  # not counted
    SupportFactory(organisation=voka, proposal__sector=chemie, proposal__created_by=partner)
    return voka


@pytest.mark.parametrize(
    ("role", "sees"),
    [("staff", True), ("chair", True), ("lead", True), ("partner", False), ("outsider", False)],
)
def test_who_sees_an_organisations_involvement(client_for, involved, role, sees):
    client = client_for(role)
    page = client.get(involved.get_absolute_url()).content.decode()
    assert ('id="involvement"' in page) is sees
    download = client.get(f"/insight/organisation/{involved.pk}.csv")
    assert download.status_code == (200 if sees else 403)
    if sees:
        assert f'href="/insight/organisation/{involved.pk}.csv"' in page
        rows = download.content.decode("utf-8-sig").strip().splitlines()
        assert rows[1] == "Chemie en farma;1;1;1"
    if sees:
        assert f'?organisation={involved.pk}">1</a>' in page  # the draft is not counted
        assert "Chemie en farma</th>" in page  # the table beside the chart
        assert 'role="img"' in page


def test_an_organisation_without_involvement_says_so(client_for, voka, chemie):
    page = client_for("staff").get(voka.get_absolute_url()).content.decode()
    assert 'id="involvement"' in page
    assert 'role="img"' not in page


def test_the_involvement_costs_the_same_queries_however_much_there_is(
    client_for, involved, chemie, lead, partner, django_assert_max_num_queries
):
    from django.core.cache import cache

    client = client_for("staff")
    with django_assert_max_num_queries(40) as few:
        client.get(involved.get_absolute_url())
    for _ in range(5):
        ProposalFactory(sector=chemie, created_by=lead, status=ProposalStatus.SUBMITTED)
        SupportFactory(organisation=involved, proposal__sector=chemie, proposal__created_by=partner)
    cache.clear()
    with django_assert_max_num_queries(40) as many:
        client.get(involved.get_absolute_url())
    assert len(many.captured_queries) == len(few.captured_queries)
