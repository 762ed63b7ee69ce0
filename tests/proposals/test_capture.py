"""Capture mode: contributions during an atelier become drafts of an organisation."""

import pytest
from django.urls import reverse

from proposals.models import Proposal, ProposalStatus
from proposals.services import proposal_capture
from tests.factories import ConclusionFactory, ThemeFactory, UserFactory


def test_capture_creates_a_draft_of_the_organisation_linked_to_the_atelier(atelier, lead, vdab):
    theme = ThemeFactory(name="Imago van de sector", slug="imago")
    conclusion = ConclusionFactory(atelier=atelier, theme=theme, text="Werk aan het imago")
    proposal = proposal_capture(
        atelier=atelier,
        organisation=vdab,
        title="Imagocampagne",
        text="Een campagne.\n\nMet scholen.",
        by=lead,
        conclusion=conclusion,
    )
    assert proposal.status == ProposalStatus.DRAFT
    assert proposal.sector == atelier.sector
    assert proposal.organisation == vdab
    assert proposal.atelier == atelier
    assert proposal.conclusion == conclusion
    assert proposal.summary == "Een campagne."
    assert list(proposal.themes.all()) == [theme]
    assert proposal.authors.count() == 0


def test_members_of_the_organisation_see_and_submit_the_captured_draft(
    client, atelier, lead, partner, outsider
):
    proposal = proposal_capture(
        atelier=atelier, organisation=partner.organisation, title="Stages", text="Meer stages",
        by=lead,
    )  # fmt: skip
    colleague = UserFactory(organisation=partner.organisation)
    client.force_login(colleague)
    assert client.get(reverse("proposals:drafts")).text.count("Stages") >= 1
    response = client.post(reverse("proposals:submit", args=[proposal.pk]))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    assert colleague in proposal.authors.all()
    client.force_login(outsider)  # ACV saw nothing of the draft... but sees it once submitted
    assert client.get(proposal.get_absolute_url()).status_code == 200


def test_capture_view_prefills_from_a_conclusion_and_saves(client, atelier, lead, vdab):
    conclusion = ConclusionFactory(atelier=atelier, text="Bedrijven en scholen afstemmen")
    client.force_login(lead)
    url = reverse("proposals:capture", kwargs={"atelier_pk": atelier.pk})
    response = client.get(url, {"conclusion": conclusion.pk})
    assert response.status_code == 200
    assert "Bedrijven en scholen afstemmen" in response.text
    response = client.post(
        url,
        {
            "organisation": vdab.pk,
            "title": "Afstemming",
            "text": "Tekst",
            "conclusion": conclusion.pk,
        },
    )
    proposal = Proposal.objects.get(title="Afstemming")
    assert response.status_code == 302
    assert proposal.conclusion == conclusion and proposal.organisation == vdab


def test_capture_refuses_a_conclusion_of_another_atelier(client, atelier, lead, vdab, chemie):
    other = ConclusionFactory()
    client.force_login(lead)
    url = reverse("proposals:capture", kwargs={"atelier_pk": atelier.pk})
    assert client.get(url, {"conclusion": other.pk}).status_code == 404


@pytest.mark.parametrize(
    ("role", "expected"),
    [("staff", 200), ("lead", 200), ("chair", 403), ("partner", 403), ("outsider", 403)],
)
def test_capture_permission(client_for, atelier, role, expected):
    url = reverse("proposals:capture", kwargs={"atelier_pk": atelier.pk})
    assert client_for(role).get(url).status_code == expected


def test_capture_anonymous_goes_to_login(client_for, atelier):
    url = reverse("proposals:capture", kwargs={"atelier_pk": atelier.pk})
    response = client_for("anonymous").get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_facilitator_may_capture(client, atelier):
    facilitator = UserFactory()
    atelier.facilitator = facilitator
    atelier.save()
    client.force_login(facilitator)
    url = reverse("proposals:capture", kwargs={"atelier_pk": atelier.pk})
    assert client.get(url).status_code == 200
