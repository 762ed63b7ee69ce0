"""Approved proposals not yet in the pact: a bounded summary on the pact and chapter pages, the
full list on its own paged page, for staff and the chair (issue 13)."""

import pytest
from django.urls import reverse

from pact.views import UNPLACED_SUMMARY
from proposals.models import ProposalStatus

from ..factories import ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_unplaced(chemie, logistiek, pact):
    chemie_ones = [
        ProposalFactory(sector=chemie, status=ProposalStatus.APPROVED, title=f"Chemie {i:02d}")
        for i in range(UNPLACED_SUMMARY + 3)
    ]
    logistiek_one = ProposalFactory(
        sector=logistiek, status=ProposalStatus.APPROVED, title="Logistiek 1"
    )
    return chemie_ones, logistiek_one


@pytest.mark.parametrize(
    ("role", "status"),
    [("staff", 200), ("chair", 200), ("lead", 403), ("partner", 403), ("anonymous", 302)],
)
def test_who_reads_the_full_list(client_for, role, status, many_unplaced):
    response = client_for(role).get(reverse("pact:unplaced"))
    assert response.status_code == status
    if status == 200:
        assert "Logistiek 1" in response.text and "Chemie 00" in response.text


def test_the_pact_page_shows_ten_and_links_to_all(client_for, many_unplaced):
    text = client_for("staff").get(reverse("pact:detail")).text
    chemie_ones, _ = many_unplaced
    shown = [p for p in chemie_ones if p.title in text]
    assert len(shown) <= UNPLACED_SUMMARY
    assert reverse("pact:unplaced") in text
    assert f"Alle {len(chemie_ones) + 1} niet geplaatste voorstellen" in text


def test_the_chapter_page_links_to_its_sector_only(client_for, many_unplaced, chemie):
    from pact.models import Chapter

    chapter = Chapter.objects.get(sector=chemie)
    text = client_for("staff").get(chapter.get_absolute_url()).text
    assert f"{reverse('pact:unplaced')}?sector={chemie.pk}" in text
    listed = client_for("staff").get(reverse("pact:unplaced"), {"sector": chemie.pk}).text
    assert "Chemie 00" in listed and "Logistiek 1" not in listed


def test_no_link_when_everything_is_shown(client_for, pact, chemie):
    ProposalFactory(sector=chemie, status=ProposalStatus.APPROVED, title="Enige")
    text = client_for("staff").get(reverse("pact:detail")).text
    assert "Enige" in text and reverse("pact:unplaced") not in text


@pytest.mark.parametrize("sector", ["x", "-1", "²", "99999999999999999999999"])
def test_an_odd_sector_lists_them_all(client_for, many_unplaced, sector):
    response = client_for("staff").get(reverse("pact:unplaced"), {"sector": sector})
    assert response.status_code == 200 and "Logistiek 1" in response.text
