"""The pages of the partnership pass axe-core's serious and critical checks, in real Chromium."""

import pytest

from sectors import demo as sectors_demo
from streekpact.partners import demo as partners_demo
from tests.browser import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_page_is_accessible(page):
    page.goto("/accounts/login/")
    assert axe_violations(page) == []


def test_staff_pages_are_accessible(page):
    partners_demo.seed(password="streekpact-demo")
    sectors_demo.seed(password="streekpact-demo")
    login(page, "staff@demo.streekpact.be", "streekpact-demo")
    for path in ["/", "/sectors/", "/sectors/chemie-en-farma/", "/partners/",
                 "/partners/invitations/new/", "/sectors/new/", "/partners/profile/"]:  # fmt: skip
        page.goto(path)
        assert axe_violations(page) == [], path


def test_skip_link_moves_focus_to_the_content(page):
    page.goto("/accounts/login/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
