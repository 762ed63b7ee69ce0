"""Rendering a draft in parts, and assembling the parts into one tagged PDF with pikepdf.

The chord of `pact.tasks` (and `render_pdf_in_parts`, the same steps in one process):

1. **Chapters**, one task each: a chapter is laid out alone (`build_html(part="chapter")`),
   without running header or footer. Its result: the PDF and, per page, the anchors (ids) on it.
   A chapter's rendering depends only on its frozen content and on the renderer (`chapter_key`),
   so a later draft reuses it when that chapter did not change.
2. **The frame**, the final task: cover, contents, front matter and annexes, laid out with, in
   each chapter's place, as many empty pages as the chapter has, carrying the chapter's anchors
   on the same pages (`build_html(part="frame")`). WeasyPrint numbers everything itself: the
   contents and the index of actions (`target-counter`), and the running header and footer on
   every page, "pagina X van Y" included, once the total is known.
3. **Assembly** (`assemble`): each chapter page takes the place of its empty frame page and
   keeps that page's running header and footer (already `/Artifact /Pagination` marked content,
   see `rendering.finish_pdf_ua`): one structure tree, one parent tree, one outline and one
   table of named destinations, rebuilt from the parts (docs/pact.md, "Rendering in parts").
"""

import functools
import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import get_template

from .rendering import RenderedPdf, build_html, layout, write

#: Bump when the chapter rendering changes in a way the template and stylesheet don't show.
RENDERER_VERSION = "1"
#: The files a chapter's rendering depends on (their bytes are part of its key).
TEMPLATES = ("pact/pdf/document.html", "pact/pdf/parts.html", "pact/pdf/chapter_pages.html")
STYLESHEETS = ("pact/print.css",)


@dataclass(frozen=True)
class ChapterPart:
    """A chapter laid out alone: its PDF and the anchors (ids) on each of its pages."""

    content: bytes
    pages: list[list[str]]

    @property
    def page_count(self) -> int:
        return len(self.pages)


@dataclass(frozen=True)
class FramePart:
    content: bytes
    chapter_starts: list[int]  # page index of each chapter's first (empty) page


@functools.cache
def _renderer_digest() -> str:
    """The renderer's identity: its version and the bytes of its templates and stylesheets."""
    digest = hashlib.sha256(RENDERER_VERSION.encode())
    for name in TEMPLATES:
        digest.update(Path(get_template(name).origin.name).read_bytes())
    for name in STYLESHEETS:
        digest.update(Path(finders.find(name)).read_bytes())
    return digest.hexdigest()


