"""The answer note to PDF: the pact's renderer rules (its URL fetcher, which serves only the
app's own static files, and its PDF/UA tagging), with the note's own template."""

import gc
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation

from pact.rendering import PDF_VARIANT, STATIC_SCHEME, finish_pdf_ua, make_url_fetcher
from pact.snapshot import AUTHOR, DOCUMENT_LANGUAGE


@dataclass(frozen=True)
class RenderedNote:
    content: bytes
    page_count: int


def build_note_html(snapshot: dict) -> str:
    with translation.override(DOCUMENT_LANGUAGE):
        return render_to_string(
            "consultation/pdf/note.html",
            {
                "meta": snapshot["meta"],
                "sections": snapshot["sections"],
                "author": AUTHOR,
                "static_base": STATIC_SCHEME,
            },
        )


def render_note(snapshot: dict) -> RenderedNote:
    from weasyprint import HTML

    html = build_note_html(snapshot)
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        document = HTML(string=html, url_fetcher=make_url_fetcher()).render(pdf_variant=PDF_VARIANT)
        content = document.write_pdf(
            pdf_variant=PDF_VARIANT,
            pdf_identifier=snapshot["meta"]["checksum"][:32].encode(),
            finisher=finish_pdf_ua,
        )
        page_count = len(document.pages)
    finally:
        if gc_was_enabled:
            gc.enable()
    return RenderedNote(content=content, page_count=page_count)
