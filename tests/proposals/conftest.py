import pytest

from proposals.models import ProposalStatus
from tests.factories import AtelierFactory, ProposalFactory, RegistrationFactory, ThemeFactory


@pytest.fixture
def themes(db):
    return [
        ThemeFactory(name="Talentontwikkeling", slug="talentontwikkeling", is_core=True),
        ThemeFactory(name="Innovatie", slug="innovatie"),
    ]


@pytest.fixture
def draft(lead, chemie):
    """A Voka draft in Chemie en farma, written by the lead (Voka member)."""
    return ProposalFactory(
        title="Stagebank chemie", sector=chemie, created_by=lead, status=ProposalStatus.DRAFT
    )


@pytest.fixture
def submitted(lead, chemie):
    """A submitted Voka proposal in Chemie en farma."""
    return ProposalFactory(
        title="Chemie op school", sector=chemie, created_by=lead, status=ProposalStatus.SUBMITTED
    )


@pytest.fixture
def vdab_submitted(partner, chemie):
    """A submitted VDAB proposal in Chemie en farma (reviewed by Voka as sector lead)."""
    return ProposalFactory(
        title="Opleiding procesoperator",
        sector=chemie,
        created_by=partner,
        status=ProposalStatus.SUBMITTED,
    )


@pytest.fixture
def atelier(chemie, voka, partner):
    """Led by Voka; VDAB took part (its member registered), ACV did not."""
    atelier = AtelierFactory(sector=chemie, title="Inspiratieatelier chemie", leads=[voka])
    RegistrationFactory(atelier=atelier, user=partner)
    return atelier
