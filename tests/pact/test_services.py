"""Composing the pact from approved proposals, and requesting, rendering and recovering drafts."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from pact import services
from pact.models import Action, Chapter, ChapterPlacement, Draft, DraftStatus
from pact.snapshot import build_content, content_checksum, iter_actions
from proposals.models import ProposalStatus

from ..factories import ProposalFactory, SectorFactory
from .factories import OperationalObjectiveFactory, place

pytestmark = pytest.mark.django_db


def test_every_sector_gets_a_chapter_in_the_sectors_order(chemie, logistiek, pact):
    SectorFactory(name="Land- en tuinbouw", slug="land-en-tuinbouw", position=2)
    services.pact_prepare()
    services.chapter_create(pact=pact, title="Inleiding", placement=ChapterPlacement.BEFORE)
    services.chapter_create(pact=pact, title="Opvolging", placement=ChapterPlacement.AFTER)
    titles = list(Chapter.objects.in_pact_order().values_list("title", flat=True))
    assert titles == [
        "Inleiding",
        "Chemie en farma",
        "Land- en tuinbouw",
        "Logistiek en transport",
        "Opvolging",
    ]


def test_a_sector_created_through_its_service_has_its_chapter_at_once(pact, voka):
    from sectors import services as sector_services
    from sectors.models import Sector

    sector = sector_services.sector_save(
        sector=Sector(name="Zorg en welzijn", slug="zorg-en-welzijn"), lead_organisations=[voka]
    )
    chapter = Chapter.objects.get(sector=sector)
    assert (chapter.pact, chapter.title, chapter.placement) == (
        pact,
        "Zorg en welzijn",
        ChapterPlacement.SECTORS,
    )


def test_reading_the_current_pact_never_creates_one(db):
    from pact.models import Pact

    Pact.objects.all().delete()
    with pytest.raises(Pact.DoesNotExist):
        Pact.objects.current()
    assert not Pact.objects.exists()


def test_the_migration_left_a_pact(db):
    from pact.models import Pact

    assert Pact.objects.current().title == "Streekpact arrondissement Mechelen"


def test_a_staff_chapter_cannot_stand_among_the_sector_chapters(pact):
    with pytest.raises(ValidationError):
        services.chapter_create(pact=pact, title="Tussenin", placement=ChapterPlacement.SECTORS)


def test_placing_prefills_from_the_proposal_and_keeps_the_link(approved, chemie_objective, vdab):
    proposal = approved["first"]
    proposal.partner_organisations.set([vdab])
    action = place(proposal, chemie_objective)
    assert action.proposal == proposal
    assert action.title == "Stagebank chemie"
    assert action.trekker == proposal.organisation
    assert list(action.partners.all()) == [vdab]
    assert str(action.budget) == "25000.00"
    assert action.indicators == proposal.indicators


def test_only_approved_proposals_can_be_placed(approved, chemie_objective):
    with pytest.raises(ValidationError):
        place(approved["rejected"], chemie_objective)
    assert not Action.objects.exists()


def test_unplaced_lists_approved_proposals_until_they_are_placed(approved, chemie_objective):
    assert set(services.unplaced_approved_proposals()) == {approved["first"], approved["second"]}
    place(approved["first"], chemie_objective)
    assert list(services.unplaced_approved_proposals()) == [approved["second"]]


def test_a_proposal_may_become_several_actions(approved, chemie_objective):
    place(approved["first"], chemie_objective, title="Deel 1")
    place(approved["first"], chemie_objective, title="Deel 2")
    assert approved["first"].pact_actions.count() == 2


def test_move_up_and_down_reorders_siblings(placed):
    first, second = placed
    services.item_move(item=second, direction="up")
    assert list(first.siblings.values_list("pk", flat=True)) == [second.pk, first.pk]
    services.item_move(item=second, direction="up")  # already first: nothing happens
    assert list(first.siblings.values_list("pk", flat=True)) == [second.pk, first.pk]
    services.item_move(item=second, direction="down")
    assert list(first.siblings.values_list("pk", flat=True)) == [first.pk, second.pk]


def test_objective_with_actions_cannot_be_deleted(placed, chemie_objective):
    with pytest.raises(ValidationError):
        services.objective_delete(objective=chemie_objective)
    assert Action.objects.count() == 2


def test_checksum_is_stable_and_changes_with_the_content(placed, pact):
    first = content_checksum(build_content(pact=pact))
    assert first == content_checksum(build_content(pact=pact))
    services.action_update(action=placed[0], title="Een nieuwe formulering")
    assert content_checksum(build_content(pact=pact)) != first


def test_request_freezes_content_and_numbers_versions(
    placed, staff, django_capture_on_commit_callbacks
):
    with (
        mock.patch("pact.services._enqueue") as enqueue,
        django_capture_on_commit_callbacks(execute=True),
    ):
        draft, created = services.draft_request(user=staff)
    assert created and draft.version == 1 and draft.status == DraftStatus.QUEUED
    assert draft.snapshot["meta"]["version"] == 1
    assert draft.checksum == content_checksum(draft.snapshot["content"])
    titles = [a["title"] for ch in draft.snapshot["content"]["chapters"] for so in ch["objectives"]
              for oo in so["operational"] for a in oo["actions"]]  # fmt: skip
    assert titles == ["Stagebank chemie", "Techniekacademie voor tieners"]
    enqueue.assert_called_once_with(draft.pk, draft.task_id)


def test_request_while_same_content_is_queued_returns_that_draft(
    placed, staff, chair, django_capture_on_commit_callbacks
):
    with mock.patch("pact.services._enqueue") as enqueue:
        with django_capture_on_commit_callbacks(execute=True):
            first, created = services.draft_request(user=staff)
        with django_capture_on_commit_callbacks(execute=True):
            again, created_again = services.draft_request(user=chair)
        assert (again.pk, created_again) == (first.pk, False)
        assert enqueue.call_count == 1
        # Other content, or another scope, is a new draft.
        services.action_update(action=placed[0], title="Anders verwoord")
        other, created_other = services.draft_request(user=chair)
        chapter = placed[0].operational_objective.strategic_objective.chapter
        scoped, created_scoped = services.draft_request(user=chair, chapter=chapter)
    assert created_other and other.version == 2
    assert created_scoped and scoped.version == 3 and scoped.scope == "chapter"


def test_render_moves_queued_to_ready_and_mails_the_chair(
    placed, staff, chair, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        draft, _ = services.draft_request(user=staff)
    draft.refresh_from_db()
    assert draft.status == DraftStatus.READY
    assert draft.page_count > 3 and draft.size > 1000 and draft.pdf.name.endswith(".pdf")
    recipients = sorted(m.to[0] for m in mailoutbox)
    assert recipients == ["chair@resoc.test", "staff@resoc.test"]
    assert "versie 1" in mailoutbox[0].subject or "version 1" in mailoutbox[0].subject


def test_render_is_idempotent(placed, staff):
    with mock.patch("pact.services._enqueue"):
        draft, _ = services.draft_request(user=staff)
    assert services.draft_render(draft_pk=draft.pk).status == DraftStatus.READY
    name = Draft.objects.get(pk=draft.pk).pdf.name
    assert services.draft_render(draft_pk=draft.pk) is None  # a duplicate message does nothing
    assert Draft.objects.get(pk=draft.pk).pdf.name == name


def test_failed_render_keeps_a_reason_and_the_earlier_good_draft(placed, staff):
    with mock.patch("pact.services._enqueue"):
        good, _ = services.draft_request(user=staff)
        services.draft_render(draft_pk=good.pk)
        services.action_update(action=placed[0], title="Herwerkt")
        bad, _ = services.draft_request(user=staff)
    with mock.patch("pact.rendering.render_pdf", side_effect=RuntimeError("kapot")):
        services.draft_render(draft_pk=bad.pk)
    bad.refresh_from_db()
    good.refresh_from_db()
    assert bad.status == DraftStatus.FAILED and "kapot" in bad.failure_reason
    assert good.status == DraftStatus.READY and good.pdf.storage.exists(good.pdf.name)


def test_transient_error_requeues_then_fails_on_the_last_attempt(placed, staff):
    from django.db import OperationalError

    with mock.patch("pact.services._enqueue"):
        draft, _ = services.draft_request(user=staff)
    with mock.patch("pact.rendering.render_pdf", side_effect=OperationalError("gone")):
        with pytest.raises(OperationalError):
            services.draft_render(draft_pk=draft.pk, final_attempt=False)
        assert Draft.objects.get(pk=draft.pk).status == DraftStatus.QUEUED
        with pytest.raises(OperationalError):
            services.draft_render(draft_pk=draft.pk, final_attempt=True)
    draft.refresh_from_db()
    assert draft.status == DraftStatus.FAILED and "gone" in draft.failure_reason
    assert draft.attempts == 2


def test_stale_rendering_draft_is_requeued_then_given_up(
    placed, staff, settings, django_capture_on_commit_callbacks
):
    settings.PACT_MAX_RENDER_ATTEMPTS = 2
    with mock.patch("pact.services._enqueue"):
        draft, _ = services.draft_request(user=staff)
    old = timezone.now() - timedelta(seconds=settings.PACT_STALE_AFTER_SECONDS + 5)
    Draft.objects.filter(pk=draft.pk).update(
        status=DraftStatus.RENDERING, started_at=old, heartbeat_at=old, attempts=1
    )
    with (
        mock.patch.object(services.DRAFTS, "enqueue") as enqueue,
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert [d.pk for d in services.drafts_recover_stale()] == [draft.pk]
    draft.refresh_from_db()
    assert draft.status == DraftStatus.QUEUED
    enqueue.assert_called_once_with(draft.pk, draft.task_id)
    Draft.objects.filter(pk=draft.pk).update(
        status=DraftStatus.RENDERING, started_at=old, heartbeat_at=old, attempts=2
    )
    services.drafts_recover_stale()
    draft.refresh_from_db()
    assert draft.status == DraftStatus.FAILED and draft.failure_reason


def test_live_rendering_draft_is_left_alone(placed, staff):
    with mock.patch("pact.services._enqueue"):
        draft, _ = services.draft_request(user=staff)
    now = timezone.now()
    Draft.objects.filter(pk=draft.pk).update(
        status=DraftStatus.RENDERING, started_at=now, heartbeat_at=now, attempts=1
    )
    assert services.drafts_recover_stale() == []


def test_change_list_against_the_previous_draft(placed, staff, approved, chemie_objective):
    with mock.patch("pact.services._enqueue"):
        services.draft_request(user=staff)
        services.action_update(action=placed[0], title="Stagebank chemie en farma uitbreiden")
        services.action_remove(action=placed[1])
        extra = ProposalFactory(
            title="Nieuw voorstel",
            sector=approved["first"].sector,
            status=ProposalStatus.APPROVED,
        )
        place(extra, chemie_objective)
        second, _ = services.draft_request(user=staff)
    changes = second.changes
    assert changes["previous_version"] == 1
    assert [a["title"] for a in changes["added"]] == ["Nieuw voorstel"]
    assert [a["title"] for a in changes["removed"]] == ["Techniekacademie voor tieners"]
    [reworded] = changes["reworded"]
    assert {"op": "insert", "text": "en farma uitbreiden"} in reworded["diff"]


def test_sharing_requires_a_ready_draft(placed, staff):
    with mock.patch("pact.services._enqueue"):
        draft, _ = services.draft_request(user=staff)
    with pytest.raises(ValidationError):
        services.draft_share(draft=draft, shared=True)


def test_operational_objective_factory_smoke(chemie_chapter):
    assert OperationalObjectiveFactory(strategic_objective__chapter=chemie_chapter).pk


def test_placing_under_new_objectives_is_one_transaction(approved, chemie_chapter, staff):
    """A refused placement leaves no new objectives behind (no orphans)."""
    from pact.models import OperationalObjective, StrategicObjective

    with pytest.raises(ValidationError):
        services.action_place(
            proposal=approved["rejected"],
            chapter=chemie_chapter,
            new_strategic_objective="Nieuwe strategische doelstelling",
            new_operational_objective="Nieuwe operationele doelstelling",
            title="Niet plaatsbaar",
            by=staff,
        )
    assert not StrategicObjective.objects.filter(chapter=chemie_chapter).exists()
    assert not OperationalObjective.objects.exists()
    action = services.action_place(
        proposal=approved["first"],
        chapter=chemie_chapter,
        new_strategic_objective="Nieuwe strategische doelstelling",
        new_operational_objective="Nieuwe operationele doelstelling",
        title="Stagebank",
        by=staff,
    )
    assert action.operational_objective.strategic_objective.chapter == chemie_chapter
    assert action.operational_objective.title == "Nieuwe operationele doelstelling"


def test_the_snapshot_holds_every_fact_of_an_action(placed, pact, chemie, voka, acv, vdab):
    """The freeze reads plain values (issue 13); each field of an action still comes out as the
    document prints it, in Dutch, with its source proposal's credits."""
    from datetime import date

    from django.utils import translation
    from django.utils.formats import date_format

    from proposals.models import Stance

    from ..factories import AtelierFactory, SupportFactory, UserFactory

    action, other = placed
    proposal = action.proposal
    atelier = AtelierFactory(
        sector=chemie, title="Atelier talent", starts_at=timezone.now() - timedelta(days=30)
    )
    proposal.atelier = atelier
    proposal.save(update_fields=["atelier"])
    proposal.authors.add(UserFactory(email="bert@acv.test", name="Bert Bond", organisation=acv))
    SupportFactory(proposal=proposal, organisation=vdab, stance=Stance.SUPPORT)
    SupportFactory(proposal=proposal, organisation=acv, stance=Stance.OBJECTION, reason="Te duur")
    services.action_update(
        action=action,
        partners=[vdab, acv],
        trekker=voka,
        timing_start=date(2015, 3, 1),
        timing_end=date(2016, 6, 30),
        budget="12500.00",
        indicators="Aantal stages",
    )

    actions = {a["id"]: a for _chapter, a in iter_actions(build_content(pact=pact))}
    frozen = actions[action.pk]
    assert frozen["number"] == "1.1.1.1"
    assert frozen["trekker"] == voka.name
    assert frozen["partners"] == sorted([vdab.name, acv.name])
    assert frozen["timing"] == "1 maart 2015 – 30 juni 2016"
    assert frozen["indicators"] == "Aantal stages"
    assert frozen["budget"] and "12.500" in frozen["budget"]
    assert frozen["supporters"] == [vdab.name]  # an objection is no support
    source = frozen["proposal"]
    assert source["reference"] == proposal.reference
    assert source["organisation"] == proposal.organisation.name
    assert source["authors"] == sorted(a.name for a in proposal.authors.all())
    assert "Bert Bond" in source["authors"]
    assert source["atelier"] == "Atelier talent"
    with translation.override("nl-be"):
        assert source["atelier_date"] == date_format(atelier.starts_at.date(), "j F Y")
    bare = actions[other.pk]
    assert bare["proposal"]["atelier"] == bare["proposal"]["atelier_date"] == ""