def chapter_key(chapter: dict) -> str:
    """What a chapter's rendering depends on: its frozen content and the renderer."""
    canonical = json.dumps(chapter, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{_renderer_digest()}\n{canonical}".encode()).hexdigest()


def _chapter_snapshot(snapshot: dict, index: int) -> dict:
    content = snapshot["content"]
    return {
        "meta": snapshot["meta"],
        "content": {**content, "chapters": [content["chapters"][index]]},
        "changes": {},
    }


def render_chapter(snapshot: dict, index: int) -> ChapterPart:
    """Lay out chapter `index` (0-based) of the snapshot alone."""
    html = build_html(_chapter_snapshot(snapshot, index), part="chapter")
    document = layout(html)
    # An id is on the page where its element starts (a box split over pages repeats it); the
    # chapter's own id is carried by the frame's section of empty pages.
    seen = {f"hoofdstuk-{snapshot['content']['chapters'][index]['number']}"}
    pages = []
    for page in document.pages:
        pages.append(sorted(set(page.anchors) - seen))
        seen.update(page.anchors)
    return ChapterPart(content=write(document, identifier=b""), pages=pages)


def render_frame(snapshot: dict, parts: list[ChapterPart]) -> FramePart:
    """Lay out cover, contents, front matter and annexes around the chapters' empty pages."""
    content = snapshot["content"]
    chapters = [
        {**chapter, "pages": part.pages}
        for chapter, part in zip(content["chapters"], parts, strict=True)
    ]
    html = build_html(
        {**snapshot, "content": {**content, "chapters": chapters}},
        part="frame",
    )
    document = layout(html)
    anchors = {}  # each id on the page where its element starts
    for i, page in enumerate(document.pages):
        for name in page.anchors:
            anchors.setdefault(name, i)
    starts = [anchors[f"hoofdstuk-{chapter['number']}"] for chapter in chapters]
    return FramePart(
        content=write(document, identifier=snapshot["meta"]["checksum"][:32].encode()),
        chapter_starts=starts,
    )


def render_pdf_in_parts(snapshot: dict) -> RenderedPdf:
    """The chord's steps in this process, one after the other (tests, benchmark)."""
    parts = [render_chapter(snapshot, i) for i in range(len(snapshot["content"]["chapters"]))]
    return assemble(render_frame(snapshot, parts), parts)


# --- Assembly ----------------------------------------------------------------------------------

#: Operators with an operand that names a page resource, and that operand's position (-1: the
#: last, a pattern's name); BDC's properties when named.
_RESOURCE_OPERATORS = {
    "Tf": 0, "gs": 0, "Do": 0, "sh": 0, "cs": 0, "CS": 0, "scn": -1, "SCN": -1, "BDC": 1,
}  # fmt: skip


def _parent_tree(parent_tree) -> dict:
    """A parent tree's flat /Nums as {key: value} (WeasyPrint writes no /Kids)."""
    nums = parent_tree.Nums
    return {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}


def _dests(pdf) -> dict:
    names = pdf.Root.get("/Names", {}).get("/Dests", {}).get("/Names", [])
    return {str(names[i]): names[i + 1] for i in range(0, len(names), 2)}


def _margin_content(pdf, page, prefix: str):
    """The frame page's own content (its margin boxes: pagination artifacts) with its resource
    names prefixed, so they can sit beside a chapter page's resources."""
    import pikepdf

    renamed = []
    for operands, operator in pikepdf.parse_content_stream(page):
        position = _RESOURCE_OPERATORS.get(str(operator))
        if position is not None and len(operands) > max(position, 0):
            operand = operands[position]
            if isinstance(operand, pikepdf.Name):
                operands = list(operands)
                operands[position] = pikepdf.Name(f"/{prefix}{str(operand)[1:]}")
        renamed.append((operands, operator))
    return pikepdf.unparse_content_stream(renamed)


def _merged_resources(pdf, chapter_resources, frame_resources, prefix: str):
    """A chapter's resources plus the frame's, the frame's names prefixed."""
    import pikepdf

    merged = pikepdf.Dictionary()
    for category in set(chapter_resources.keys()) | set(frame_resources.keys()):
        entries = pikepdf.Dictionary()
        for name, value in (chapter_resources.get(category) or {}).items():
            entries[name] = value
        for name, value in (frame_resources.get(category) or {}).items():
            entries[f"/{prefix}{name[1:]}"] = value
        merged[category] = entries
    return pdf.make_indirect(merged)


def _relink_outline(parent, items: list) -> None:
    """Make `items` the children of outline item `parent`, in order."""
    for name in ("/First", "/Last"):
        if name in parent:
            del parent[name]
    for i, item in enumerate(items):
        item.Parent = parent
        for name in ("/Prev", "/Next"):
            if name in item:
                del item[name]
        if i:
            item.Prev = items[i - 1]
            items[i - 1].Next = item
    if items:
        parent.First, parent.Last = items[0], items[-1]


def _children(item) -> list:
    found, child = [], item.get("/First")
    while child is not None:
        found.append(child)
        child = child.get("/Next")
    return found


def _recount(item) -> int:
    """Set /Count of `item`'s open descendants (closed items keep a negative count)."""
    visible = 0
    for child in _children(item):
        below = _recount(child)
        visible += 1 + (below if int(child.get("/Count", 0)) >= 0 else 0)
    if "/Count" in item or visible:
        closed = int(item.get("/Count", 0)) < 0
        item.Count = -visible if closed else visible
    return visible


def _merge_outline(pdf, parts_outlines: list, page_of) -> None:
    """Put the chapters' outline items among the frame's, before the first item whose page
    comes after the chapters. WeasyPrint nests by heading level: the chapters' h2 items sit
    under the cover's h1, where the frame's h2 items are."""
    import pikepdf

    chapter_items = [item for items in parts_outlines for item in items]
    if "/Outlines" not in pdf.Root:
        if not chapter_items:
            return
        pdf.Root.Outlines = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Outlines))
    root = pdf.Root.Outlines
    parent = root
    top = _children(root)
    if len(top) == 1 and _children(top[0]):
        parent = top[0]  # the cover's h1: the document's headings are its children
    siblings = _children(parent)
    position = next((i for i, item in enumerate(siblings) if page_of(item) == "after"), None)
    if position is None:
        position = len(siblings)
    _relink_outline(parent, siblings[:position] + chapter_items + siblings[position:])
    _recount(root)


