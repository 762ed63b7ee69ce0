"""Rendering a frozen snapshot to PDF with WeasyPrint.

WeasyPrint is imported lazily (a system check reports a missing Pango instead of every import
failing). The renderer fetches nothing the app did not put there: `PactURLFetcher` serves only
the app's own static files under the `streekpact-static:` scheme, read from disk through the
staticfiles finders, and refuses (and logs) everything else: file://, http(s)://, data: ...
"""

import contextlib
import functools
import gc
import io
import logging
import mimetypes
import threading
import time
from dataclasses import dataclass, field
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
    if relative.endswith((".woff", ".woff2")):
        # WeasyPrint would decompress the font again for every document (≈ 0.05 s a face,
        # three faces): for every part of a draft laid out in parts (issue 13). Decompressed
        # once per process, the same bytes WeasyPrint would make.
        body, content_type = sfnt(found), "font/ttf"
    else:
        body = Path(found).read_bytes()
        content_type = mimetypes.guess_type(relative)[0] or "application/octet-stream"
    return _static_response_class()(url, body=body, headers={"Content-Type": content_type})


@functools.lru_cache(maxsize=16)
def _sfnt(path: str, mtime_ns: int) -> bytes:
    from fontTools.ttLib import woff2
    from fontTools.ttLib.ttFont import TTFont

    font = Path(path).read_bytes()
    out = io.BytesIO()
    if font[:4] == b"wOF2":
        woff2.decompress(io.BytesIO(font), out)
    elif font[:4] == b"wOFF":
        ttfont = TTFont(io.BytesIO(font))
        ttfont.flavor = ttfont.flavorData = None
        ttfont.save(out)
    else:
        return font
    return out.getvalue()


def sfnt(path: str | Path) -> bytes:
    """A font file as plain TrueType/OpenType bytes (a woff or woff2 file decompressed as
    WeasyPrint does it), kept per process while the file does not change."""
    return _sfnt(str(path), Path(path).stat().st_mtime_ns)


def finish_pdf_ua(document, pdf) -> None:
    """Complete WeasyPrint's PDF/UA tagging before the PDF is written (a `write_pdf` finisher).

    WeasyPrint 70 leaves two gaps that an accessibility checker reports:

    1. Table header cells (`/TH`) carry no `/Scope`: a `<th scope="row">` becomes `/Row`,
       any other `<th>` `/Column`, the same reading WeasyPrint applies to the `/Headers` it
       writes on the data cells, so the two never disagree.
    2. Running headers, footers and page numbers (the `@page` margin boxes) are drawn as tagged
       content whose structure elements hang outside the structure tree. Their marked content
       becomes `/Artifact <</Type /Pagination>>`, their entries leave the parent tree and the
       orphaned elements are emptied, so no structure element exists outside the tree.

    Works on the objects in memory (pydyf, before compression): no second parse of the PDF.
    """
    import pydyf
    from weasyprint.formatting_structure import boxes

    if "StructTreeRoot" not in pdf.catalog:
        return  # not a tagged PDF: nothing to complete

    # 1. Header cells: WeasyPrint keeps each cell's structure element on its box (`mark`).
    pending = [page._page_box for page in document.pages]
    while pending:
        box = pending.pop()
        if isinstance(box, boxes.TableCellBox):
            element = getattr(box, "mark", None)
            if element is not None and box.element_tag == "th":
                scope = "/Row" if box.element.get("scope") == "row" else "/Column"
                element["A"]["Scope"] = scope
        elif isinstance(box, boxes.ParentBox) and not isinstance(box, boxes.LineBox):
            pending.extend(box.children)

    # 2. Margin boxes: marked content whose structure element does not reach the tree.
    objects = pdf.objects

    def resolve(reference):
        return objects[int(reference.split(b" ", 1)[0])]

    root = resolve(pdf.catalog["StructTreeRoot"])
    document_reference = root["K"][0]
    in_tree = set(resolve(document_reference)["K"])
    reaches_tree = {}  # element number -> bool, so every element is climbed once

    def attached(reference) -> bool:
        number = int(reference.split(b" ", 1)[0])
        if number not in reaches_tree:
            parent = objects[number]["P"]
            reaches_tree[number] = (
                reference in in_tree if parent == document_reference else attached(parent)
            )
        return reaches_tree[number]

    nums = resolve(root["ParentTree"])["Nums"]
    for page_index, mcid_parents in zip(nums[::2], nums[1::2], strict=True):
        if not isinstance(mcid_parents, pydyf.Array):
            continue  # an annotation's entry, not a page's
        artifacts = set()
        for mcid, reference in enumerate(mcid_parents):
            if not attached(reference):
                artifacts.add(mcid)
                mcid_parents[mcid] = "null"
        if not artifacts:
            continue
        stream = resolve(resolve(pdf.page_references[page_index])["Contents"])
        items = stream.stream
        # The margin boxes follow the root box among the page box children, so they are
        # painted last: search from the end.
        for position in range(len(items) - 1, 0, -1):
            item = items[position]
            if type(item) is pydyf.Dictionary and item.get("MCID") in artifacts:
                artifacts.discard(item.pop("MCID"))
                item["Type"] = "/Pagination"
                items[position - 1] = "/Artifact"
                if not artifacts:
                    break
    for number, attached_to_tree in reaches_tree.items():
        if not attached_to_tree:
            objects[number].clear()


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    page_count: int
    #: The page (from 1) of each section and action (`NUMBERED` anchors): a later draft's
    #: parts are first laid out with these numbers (pact/assembly.py, "hints").
    numbers: dict = field(default_factory=dict)


