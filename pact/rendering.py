"""Rendering a frozen snapshot to PDF with WeasyPrint.

WeasyPrint is imported lazily (a system check reports a missing Pango instead of every import
failing). The renderer fetches nothing the app did not put there: `PactURLFetcher` serves only
the app's own static files under the `streekpact-static:` scheme, read from disk through the
staticfiles finders, and refuses (and logs) everything else: file://, http(s)://, data: ...
"""

import gc
import logging
import mimetypes
import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from streekpact.core.markdown import render_markdown

from .snapshot import AUTHOR, DOCUMENT_LANGUAGE

logger = logging.getLogger(__name__)

STATIC_SCHEME = "streekpact-static:"
PDF_VARIANT = "pdf/ua-1"


class RefusedURL(ValueError):
    """The renderer asked for something outside the app's own static files."""


def _static_response_class():
    from weasyprint.urls import URLFetcherResponse

    return URLFetcherResponse


def make_url_fetcher():
    """A WeasyPrint URL fetcher that serves only the app's static files (lazy import)."""
    from weasyprint.urls import URLFetcher

    class PactURLFetcher(URLFetcher):
        def __init__(self):
            super().__init__(timeout=1, allowed_protocols=(), allow_redirects=False)

        def fetch(self, url, headers=None):
            return fetch_static(url)

    return PactURLFetcher()


def fetch_static(url: str):
    """Serve `streekpact-static:<path>` from the staticfiles finders; refuse anything else."""
    if not url.startswith(STATIC_SCHEME):
        logger.warning("PDF renderer refused to fetch %r", url[:200])
        raise RefusedURL(f"refused: {url[:200]}")
    relative = url[len(STATIC_SCHEME) :].split("?", 1)[0].split("#", 1)[0]
    parts = PurePosixPath(relative).parts
    if not relative or relative.startswith("/") or ".." in parts or "\\" in relative:
        logger.warning("PDF renderer refused to fetch %r", url[:200])
        raise RefusedURL(f"refused: {url[:200]}")
    found = finders.find(relative)
    if not found:
        logger.warning("PDF renderer refused to fetch %r (no such static file)", url[:200])
        raise RefusedURL(f"not found: {url[:200]}")
    content_type = mimetypes.guess_type(relative)[0] or "application/octet-stream"
    return _static_response_class()(
        url, body=Path(found).read_bytes(), headers={"Content-Type": content_type}
    )


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    page_count: int


def _with_stored_html(content: dict) -> dict:
    """Snapshots of format 1 (before the `*_html` keys) get their Markdown rendered once here."""
    pact = content.get("pact") or {}
    if "foreword_html" in pact:
        return content

    def fill(item: dict, *names: str) -> None:
        for name in names:
            item[f"{name}_html"] = str(render_markdown(item.get(name)))

    fill(pact, "foreword", "process", "vision", "mission")
    for chapter in content.get("chapters") or []:
        fill(chapter, "introduction")
        for objective in chapter.get("objectives") or []:
            fill(objective, "description")
            for operational in objective.get("operational") or []:
                for action in operational.get("actions") or []:
                    fill(action, "description")
    return content


def build_html(snapshot: dict) -> str:
    """The document's HTML: user text escaped by the template, Markdown as stored (sanitised)."""
    with translation.override(DOCUMENT_LANGUAGE):
        return render_to_string(
            "pact/pdf/document.html",
            {
                "meta": snapshot["meta"],
                "content": _with_stored_html(snapshot["content"]),
                "changes": snapshot.get("changes") or {},
                "author": AUTHOR,
                "static_base": STATIC_SCHEME,
            },
        )


def _test_delay() -> None:
    """Test hook: sleep while a file named by PACT_RENDER_DELAY_FILE exists (slow renders)."""
    path = getattr(settings, "PACT_RENDER_DELAY_FILE", "")
    if not path:
        return
    delay_file = Path(path)
    while delay_file.exists():
        time.sleep(0.2)


def render_pdf(snapshot: dict) -> RenderedPdf:
    """Render a snapshot to a tagged (PDF/UA-1), A4 PDF with embedded fonts."""
    from weasyprint import HTML

    _test_delay()
    html = build_html(snapshot)
    # The layout creates millions of objects that all live until the PDF is written; the
    # cyclic GC would scan them again and again for nothing (~5-10 % of a 500-action render,
    # a few MiB more at the peak). Reference counting still frees what it can.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        document = HTML(string=html, url_fetcher=make_url_fetcher()).render(pdf_variant=PDF_VARIANT)
        content = document.write_pdf(
            pdf_variant=PDF_VARIANT,
            pdf_identifier=snapshot["meta"]["checksum"][:32].encode(),
        )
        page_count = len(document.pages)
    finally:
        if gc_was_enabled:
            gc.enable()
    return RenderedPdf(content=content, page_count=page_count)
