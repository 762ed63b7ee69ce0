"""System checks that turn a missing system library into a message instead of a traceback."""

from django.core.checks import Error, register

PANGO_HINT = (
    "WeasyPrint needs Pango. On Debian/Ubuntu: "
    "sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 "
    "(and fonts-dejavu-core for the PDF fonts)."
)


@register("streekpact")
def weasyprint_available(app_configs, **kwargs):
    try:
        import weasyprint  # noqa: F401
    except OSError as exc:
        return [
            Error(
                f"WeasyPrint cannot load a system library: {exc}",
                hint=PANGO_HINT,
                id="streekpact.E001",
            )
        ]
    except ImportError as exc:
        return [
            Error(
                f"WeasyPrint is not installed: {exc}",
                hint="Run `make install`.",
                id="streekpact.E002",
            )
        ]
    return []


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
    return []