#: The anchors whose page is kept with a rendered document.
NUMBERED = ("voorwoord", "proces", "visie", "hoofdstuk-", "bijlage-", "ondertekening", "actie-")


def anchor_pages(pages) -> dict:
    """{anchor: page (from 1)} of the `NUMBERED` anchors, each where it first appears;
    `pages`: the anchors on each page, in order."""
    numbers = {}
    for number, anchors in enumerate(pages, start=1):
        for anchor in anchors:
            if anchor.startswith(NUMBERED):
                numbers.setdefault(anchor, number)
    return numbers


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


class _Every:
    """`sections` of the whole document: every section is in it."""

    def __contains__(self, section) -> bool:
        return True


def numbered_annexes(snapshot: dict) -> list[dict]:
    """The snapshot's further annexes (after the first three of every document, before the
    index), numbered."""
    return [
        {**annex, "number": i + 4, "anchor": f"bijlage-{i + 4}"}
        for i, annex in enumerate(snapshot.get("annexes") or [])
    ]


#: The index of actions, the last annex; its first part carries this anchor.
INDEX = "bijlage-index"


def index_parts(content: dict) -> list[dict]:
    """The index of actions in parts: one per chapter with actions, each starting on a new
    page under the chapter's title, so that the parts can be laid out apart and at the same
    time (issue 13). The first part (`INDEX`) carries the annex's heading; the others are
    named `bijlage-index-<chapter number>`. Each entry holds exactly what its line shows.
    Without any action, the index is its heading alone."""
    parts = []
    for chapter in content.get("chapters") or []:
        entries = [
            {
                "number": action["number"],
                "reference": action["proposal"]["reference"],
                "merged": [source["reference"] for source in action.get("merged") or []],
                "title": action["proposal"]["title"],
                "atelier": action["proposal"]["atelier"],
            }
            for objective in chapter.get("objectives") or []
            for operational in objective.get("operational") or []
            for action in operational.get("actions") or []
        ]
        if entries:
            parts.append(
                {
                    "section": f"{INDEX}-{chapter['number']}" if parts else INDEX,
                    "first": not parts,
                    "chapter": {"number": chapter["number"], "title": chapter["title"]},
                    "entries": entries,
                }
            )
    return parts or [{"section": INDEX, "first": True, "chapter": None, "entries": []}]


