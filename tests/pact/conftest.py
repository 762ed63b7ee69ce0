"""Fixtures of the pact tests: the pact with its sector chapters, placed actions, slow renders."""

import os
import tempfile
from pathlib import Path

import pytest

from pact import services
from pact.models import Chapter
from proposals.models import ProposalStatus

from ..factories import ProposalFactory, UserFactory
from .factories import OperationalObjectiveFactory, StrategicObjectiveFactory, place

# The real worker (started once per session, from this environment) waits while this file
# exists: a deliberately slow render, so a test can kill the worker mid-render.
DELAY_FILE = Path(tempfile.gettempdir()) / f"streekpact-pact-slow-render-{os.getpid()}"
os.environ["PACT_RENDER_DELAY_FILE"] = str(DELAY_FILE)


@pytest.fixture
def slow_render():
    DELAY_FILE.touch()
    yield DELAY_FILE
    DELAY_FILE.unlink(missing_ok=True)


@pytest.fixture
def pact(db):
    return services.pact_prepare()


@pytest.fixture
def chemie_chapter(chemie, pact):
    services.pact_prepare()  # creates the chapter of a sector added after the pact
    return Chapter.objects.get(sector=chemie)


@pytest.fixture
def chemie_objective(chemie_chapter):
    strategic = StrategicObjectiveFactory(
        chapter=chemie_chapter, title="Voldoende technisch talent voor chemie en farma"
    )
    return OperationalObjectiveFactory(
        strategic_objective=strategic, title="Meer jongeren kiezen voor STEM"
    )


@pytest.fixture
def voka_author(voka):
    return UserFactory(email="auteur@voka.test", name="Anna Auteur", organisation=voka)


@pytest.fixture
def approved(chemie, voka_author):
    """Two approved proposals of Chemie en farma and a rejected one."""
    first = ProposalFactory(
        title="Stagebank chemie",
        sector=chemie,
        created_by=voka_author,
        status=ProposalStatus.APPROVED,
        proposed_actions="Een stagebank opzetten met de bedrijven van de regio.",
        budget_estimate="25000.00",
    )
    second = ProposalFactory(
        title="Techniekacademie voor tieners",
        sector=chemie,
        created_by=voka_author,
        status=ProposalStatus.APPROVED,
        proposed_actions="Zomerkampen techniek voor jongeren van 12 tot 14.",
    )
    rejected = ProposalFactory(
        title="Afgewezen idee over parkeerplaatsen",
        sector=chemie,
        created_by=voka_author,
        status=ProposalStatus.REJECTED,
    )
    return {"first": first, "second": second, "rejected": rejected}


@pytest.fixture
def placed(approved, chemie_objective):
    """Both approved proposals placed as actions in Chemie en farma."""
    return [place(approved["first"], chemie_objective), place(approved["second"], chemie_objective)]
