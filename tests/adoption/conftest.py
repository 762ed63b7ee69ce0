"""Fixtures of the adoption tests: a ready draft of a small pact, adopted; signatories."""

import pytest

from adoption import services
from adoption.models import Adoption
from pact import services as pact_services
from streekpact.partners.models import OrganisationKind

from ..factories import OrganisationFactory, UserFactory
from ..pact import conftest as pact_fixtures

# The pact's fixtures: a small pact with two approved proposals placed in Chemie en farma.
pact = pact_fixtures.pact
chemie_chapter = pact_fixtures.chemie_chapter
chemie_objective = pact_fixtures.chemie_objective
voka_author = pact_fixtures.voka_author
approved = pact_fixtures.approved
placed = pact_fixtures.placed


@pytest.fixture
def boerenbond(db):
    return OrganisationFactory(
        name="Boerenbond", short_name="Boerenbond", kind=OrganisationKind.SECTOR
    )


@pytest.fixture
def ready_draft(placed, staff):
    return pact_services.draft_request_sync(user=staff)


@pytest.fixture
def proposed(ready_draft, staff) -> Adoption:
    return services.adoption_propose(draft=ready_draft, by=staff)


@pytest.fixture
def adopted(proposed, chair, django_capture_on_commit_callbacks) -> Adoption:
    import datetime

    with django_capture_on_commit_callbacks(execute=True):
        adoption = services.adoption_adopt(
            adoption=proposed, adopted_on=datetime.date(2026, 11, 30), by=chair
        )
    adoption.refresh_from_db()
    return adoption


@pytest.fixture
def signatories(lead, partner, outsider, boerenbond, staff):
    """Signing rights for Voka (lead), VDAB (partner), ACV (outsider) and Boerenbond."""
    farmer = UserFactory(email="boer@boerenbond.test", name="Bart Boer", organisation=boerenbond)
    rights = {}
    for key, user, function in (
        ("voka", lead, "gedelegeerd bestuurder"),
        ("vdab", partner, "administrateur-generaal"),
        ("acv", outsider, "voorzitter"),
        ("boerenbond", farmer, "voorzitter"),
    ):
        rights[key] = services.signing_right_grant(user=user, function=function, by=staff)
    return rights