def build_html(snapshot: dict, *, sections=None, numbers: dict | None = None) -> str:
    """The document's HTML: user text escaped by the template, Markdown as stored (sanitised).

    For rendering in parts (pact/assembly.py): `sections` names the sections laid out ("front",
    "chapters" — the snapshot's, "bijlage-partners", ...); `numbers` gives the page of each
    anchor laid out elsewhere (the contents and the index print them). By default, the whole
    document, numbered by WeasyPrint itself.
    """
    with translation.override(DOCUMENT_LANGUAGE):
        return render_to_string(
            "pact/pdf/document.html",
            {
                "meta": snapshot["meta"],
                "content": _with_stored_html(snapshot["content"]),
                "changes": snapshot.get("changes") or {},
                "annexes": numbered_annexes(snapshot),
                "index_number": 4 + len(snapshot.get("annexes") or []),
                "index_parts": index_parts(snapshot["content"]),
                "author": AUTHOR,
                "static_base": STATIC_SCHEME,
                "sections": _Every() if sections is None else set(sections),
                "numbers": numbers or {},
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


@contextlib.contextmanager
def _without_cyclic_gc():
    # The layout creates millions of objects that all live until the PDF is written; the
    # cyclic GC would scan them again and again for nothing (~5-10 % of a 500-action render,
    # a few MiB more at the peak). Reference counting still frees what it can.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc_was_enabled:
            gc.enable()


_fonts = threading.local()


def font_config():
    """WeasyPrint's font configuration, one per thread, for every document it lays out.

    A new one per document loads the system's fontconfig setup and registers the @font-face
    fonts again (≈ 0.01 s a document: a third of a one-page part of a draft laid out in parts,
    issue 13); kept, the faces are registered once. Per thread, as WeasyPrint's objects are not
    shared between threads (tasks run eagerly in a threaded development server)."""
    from weasyprint.text.fonts import FontConfiguration

    config = getattr(_fonts, "config", None)
    if config is None:
        config = _fonts.config = FontConfiguration()
    return config


def layout(html: str):
    """Lay out the HTML as a tagged document (WeasyPrint's `Document`), static files only."""
    from weasyprint import HTML

    with _without_cyclic_gc():
        return HTML(string=html, url_fetcher=make_url_fetcher()).render(
            pdf_variant=PDF_VARIANT, font_config=font_config()
        )


def write(document, *, identifier: bytes) -> bytes:
    """Write a laid-out document as PDF/UA-1, completed by `finish_pdf_ua`."""
    with _without_cyclic_gc():
        return document.write_pdf(
            pdf_variant=PDF_VARIANT, pdf_identifier=identifier or None, finisher=finish_pdf_ua
        )


def render_pdf(snapshot: dict) -> RenderedPdf:
    """Render a snapshot to a tagged (PDF/UA-1), A4 PDF with embedded fonts, in one pass; the
    running header and footer are stamped on its pages (pact/stamping.py)."""
    from .stamping import page_margins, running_titles

    _test_delay()
    html = build_html(snapshot)
    with _without_cyclic_gc():
        document = layout(html)
        content = write(document, identifier=snapshot["meta"]["checksum"][:32].encode())
        margins = page_margins(snapshot["meta"], running_titles(document))
        numbers = anchor_pages(page.anchors for page in document.pages)
    return RenderedPdf(content=stamped(content, margins), page_count=len(margins), numbers=numbers)


def stamped(content: bytes, margins) -> bytes:
    """The PDF with each page's running header and footer stamped on it."""
    import pikepdf

    from .stamping import stamp

    with pikepdf.open(io.BytesIO(content)) as pdf:
        stamp(pdf, margins)
        return save(pdf)


def save(pdf) -> bytes:
    """Write a pikepdf document compactly and reproducibly (the same input, the same bytes)."""
    import pikepdf

    out = io.BytesIO()
    pdf.save(
        out,
        compress_streams=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        deterministic_id=True,
    )
    return out.getvalue()
