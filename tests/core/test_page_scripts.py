"""What the inline handlers used to do still works from static/js/streekpact.js, under the CSP.

(Every browser test also fails on any CSP violation: see tests/conftest.py.)
"""

import pytest

from tests.browser import login
from tests.factories import ProposalFactory, SectorFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_choosing_a_language_switches_the_page(page):
    page.goto("/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "nl-be"

    with page.expect_navigation():
        page.locator("#language-select").select_option("en")

    assert page.locator("html").get_attribute("lang") == "en"
    assert page.url.endswith("/accounts/login/")


def test_the_atelier_filters_apply_on_change(page):
    staff = StaffFactory()
    login(page, staff.email)
    page.goto("/ateliers/")

    with page.expect_navigation():
        page.locator("select[name=when]").select_option("past")

    assert "when=past" in page.url


def test_select_all_ticks_every_proposal_in_the_review_queue(page):
    staff = StaffFactory()
    sector = SectorFactory()
    for _ in range(3):
        ProposalFactory(sector=sector, status="submitted")
    login(page, staff.email)
    page.goto("/proposals/review/")
    boxes = page.locator("input[name=proposals]")
    assert boxes.count() == 3

    page.locator("#select-all").check()
    assert [boxes.nth(i).is_checked() for i in range(3)] == [True] * 3

    page.locator("#select-all").uncheck()
    assert [boxes.nth(i).is_checked() for i in range(3)] == [False] * 3
