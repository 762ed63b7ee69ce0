"""Browser journey (real Chromium): write, save as draft, submit, support, approve, read.

Run in Dutch (the default) and in English (language cookie), with each language's labels.
"""

import re

import pytest
from playwright.sync_api import expect

from proposals.models import Proposal, ProposalStatus
from tests.browser import logout
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

LABELS = {
    "nl-be": {
        "new": "Nieuw voorstel", "title": "Titel", "summary": "Samenvatting",
        "body": "Volledige tekst", "sector": "Sector", "save_draft": "Opslaan als concept",
        "draft": "Concept", "submit": "Indienen", "submitted": "Ingediend", "support": "Steun",
        "save_position": "Standpunt opslaan", "one_supports": "1 organisatie steunt het",
        "decision": "Beslissing", "approve": "Goedkeuren", "answer": "Officieel antwoord",
        "save_decision": "Beslissing opslaan", "approved": "Goedgekeurd",
        "answer_heading": "Beslissing en officieel antwoord",
    },
    "en": {
        "new": "New proposal", "title": "Title", "summary": "Summary", "body": "Full text",
        "sector": "Sector", "save_draft": "Save as draft", "draft": "Draft",
        "submit": "Submit", "submitted": "Submitted", "support": "Support",
        "save_position": "Save position", "one_supports": "1 organisation supports it",
        "decision": "Decision", "approve": "Approve", "answer": "Official answer",
        "save_decision": "Save the decision", "approved": "Approved",
        "answer_heading": "Decision and official answer",
    },
}  # fmt: skip


def login(page, email: str, language: str, base_url: str) -> None:
    """Log in through the real login form (submit with Enter, whatever the button is)."""
    page.context.add_cookies([{"name": "django_language", "value": language, "url": base_url}])
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


@pytest.mark.parametrize("language", ["nl-be", "en"])
def test_proposal_from_draft_to_approval(
    transactional_db, page, live_server, lead, partner, staff, chemie, language
):
    t = LABELS[language]
    base = live_server.url
    # A Voka member writes a proposal for "Chemie en farma" and saves it as a draft.
    login(page, lead.email, language, base)
    page.goto("/proposals/")
    page.get_by_role("link", name=t["new"]).first.click()
    page.get_by_label(t["title"]).fill("Stagebank voor procesoperatoren")
    page.get_by_label(t["summary"]).fill("Eén stagebank voor alle chemiebedrijven van de regio.")
    page.get_by_label(t["body"]).fill("Bedrijven bieden **stages** aan.")
    page.get_by_label(t["sector"]).select_option(label="Chemie en farma")
    page.get_by_role("button", name=t["save_draft"]).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Stagebank voor procesoperatoren")
    expect(page.locator("h1 .badge")).to_have_text(t["draft"])
    proposal = Proposal.objects.get(title="Stagebank voor procesoperatoren")
    assert proposal.status == ProposalStatus.DRAFT

    # ... and submits it.
    page.get_by_role("button", name=t["submit"], exact=True).click()
    expect(page.locator("h1 .badge")).to_have_text(t["submitted"])
    logout(page)

    # A VDAB member supports it.
    login(page, partner.email, language, base)
    page.goto(proposal.get_absolute_url())
    page.get_by_label(t["support"], exact=True).check()
    page.get_by_role("button", name=t["save_position"]).click()
    expect(page.locator("#draagvlak")).to_contain_text("VDAB")
    expect(page.locator("#draagvlak")).to_contain_text(t["one_supports"])
    logout(page)

    # Staff approve it with an answer, from the review queue.
    login(page, staff.email, language, base)
    page.goto("/proposals/review/")
    page.get_by_role("link", name="Stagebank voor procesoperatoren").click()
    page.get_by_label(t["decision"]).select_option(label=t["approve"])
    page.get_by_label(t["answer"]).fill("Goedgekeurd: wordt een actie in het pact.")
    page.get_by_role("button", name=t["save_decision"]).click()
    expect(page.locator("h1 .badge")).to_have_text(t["approved"])
    logout(page)

    # The Voka member sees the decision and the answer.
    login(page, lead.email, language, base)
    page.goto(proposal.get_absolute_url())
    expect(page.locator("h1 .badge")).to_have_text(t["approved"])
    answer = page.locator("#answer")
    expect(answer).to_contain_text(t["answer_heading"])
    expect(answer).to_contain_text("Goedgekeurd: wordt een actie in het pact.")
    expect(page.locator("#review")).to_have_count(0)  # no private review panel for authors
    expect(page).to_have_title(re.compile("Stagebank"))
