"""The browser harness itself: Playwright drives Debian's Chromium against the live server."""

import pytest


@pytest.mark.browser
def test_chromium_opens_the_portal_in_dutch(page):
    page.goto("/accounts/login/")

    assert page.locator("html").get_attribute("lang") == "nl-be"
    assert page.locator("input[name=password]").is_visible()
    assert page.evaluate("navigator.language") == "nl-BE"


@pytest.mark.browser
def test_the_portal_answers_under_its_content_security_policy(page):
    response = page.goto("/accounts/login/")

    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "camera=()" in response.headers["permissions-policy"]
    # Bootstrap's and htmx's scripts run (from our origin) and htmx added no <style> of its own.
    assert page.evaluate("[typeof bootstrap, typeof htmx]") == ["object", "object"]
    assert page.evaluate("htmx.config.includeIndicatorStyles") is False


@pytest.mark.browser
def test_a_csp_violation_is_caught_and_the_injection_does_not_run(browser, live_server):
    """The harness itself: injected inline script and style are blocked, and reported."""
    from tests.browser import flush, watch_csp

    context = browser.new_context(base_url=live_server.url)
    try:
        violations = watch_csp(context)
        page = context.new_page()
        page.goto("/accounts/login/")
        assert violations == []

        page.evaluate(
            """() => {
                const script = document.createElement("script");
                script.textContent = "window.injected = true";
                document.body.append(script);
                document.body.insertAdjacentHTML(
                    "beforeend", '<p id="styled" style="color: rgb(255, 0, 0)">x</p>');
            }"""
        )
        flush(page)

        assert page.evaluate("window.injected") is None
        assert (
            page.evaluate("getComputedStyle(document.getElementById('styled')).color")
            != "rgb(255, 0, 0)"
        )
        assert any("script-src" in v for v in violations), violations
        assert any("style-src" in v for v in violations), violations
    finally:
        context.close()
