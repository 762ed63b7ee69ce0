"""Helpers for the browser journeys."""

from pathlib import Path

from .factories import PASSWORD

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"

# Reports every Content-Security-Policy violation of every document of the context to Python;
# installed through DevTools, so it runs before any script of the page and the CSP allows it.
_CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__streekpactCspViolation({
    directive: event.effectiveDirective || event.violatedDirective,
    blocked: event.blockedURI,
    where: `${event.sourceFile || document.location.href}:${event.lineNumber}`,
    sample: event.sample,
  });
}, true);
"""


def watch_csp(context) -> list[str]:
    """Collect the CSP violations of every page of a browser context, as readable lines.

    Two witnesses: the `securitypolicyviolation` event of each document, and Chromium's console
    message ("Refused to ... because it violates the following Content Security Policy ...").
    The `page` fixture installs this, and a browser test fails when the list is not empty.
    """
    violations: list[str] = []

    def report(source, violation):
        violations.append(
            "{directive} blocked {blocked!r} at {where} {sample!r}".format(**violation)
        )

    def on_console(message):
        # Chromium also says so when it does not understand our Permissions-Policy header.
        if "Content Security Policy" in message.text or "Permissions-Policy" in message.text:
            violations.append(f"console: {message.text}")

    context.expose_binding("__streekpactCspViolation", report)
    context.add_init_script(script=_CSP_LISTENER)
    context.on("console", on_console)
    return violations


def flush(page) -> None:
    """Let the browser deliver events already on their way (violations reported just now)."""
    if not page.is_closed():
        page.evaluate("() => new Promise((resolve) => setTimeout(resolve, 50))")


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
    """Run axe-core (installed from npm, a dev dependency) on the page; return its violations.

    axe is evaluated through DevTools, not added as a <script> element: the page's CSP allows
    no inline script, and the test must not weaken the policy it checks.
    """
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
        if v["impact"] in impact
    ]
