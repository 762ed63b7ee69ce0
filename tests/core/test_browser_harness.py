"""The browser harness itself: Playwright drives Debian's Chromium against the live server."""

import pytest


@pytest.mark.browser
def test_chromium_opens_the_portal_in_dutch(page):
    page.goto("/accounts/login/")

    assert page.locator("html").get_attribute("lang") == "nl-be"
    assert page.locator("input[name=password]").is_visible()
    assert page.evaluate("navigator.language") == "nl-BE"