def assemble(frame: FramePart, parts: list[ChapterPart]) -> RenderedPdf:
    """One PDF from the frame and the chapters (see the module's docstring and docs/pact.md)."""
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(frame.content))
    sources = [pikepdf.open(io.BytesIO(part.content)) for part in parts]
    frame_pages = list(pdf.pages)
    frame_index = {page.obj.objgen: i for i, page in enumerate(frame_pages)}
    empty = {}  # frame page index -> (chapter index, page of the chapter)
    for c, (start, part) in enumerate(zip(frame.chapter_starts, parts, strict=True)):
        for k in range(part.page_count):
            empty[start + k] = (c, k)
    first_empty = min(empty, default=len(frame_pages))
    last_empty = max(empty, default=first_empty - 1)
    frame_tree = _parent_tree(pdf.Root.StructTreeRoot.ParentTree)
    dests = {
        name: dest for name, dest in _dests(pdf).items() if frame_index[dest[0].objgen] not in empty
    }

    # Copy the chapters' pages first, then their trees: one copier per source, so the copied
    # structure elements, destinations and outline items point at the copied pages. Each chapter
    # page takes its empty frame page's place, from the last chapter to the first.
    margins = {index: _margin_content(pdf, frame_pages[index], "W") for index in empty}
    copied_pages = [[] for _ in sources]
    for c in reversed(range(len(sources))):
        start, count = frame.chapter_starts[c], parts[c].page_count
        for k, page in enumerate(sources[c].pages):
            pdf.pages.insert(start + k, page)
        copied_pages[c] = [pdf.pages[start + k] for k in range(count)]
        del pdf.pages[start + count : start + 2 * count]
    chapter_trees, chapter_elements, chapter_outlines = [], [], []
    for source in sources:
        tree = pdf.copy_foreign(source.Root.StructTreeRoot.ParentTree)
        chapter_trees.append(_parent_tree(tree))
        chapter_elements.append([pdf.copy_foreign(e) for e in source.Root.StructTreeRoot.K[0].K])
        for name, dest in _dests(source).items():
            dests[name] = pdf.copy_foreign(source.make_indirect(dest))
        outlines = source.Root.get("/Outlines")
        chapter_outlines.append(
            [pdf.copy_foreign(item) for item in _children(outlines)] if outlines else []
        )

    # Each chapter page keeps its empty frame page's running header and footer.
    frame_resources = frame_pages[first_empty].obj.Resources if empty else None
    tree_of = {}
    for c, pages in enumerate(copied_pages):
        resources = _merged_resources(pdf, pages[0].obj.Resources, frame_resources, "W")
        for k, page in enumerate(pages):
            page.obj.Contents = pikepdf.Array(
                [
                    pdf.make_stream(b"q\n"),
                    *page.obj.Contents.wrap_in_array(),
                    pdf.make_stream(b"\nQ\nq\n" + margins[frame.chapter_starts[c] + k] + b"\nQ\n"),
                ]
            )
            page.obj.Resources = resources
            tree_of[page.obj.objgen] = chapter_trees[c]
    final = [(page, tree_of.get(page.obj.objgen, frame_tree)) for page in pdf.pages]

    # The parent tree: pages numbered in order, then the annotations (as WeasyPrint does).
    nums = pikepdf.Array()
    for key, (page, tree) in enumerate(final):
        old = int(page.obj.StructParents)
        nums.extend([key, tree[old]])
        page.obj.StructParents = key
    key = len(final)
    for page, tree in final:
        for annotation in page.obj.get("/Annots") or []:
            if "/StructParent" in annotation:
                nums.extend([key, tree[int(annotation.StructParent)]])
                annotation.StructParent = key
                key += 1
    root = pdf.Root.StructTreeRoot
    root.ParentTree = pdf.make_indirect(pikepdf.Dictionary(Nums=nums))
    root.ParentTreeNextKey = key

    # The structure tree: the frame's top elements before the chapters, the chapters' top
    # elements, the frame's after them; the empty pages' (empty) elements are dropped.
    document = root.K[0]
    before, after = [], []
    for element in document.K:
        index = frame_index[element.Pg.objgen]
        if index in empty:
            continue
        (before if index < first_empty else after).append(element)
    elements = [*before, *(e for part in chapter_elements for e in part), *after]
    for element in elements:
        element.P = document
    document.K = pikepdf.Array(elements)

    # Named destinations (the contents' links point at names), sorted as a name tree must be.
    if dests:
        if "/Names" not in pdf.Root:
            pdf.Root.Names = pikepdf.Dictionary()
        flat = pikepdf.Array()
        for name in sorted(dests):
            flat.extend([pikepdf.String(name), dests[name]])
        pdf.Root.Names.Dests = pikepdf.Dictionary(Names=flat)

    def side(item) -> str:
        dest = item.get("/Dest")
        index = frame_index.get(dest[0].objgen) if dest is not None else None
        return "after" if index is not None and index > last_empty else "before"

    _merge_outline(pdf, chapter_outlines, side)

    out = io.BytesIO()
    pdf.save(
        out,
        compress_streams=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        deterministic_id=True,
    )
    for source in sources:
        source.close()
    pdf.close()
    return RenderedPdf(content=out.getvalue(), page_count=len(final))
