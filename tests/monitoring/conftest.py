"""Fixtures of monitoring: two actions of the adopted pact, an indicator, a period of 2015.

action_voka   Chemie en farma, trekker Voka (the `lead` role), partner VDAB (`partner`)
action_vdab   Logistiek, trekker VDAB (`partner`), partner Voka (`lead`)
outsider      ACV: neither trekker nor partner of anything
"""

import datetime as dt
from decimal import Decimal

import pytest

from monitoring import services
from monitoring.models import Direction, ReportingPeriod
from pact import services as pact_services
from pact.models import Chapter
from proposals.models import ProposalStatus

from ..adoption.factories import adopt_pact
from ..factories import ProposalFactory
from ..pact.factories import OperationalObjectiveFactory, StrategicObjectiveFactory, place


@pytest.fixture
def unadopted_pact(db):
    return pact_services.pact_prepare()


@pytest.fixture
def pact(unadopted_pact, staff, chair):
    """The pact, adopted (only an adopted pact can be monitored)."""
    adopt_pact(pact=unadopted_pact, staff=staff, chair=chair)
    return unadopted_pact


def _objective(chapter):
    strategic = StrategicObjectiveFactory(chapter=chapter)
    return OperationalObjectiveFactory(strategic_objective=strategic)


@pytest.fixture
def action_voka(pact, chemie, voka, vdab, lead):
    pact_services.pact_prepare()
    chapter = Chapter.objects.get(sector=chemie)
    proposal = ProposalFactory(
        title="Stagebank chemie", sector=chemie, created_by=lead, status=ProposalStatus.APPROVED
    )
    return place(
        proposal,
        _objective(chapter),
        trekker=voka,
        partners=[vdab],
        budget=Decimal("25000.00"),
        indicators="- Aantal stageplaatsen\n- Tevredenheid van de bedrijven",
    )


@pytest.fixture
def action_vdab(pact, logistiek, voka, vdab, partner):
    pact_services.pact_prepare()
    chapter = Chapter.objects.get(sector=logistiek)
    proposal = ProposalFactory(
        title="Opleiding heftruckchauffeur",
        sector=logistiek,
        created_by=partner,
        status=ProposalStatus.APPROVED,
    )
    return place(
        proposal, _objective(chapter), trekker=vdab, partners=[voka], budget=Decimal("40000")
    )


@pytest.fixture
def indicator(action_voka, staff):
    return services.indicator_save(
        action=action_voka,
        by=staff,
        name="Aantal stageplaatsen",
        unit="plaatsen",
        baseline=Decimal("10"),
        baseline_date=dt.date(2014, 1, 1),
        target=Decimal("110"),
        target_date=dt.date(2024, 1, 1),
        direction=Direction.HIGHER,
    )


@pytest.fixture
def period(pact, staff) -> ReportingPeriod:
    return services.period_create(
        pact=pact,
        title="2015",
        starts_on=dt.date(2015, 1, 1),
        ends_on=dt.date(2015, 12, 31),
        deadline=dt.date(2099, 1, 31),
        by=staff,
    )


@pytest.fixture
def world(action_voka, action_vdab, indicator, period):
    return {"voka": action_voka, "vdab": action_vdab, "indicator": indicator, "period": period}


def save_report(period, action, by, *, submit=True, status="on_track", values=None, **fields):
    data = {
        "status": status,
        "narrative": "Het loopt.",
        "obstacles": "",
        "spent": Decimal("1000"),
        "partners_involved": [],
        "values": values or {},
        **fields,
    }
    return services.report_save(period=period, action=action, submit=submit, by=by, **data)
