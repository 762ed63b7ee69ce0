"""The answer note to PDF: the pact's renderer rules (its URL fetcher, which serves only the
app's own static files, and its PDF/UA tagging), with the note's own template."""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation

from pact.rendering import STATIC_SCHEME, layout, write
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
    """The answer note as a tagged (PDF/UA-1) PDF, laid out and written as the pact is."""
    document = layout(build_note_html(snapshot))
    content = write(document, identifier=snapshot["meta"]["checksum"][:32].encode())
    return RenderedNote(content=content, page_count=len(document.pages))
