"""Browser journey (real Chromium): write, save as draft, submit, support, approve, read."""

import re

import pytest
from playwright.sync_api import expect

from proposals.models import Proposal, ProposalStatus
from tests.browser import logout
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def login(page, email: str) -> None:
    """Log in through the real login form (submit with Enter, whatever the button is)."""
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_proposal_from_draft_to_approval(transactional_db, page, lead, partner, staff, chemie):
    # A Voka member writes a proposal for "Chemie en farma" and saves it as a draft.
    login(page, lead.email)
    page.goto("/proposals/")
    page.get_by_role("link", name="Nieuw voorstel").first.click()
    page.get_by_label("Titel").fill("Stagebank voor procesoperatoren")
    page.get_by_label("Samenvatting").fill("Eén stagebank voor alle chemiebedrijven van de regio.")
    page.get_by_label("Volledige tekst").fill("Bedrijven bieden **stages** aan.")
    page.get_by_label("Sector").select_option(label="Chemie en farma")
    page.get_by_role("button", name="Opslaan als concept").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Stagebank voor procesoperatoren")
    expect(page.locator("h1 .badge")).to_have_text("Concept")
    proposal = Proposal.objects.get(title="Stagebank voor procesoperatoren")
    assert proposal.status == ProposalStatus.DRAFT

    # ... and submits it.
    page.get_by_role("button", name="Indienen").click()
    expect(page.locator("h1 .badge")).to_have_text("Ingediend")
    logout(page)

    # A VDAB member supports it.
    login(page, partner.email)
    page.goto(proposal.get_absolute_url())
    page.get_by_label("Steun", exact=True).check()
    page.get_by_role("button", name="Standpunt opslaan").click()
    expect(page.locator("#draagvlak")).to_contain_text("VDAB")
    expect(page.locator("#draagvlak")).to_contain_text("1 steunt")
    logout(page)

    # Staff approve it with an answer, from the review queue.
    login(page, staff.email)
    page.goto("/proposals/review/")
    page.get_by_role("link", name="Stagebank voor procesoperatoren").click()
    page.get_by_label("Beslissing").select_option(label="Goedkeuren")
    page.get_by_label("Officieel antwoord").fill("Goedgekeurd: wordt een actie in het pact.")
    page.get_by_role("button", name="Beslissing opslaan").click()
    expect(page.locator("h1 .badge")).to_have_text("Goedgekeurd")
    logout(page)

    # The Voka member sees the decision and the answer.
    login(page, lead.email)
    page.goto("/")
    page.goto(proposal.get_absolute_url())
    expect(page.locator("h1 .badge")).to_have_text("Goedgekeurd")
    answer = page.locator("#answer")
    expect(answer).to_contain_text("Beslissing en officieel antwoord")
    expect(answer).to_contain_text("Goedgekeurd: wordt een actie in het pact.")
    expect(page.locator("#review")).to_have_count(0)  # no private review panel for authors
    expect(page).to_have_title(re.compile("Stagebank"))
