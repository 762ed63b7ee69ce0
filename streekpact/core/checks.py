"""System checks that turn a missing system library into a message instead of a traceback.

`python -m streekpact.core.checks` runs the system-library probe without setting up Django,
so `make run` can stop with the package to install before anything imports WeasyPrint.
"""

import sys

from django.core.checks import Error, register

PANGO_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0"
PANGO_HINT = (
    "WeasyPrint needs Pango. On Debian/Ubuntu: "
    f"sudo apt-get install {PANGO_PACKAGES} "
    "(and fonts-dejavu-core for the PDF fonts)."
)


def weasyprint_problem() -> Error | None:
    """An Error when WeasyPrint (or the Pango it loads at import time) is unusable."""
    try:
        import weasyprint  # noqa: F401
    except OSError as exc:
        return Error(
            f"WeasyPrint cannot load a system library: {exc}",
            hint=PANGO_HINT,
            id="streekpact.E001",
        )
    except ImportError as exc:
        return Error(
            f"WeasyPrint is not installed: {exc}",
            hint="Run `make install`.",
            id="streekpact.E002",
        )
    return None


@register("streekpact")
def weasyprint_available(app_configs, **kwargs):
    problem = weasyprint_problem()
    return [problem] if problem else []


@register("streekpact")
def front_end_packages_installed(app_configs, **kwargs):
    from django.conf import settings

    bootstrap = settings.NODE_MODULES / "bootstrap" / "dist" / "css" / "bootstrap.min.css"
    if not bootstrap.exists():
        return [
            Error(
                "The front-end packages (Bootstrap, htmx) are not installed.",
                hint="Run `npm ci` (Debian/Ubuntu: sudo apt-get install npm), or `make install`.",
                id="streekpact.E003",
            )
        ]
    theme = settings.BASE_DIR / "build" / "static" / "css" / "theme.css"
    if not theme.exists():
        return [
            Error(
                "The theme (Bootstrap compiled with the design tokens) is not built.",
                hint="Run `npm run build` after `npm ci`, or `make install` (docs/design.md).",
                id="streekpact.E004",
            )
        ]
    return []


def main() -> int:
    problem = weasyprint_problem()
    if problem is None:
        return 0
    print(f"{problem.id}: {problem.msg}\n    HINT: {problem.hint}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
