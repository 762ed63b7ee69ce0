"""The merge target is a search field: the page carries no list of every proposal; a server-side
search, for those who may decide, returns a bounded number of matches."""

import pytest
from django.urls import reverse

from proposals.forms import MERGE_TARGET_LIMIT
from proposals.models import ProposalStatus
from tests.browser import login
from tests.factories import ProposalFactory


def _search(client, proposal, q):
    return client.get(reverse("proposals:merge_targets", args=[proposal.pk]), {"q": q})


@pytest.mark.parametrize(
    ("role", "status"),
    [("staff", 200), ("lead", 200), ("partner", 403), ("outsider", 403), ("anonymous", 302)],
)
def test_who_may_search(client_for, role, status, vdab_submitted):
    assert _search(client_for(role), vdab_submitted, "x").status_code == status


def test_search_by_words_and_reference_bounded_and_in_the_sector(
    client_for, submitted, vdab_submitted, chemie, logistiek
):
    for n in range(MERGE_TARGET_LIMIT + 5):
        ProposalFactory(title=f"Stage {n}", sector=chemie, status=ProposalStatus.SUBMITTED)
    elsewhere = ProposalFactory(title="Stage elders", sector=logistiek, status="submitted")
    draft = ProposalFactory(title="Stage concept", sector=chemie, status=ProposalStatus.DRAFT)
    client = client_for("staff")
    results = _search(client, vdab_submitted, "stage").json()["results"]
    assert len(results) == MERGE_TARGET_LIMIT
    values = {r["value"] for r in results}
    assert not values & {elsewhere.pk, draft.pk, vdab_submitted.pk}
    results = _search(client, vdab_submitted, submitted.reference).json()["results"]
    assert [r["value"] for r in results] == [submitted.pk]
    assert results[0]["text"].startswith(submitted.reference)
    assert _search(client, vdab_submitted, vdab_submitted.reference).json()["results"] == []


def test_the_page_carries_no_list_of_proposals(client_for, vdab_submitted, chemie):
    for n in range(30):
        ProposalFactory(title=f"Voorstel {n}", sector=chemie, status=ProposalStatus.SUBMITTED)
    text = client_for("staff").get(vdab_submitted.get_absolute_url()).text
    assert "Voorstel 17" not in text
    assert reverse("proposals:merge_targets", args=[vdab_submitted.pk]) in text


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_find_the_target_by_typing_and_merge(page, staff, submitted, vdab_submitted):
    login(page, staff.email)
    page.goto(reverse("proposals:decide", args=[vdab_submitted.pk]))
    page.get_by_label("Beslissing").select_option(ProposalStatus.MERGED)
    page.locator(".ts-control input").fill("Chemie op")
    page.locator(".ts-dropdown .option", has_text=submitted.reference).click()
    page.get_by_role("button", name="Beslissing opslaan").click()
    page.wait_for_url(vdab_submitted.get_absolute_url())
    vdab_submitted.refresh_from_db()
    assert vdab_submitted.merged_into == submitted
