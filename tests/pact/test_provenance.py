"""Provenance of merged proposals: an action credits every proposal merged into its source (with
their organisations, authors, ateliers and supporters) on the chapter page and in the PDF, and a
proposal's page says where it stands in the pact — also when it was merged into another."""

import pytest

from pact.rendering import build_html
from pact.snapshot import build_content, iter_actions
from proposals import services as proposal_services
from proposals.models import ProposalStatus
from tests.factories import AtelierFactory, ProposalFactory, SupportFactory, UserFactory

from .factories import (
    ApprovedProposalFactory,
    OperationalObjectiveFactory,
    StrategicObjectiveFactory,
    place,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def merged_action(approved, chemie_objective, chemie, acv, vdab, staff):
    """`approved["first"]` absorbed an ACV proposal, which had absorbed a VDAB one; then placed."""
    target = approved["first"]
    atelier = AtelierFactory(sector=chemie, title="Atelier vakbonden")
    acv_author = UserFactory(name="Ann Vakbond", organisation=acv)
    acv_proposal = ProposalFactory(
        title="Stages met begeleiding", sector=chemie, created_by=acv_author,
        status=ProposalStatus.SUBMITTED, atelier=atelier,
    )  # fmt: skip
    vdab_proposal = ProposalFactory(
        title="Stagecoaches", sector=chemie, created_by=UserFactory(organisation=vdab),
        status=ProposalStatus.SUBMITTED,
    )  # fmt: skip
    SupportFactory(proposal=vdab_proposal, organisation=acv, stance="support")
    for source, into in ((vdab_proposal, acv_proposal), (acv_proposal, target)):
        proposal_services.proposal_decide(
            proposal=source, by=staff, decision=ProposalStatus.MERGED, answer="", reason="",
            merged_into=into,
        )  # fmt: skip
    action = place(target, chemie_objective)
    return {"action": action, "target": target, "acv": acv_proposal, "vdab": vdab_proposal}


def test_the_snapshot_credits_every_merged_proposal(pact, merged_action):
    content = build_content(pact=pact)
    [(_chapter, action)] = list(iter_actions(content))
    assert [m["reference"] for m in action["merged"]] == sorted(
        [merged_action["acv"].reference, merged_action["vdab"].reference]
    )
    acv = next(m for m in action["merged"] if m["reference"] == merged_action["acv"].reference)
    assert acv["organisation"] == "ACV"
    assert acv["authors"] == ["Ann Vakbond"]
    assert acv["atelier"] == "Atelier vakbonden"
    assert "ACV" in action["supporters"]  # supported the VDAB proposal merged in

    html = build_html({"meta": {"version": 1, "checksum": "0" * 64}, "content": content})
    assert (
        f"Samengevoegd\t<i>Voorstel {merged_action['acv'].reference}" in html
    )  # label, tab, value
    assert "ACV (Ann Vakbond)" in html
    assert merged_action["vdab"].reference in html.split('id="bijlage-index"')[1]


def test_the_chapter_page_credits_the_merged_proposals(client_for, chemie_chapter, merged_action):
    text = client_for("staff").get(chemie_chapter.get_absolute_url()).text
    assert merged_action["acv"].reference in text
    assert "ACV: Ann Vakbond" in text
    assert "Gesteund door:" in text


def test_a_proposal_page_says_where_it_stands_in_the_pact(client_for, merged_action):
    number = merged_action["action"].number
    assert number.count(".") == 3
    client = client_for("staff")
    text = client.get(merged_action["target"].get_absolute_url()).text
    assert f"Opgenomen als actie {number}" in text
    text = client.get(merged_action["vdab"].get_absolute_url()).text
    assert f"Opgenomen als actie {number}" in text
    assert f"via {merged_action['target'].reference}" in text


def test_action_number_matches_the_printed_one(pact, placed):
    content = build_content(pact=pact)
    printed = {action["id"]: action["number"] for _ch, action in iter_actions(content)}
    assert {action.pk: action.number for action in placed} == printed


def test_action_numbers_at_every_level_match_the_printed_ones(pact, chemie, logistiek):
    """Two sector chapters, objectives created out of their order, two actions in one
    operational objective: every level's place is counted as the PDF counts it."""
    from pact import services
    from pact.models import Action, Chapter

    services.pact_prepare()
    actions = []
    for sector in (logistiek, chemie):
        chapter = Chapter.objects.get(sector=sector)
        for so_position in (5, 2):
            strategic = StrategicObjectiveFactory(chapter=chapter, position=so_position)
            for oo_position in (3, 1):
                operational = OperationalObjectiveFactory(
                    strategic_objective=strategic, position=oo_position
                )
                actions.append(place(ApprovedProposalFactory(sector=sector), operational))
    actions.append(place(ApprovedProposalFactory(sector=chemie), operational))
    content = build_content(pact=pact)
    printed = {action["id"]: action["number"] for _ch, action in iter_actions(content)}
    assert {a.pk: Action.objects.get(pk=a.pk).number for a in actions} == printed
    assert len(set(printed.values())) == len(actions) == 9
