"""Helpers for the browser journeys."""

from .factories import PASSWORD


def login(page, email: str, password: str = PASSWORD) -> None:
    """Log in through the real allauth form, in Dutch."""
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("form.login button[type=submit], form#login-form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def logout(page) -> None:
    page.context.clear_cookies()


def axe_violations(page, *, impact=("serious", "critical")) -> list[dict]:
    """Run axe-core (installed from npm, a dev dependency) on the page; return its violations."""
    from pathlib import Path

    axe = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
    page.add_script_tag(path=str(axe))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
        if v["impact"] in impact
    ]
