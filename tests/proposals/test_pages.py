"""The pages render for the roles that may see them, in Dutch and English."""

import pytest
from django.urls import reverse

from proposals.models import ProposalStatus
from proposals.services import comment_add, review_note_add, support_declare
from tests.factories import ProposalFactory


@pytest.mark.parametrize("role", ["staff", "chair", "lead", "partner", "outsider"])
def test_detail_renders_for_every_role(client_for, role, submitted, vdab, staff):
    support_declare(proposal=submitted, organisation=vdab, stance="support", by=None)
    comment_add(proposal=submitted, author=staff, text="Goed idee")
    review_note_add(proposal=submitted, by=staff, text="Geheime notitie")
    response = client_for(role).get(submitted.get_absolute_url())
    assert response.status_code == 200
    assert "Chemie op school" in response.text
    assert "Goed idee" in response.text
    # Private notes: staff and the sector's leads; the lead here is Voka, the owner, so not them.
    assert ("Geheime notitie" in response.text) == (role == "staff")


@pytest.mark.parametrize("language", ["nl-be", "en"])
def test_list_in_both_languages(client, lead, submitted, language):
    client.force_login(lead)
    response = client.get(reverse("proposals:list"), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert "Chemie op school" in response.text


def test_home_and_sector_panels(client, lead, draft, submitted, staff, chemie):
    client.force_login(lead)
    home = client.get(reverse("home"))
    assert "Stagebank chemie" in home.text  # my drafts
    sector = client.get(chemie.get_absolute_url())
    assert "Chemie op school" in sector.text
    client.force_login(staff)
    home = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")
    assert "1 proposal waits for review" in home.text
    assert "Stagebank chemie" not in client.get(chemie.get_absolute_url()).text


def test_form_pages_render(client, lead, draft, staff, chemie):
    client.force_login(lead)
    assert client.get(reverse("proposals:create")).status_code == 200
    assert client.get(reverse("proposals:update", args=[draft.pk])).status_code == 200
    client.force_login(staff)
    assert client.get(reverse("proposals:review_queue")).status_code == 200
    assert client.get(reverse("proposals:theme_list")).status_code == 200
    assert client.get(reverse("proposals:theme_create")).status_code == 200
    closed = ProposalFactory(sector=chemie, status=ProposalStatus.APPROVED, created_by=lead)
    assert client.get(reverse("proposals:answer", args=[closed.pk])).status_code == 200


def test_atelier_panel_lists_visible_proposals(rf, lead, partner, atelier, chemie):
    from django.template import Context, Template

    ProposalFactory(title="Uit het atelier", sector=chemie, atelier=atelier, status="submitted")
    ProposalFactory(title="Concept van VDAB", sector=chemie, atelier=atelier, created_by=partner)
    request = rf.get("/")
    request.user = lead
    html = Template("{% load streekpact %}{% slot 'atelier_detail' %}").render(
        Context({"request": request, "atelier": atelier, "user": lead})
    )
    assert "Uit het atelier" in html and "Concept van VDAB" not in html


def test_with_supporters_for_the_pact(submitted, vdab, acv, django_assert_num_queries):
    from proposals.models import Proposal
    from proposals.services import support_declare

    support_declare(proposal=submitted, organisation=vdab, stance="support", by=None)
    support_declare(proposal=submitted, organisation=acv, stance="objection", reason="Nee", by=None)
    with django_assert_num_queries(2):
        proposal = list(Proposal.objects.filter(pk=submitted.pk).with_supporters())[0]
        assert [s.organisation.short_name for s in proposal.supporters] == ["VDAB"]


@pytest.mark.parametrize(("language", "shown"), [("nl-be", "€ 125.000,50"), ("en", "€ 125,000.50")])
def test_the_budget_is_money_in_the_reader_s_language(client_for, submitted, language, shown):
    submitted.budget_estimate = "125000.50"
    submitted.save()
    response = client_for("staff").get(submitted.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert shown in response.text


def test_detail_lists_attachments_merged_proposals_and_revisions_only_when_there_are(
    client_for, submitted, lead, staff, chemie
):
    """The page counts them in its own query (`with_page_counts`) and lists what exists."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from proposals.services import attachment_add, proposal_decide, proposal_update
    from tests.proposals.test_permissions import PDF

    client = client_for("staff")
    url = submitted.get_absolute_url()
    page = client.get(url).text
    assert "Geen bijlagen." in page and "Dit voorstel neemt ook op" not in page
    revisions = 'href="{}"'.format(reverse("proposals:revisions", args=[submitted.pk]))
    assert revisions not in page

    other = ProposalFactory(title="Stages in de chemie", sector=chemie, status="submitted")
    proposal_decide(
        proposal=other, by=staff, decision="merged", merged_into=submitted, reason="Dubbel"
    )
    attachment_add(proposal=submitted, by=lead, upload=SimpleUploadedFile("plan.pdf", PDF))
    proposal_decide(proposal=submitted, by=staff, decision="changes_requested", reason="Kort")
    proposal_update(proposal=submitted, by=lead, title="Chemie op school, herzien")
    page = client.get(url).text
    assert "plan.pdf" in page and "Geen bijlagen." not in page
    assert "Dit voorstel neemt ook op" in page and "Stages in de chemie" in page
    assert revisions in page
