"""On the demo data, every chart says what the lists say: the proposals list (per sector and
status, as the chair sees it), the atelier's attendance and the proposals' support counts."""

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from ateliers.models import Atelier, Registration
from pact.models import Action
from proposals.models import Proposal
from sectors.models import Sector
from streekpact.partners.models import Organisation, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True  # seed_demo refuses otherwise
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False
    return User.objects.get(email="voorzitter@demo.streekpact.be")


def _csv(client, chart, **query):
    response = client.get(reverse("insight:chart_csv", args=[chart]), query)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    return rows[0], rows[1:]


def _listed(client, **query) -> int:
    response = client.get(reverse("proposals:list"), query)
    return response.context["paginator"].count


def test_the_funnel_agrees_with_the_proposals_list(client, demo):
    client.force_login(demo)
    _header, rows = _csv(client, "funnel")
    assert rows, "the demo has proposals"
    by_name = {row[0]: row for row in rows}
    for sector in Sector.objects.all():
        row = by_name.get(sector.name)
        submitted = _listed(client, sector=sector.pk)
        approved = _listed(client, sector=sector.pk, status="approved")
        if row is None:
            assert submitted == 0
            continue
        assert int(row[2]) == submitted
        assert int(row[3]) == approved
        assert (
            int(row[1]) == Proposal.objects.for_sector(sector).filter(atelier__isnull=False).count()
        )
        placed = Action.objects.filter(proposal__sector=sector).values("proposal").distinct()
        assert int(row[4]) == placed.count()


def test_participation_agrees_with_each_atelier_page(client, demo):
    client.force_login(demo)
    header, rows = _csv(client, "participation")
    held = list(Atelier.objects.held())
    assert rows and len(rows) == len(held)
    for atelier in held:
        row = next(r for r in rows if r[1] == atelier.title)
        # The atelier page counts with attendance_by_kind().
        counts = dict(Registration.objects.filter(atelier=atelier).attendance_by_kind())
        assert int(row[-2]) == sum(counts.values())  # then the organisations
        for label, count in counts.items():
            assert int(row[header.index(str(label))]) == count


def test_draagvlak_agrees_with_the_support_counts_of_the_list(client, demo):
    client.force_login(demo)
    header, rows = _csv(client, "draagvlak")
    support, objection = 2, 3  # sector, kind, then the stances in their order
    for sector in Sector.objects.all():
        listed = Proposal.objects.visible_to(demo).for_list().filter(sector=sector)
        mine = [r for r in rows if r[0] == sector.name]
        assert sum(int(r[support]) for r in mine) == sum(p.support_count for p in listed)
        assert sum(int(r[objection]) for r in mine) == sum(p.objection_count for p in listed)


def test_the_most_objected_are_those_the_list_sorts_first(client, demo):
    client.force_login(demo)
    header, rows = _csv(client, "objections")
    listed = Proposal.objects.visible_to(demo).for_list().filter(objection_count__gt=0)
    assert len(rows) == min(10, listed.count())
    for row in rows:
        proposal = next(p for p in listed if p.reference == row[0])
        assert int(row[4]) == proposal.objection_count


def test_an_organisation_page_shows_the_same_involvement(client, demo):
    client.force_login(demo)
    _header, rows = _csv(client, "involvement")
    voka = Organisation.objects.get(short_name="Voka")
    mine = [r for r in rows if r[0] == "Voka"]
    page = client.get(voka.get_absolute_url()).content.decode()
    proposals = sum(int(r[3]) for r in mine)
    assert f'?organisation={voka.pk}">{proposals}</a>' in page
    assert proposals == _listed(client, organisation=voka.pk)
