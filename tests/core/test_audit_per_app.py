"""Every app's services leave a trail: one representative action of each, with its actor."""

from unittest import mock

import pytest

from ateliers import services as atelier_services
from pact import services as pact_services
from pact.models import Chapter
from sectors import services as sector_services
from sectors.models import Sector
from streekpact.partners import services as partner_services
from streekpact.partners.models import AuditEntry, AuditVerb

from ..factories import AtelierFactory, ProposalFactory
from ..pact.factories import OperationalObjectiveFactory, StrategicObjectiveFactory

pytestmark = pytest.mark.django_db


def _entry(action):
    return AuditEntry.objects.get(action=action)


def test_partners(cast, voka):
    partner_services.organisation_update(
        organisation=voka, by=cast["staff"], website="https://voka.be"
    )
    entry = _entry("organisation_update")
    assert (entry.actor, entry.organisation, entry.verb) == (cast["staff"], voka, AuditVerb.UPDATE)
    assert entry.changes["website"]["to"] == "https://voka.be"


def test_sectors_and_the_chapter_the_pact_gives_them(cast, voka):
    sector = sector_services.sector_save(
        sector=Sector(name="Zorg", slug="zorg"), lead_organisations=[voka], by=cast["staff"]
    )
    assert _entry("sector_save").actor == cast["staff"]
    chapter_entry = _entry("chapter_for_new_sector")
    assert chapter_entry.target_id == str(Chapter.objects.get(sector=sector).pk)
    assert chapter_entry.actor == cast["staff"]


def test_ateliers_registration_and_cancellation(cast, chemie, voka):
    atelier = AtelierFactory(sector=chemie, leads=[voka])
    registration = atelier_services.registration_register(
        atelier=atelier, user=cast["lead"], by=cast["lead"]
    )
    atelier_services.atelier_cancel(atelier=atelier, by=cast["staff"], message="Zaal onbeschikbaar")
    registered = _entry("registration_register")
    assert (registered.actor, registered.organisation) == (cast["lead"], voka)
    assert registered.target_id == str(registration.pk)
    cancelled = _entry("atelier_cancel")
    assert (cancelled.actor, cancelled.verb) == (cast["staff"], AuditVerb.CANCEL)


def test_pact_placing_and_sharing(cast, chemie, voka):
    pact_services.pact_prepare()
    chapter = Chapter.objects.get(sector=chemie)
    objective = OperationalObjectiveFactory(
        strategic_objective=StrategicObjectiveFactory(chapter=chapter)
    )
    proposal = ProposalFactory(sector=chemie, created_by=cast["lead"], status="approved")
    pact_services.action_place(
        proposal=proposal, operational_objective=objective, title="Stagebank", trekker=voka,
        by=cast["staff"],
    )  # fmt: skip
    placed = _entry("action_place")
    assert (placed.actor, placed.organisation) == (cast["staff"], voka)
    with mock.patch("pact.services._enqueue"):
        draft, _ = pact_services.draft_request(user=cast["chair"])
    pact_services.draft_render(draft_pk=draft.pk)  # in this process
    draft.refresh_from_db()
    assert _entry("draft_render").changes["status"]["to"] == "ready"
    pact_services.draft_share(draft=draft, shared=True, by=cast["staff"])
    shared = _entry("draft_share")
    assert (shared.actor, shared.verb) == (cast["staff"], AuditVerb.SHARE)
    assert shared.changes["shared_with_partners"] == {"from": False, "to": True}
    assert _entry("draft_request").actor == cast["chair"]
