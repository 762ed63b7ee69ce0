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
