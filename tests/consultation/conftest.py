"""Fixtures of the consultation tests: a ready draft v1 of the pact and a round open on it."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from consultation import services
from consultation.models import Audience
from pact import services as pact_services
from pact.models import DraftStatus
from streekpact.partners.models import OrganisationKind

from ..factories import OrganisationFactory, UserFactory
from ..pact.conftest import (  # noqa: F401 - fixtures shared with the pact tests
    approved,
    chemie_chapter,
    chemie_objective,
    pact,
    placed,
    voka_author,
)

PDF = b"%PDF-1.7\n% a tiny stand-in\n%%EOF\n"


def make_ready_draft(user, chapter=None):
    """Freeze the pact as a draft and mark it ready with a stand-in PDF (no render)."""
    draft, _created = pact_services._draft_request(user=user, chapter=chapter, enqueue=False)
    draft.pdf.save(f"v{draft.version}.pdf", ContentFile(PDF), save=False)
    draft.status = DraftStatus.READY
    draft.size = len(PDF)
    draft.page_count = 1
    draft.save()
    return draft


@pytest.fixture
def boerenbond(db):
    return OrganisationFactory(
        name="Boerenbond", short_name="Boerenbond", kind=OrganisationKind.SECTOR
    )


@pytest.fixture
def farmer(boerenbond):
    return UserFactory(email="boer@boerenbond.test", name="Bart Boer", organisation=boerenbond)


@pytest.fixture
def draft(placed, staff):  # noqa: F811 - the fixture imported above
    return make_ready_draft(staff)


@pytest.fixture
def consultation(draft, staff, voka, vdab, boerenbond, lead, partner, farmer, outsider):
    """A round on draft v1, open for a week; Voka, VDAB and Boerenbond invited (not ACV)."""
    return services.round_open(
        draft=draft,
        title="Consultatie ontwerp v1",
        closes_on=timezone.localdate() + timedelta(days=7),
        audience=Audience.ONLY,
        organisations=[voka, vdab, boerenbond],
        message="Graag uw **reacties**.",
        by=staff,
    )


def action_section(consultation, index=0):
    """The (kind, id, data) of an action of the round's draft."""
    from consultation.sections import iter_sections

    actions = [s for s in iter_sections(consultation.content) if s.kind == "action"]
    return actions[index]


def objective_section(consultation):
    from consultation.sections import iter_sections

    return next(s for s in iter_sections(consultation.content) if s.kind == "objective")
