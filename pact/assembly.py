"""Rendering a draft in parts, and assembling the parts into one tagged PDF with pikepdf.

The document is a sequence of **sections**, each starting on a new page (`sections`): the cover,
the contents, the introduction (foreword, process, vision), one per chapter,
then the annexes (partners, ateliers, changes or signatures, further annexes) and last the
index of actions, one section per chapter with actions. The chord of `pact.tasks` (and
`render_pdf_in_parts`, the same steps in one process):

1. **In parallel**, one task per section (`parallel_sections`): the section is laid out alone
   (`render_section`), without running header and footer. The contents are laid out with an
   earlier draft's pages, or with placeholders only to know their length. Each result (PDF,
   the anchors that start on each page, each page's running title) is stored under a key of
   what it depends on (`part_key`), so a later draft reuses every section that did not change.
2. **The rest** (`lay_out_rest`), once every other page is known: the index's parts, with
   each action's page written out, and the contents, with the page of every section (as
   literal numbers: no `target-counter` across parts), unless an earlier draft's pages gave
   them right in step 1.
3. **Assembly** (`assemble`): the parts' pages in order, one structure tree, one parent tree,
   one outline, one table of named destinations, and the running header and footer stamped on
   every page, "pagina X van Y" included, now that the total is known (pact/stamping.py).

The single pass (`rendering.render_pdf`) lays out the same HTML in one document and stamps the
same margins: both give the same text (tested).
"""

import functools
import hashlib
import io
import json
import warnings
from dataclasses import dataclass
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import get_template

from .rendering import (
    INDEX,
    NUMBERED,
    RenderedPdf,
    anchor_pages,
    build_html,
    index_parts,
    layout,
    numbered_annexes,
    save,
    write,
)
from .stamping import page_margins, running_titles, stamp

#: Bump when a part's rendering changes in a way the templates and stylesheets don't show.
RENDERER_VERSION = "3"
#: The files a part's rendering depends on (their bytes are part of its key).
TEMPLATES = ("pact/pdf/document.html", "pact/pdf/stamped.html", "pact/pdf/signatures.html")
STYLESHEETS = ("pact/print.css", "pact/print-final.css")

FRONT = "front"
#: The table of contents, which prints the page of every section after it.
CONTENTS = "inhoud"
#: The foreword, the process and the vision (a whole pact's, not a chapter's).
INTRODUCTION = "inleiding"
#: What the contents show for a page while they are laid out only to measure them.
PLACEHOLDER_PAGE = "999"


@dataclass(frozen=True)
class Part:
    """A section laid out alone: its PDF, the anchors (ids) that start on each of its pages,
    and each page's running title (the header's right side)."""

    content: bytes
    pages: list[list[str]]
    running: list[str]

    @property
    def page_count(self) -> int:
        return len(self.pages)


@functools.cache
def _renderer_digest() -> str:
    """The renderer's identity: its version and the bytes of its templates and stylesheets."""
    digest = hashlib.sha256(RENDERER_VERSION.encode())
    for name in TEMPLATES:
        digest.update(Path(get_template(name).origin.name).read_bytes())
    for name in STYLESHEETS:
        digest.update(Path(finders.find(name)).read_bytes())
    return digest.hexdigest()


def sections(snapshot: dict) -> list[str]:
    """The document's sections in order, named by their anchors (the cover: "front", the
    contents: "inhoud", the introduction: "inleiding")."""
    content, meta = snapshot["content"], snapshot["meta"]
    return [
        FRONT,
        CONTENTS,
        *([] if meta.get("chapter_slug") else [INTRODUCTION]),
        *(f"hoofdstuk-{chapter['number']}" for chapter in content["chapters"]),
        "bijlage-partners",
        "bijlage-ateliers",
        "ondertekening" if meta.get("final") else "bijlage-wijzigingen",
        *(annex["anchor"] for annex in numbered_annexes(snapshot)),
        # Last, one part per chapter: no page number depends on their length.
        *(part["section"] for part in index_parts(snapshot["content"])),
    ]


def is_index(section: str) -> bool:
    return section == INDEX or section.startswith(f"{INDEX}-")


def _introduction_anchors(snapshot: dict) -> list[str]:
    """The anchors of the introduction's sections, as the template shows them."""
    if snapshot["meta"].get("chapter_slug"):
        return []
    pact = snapshot["content"].get("pact") or {}
    return [
        *(["voorwoord"] if pact.get("foreword") else []),
        "proces",
        *(["visie"] if pact.get("vision") or pact.get("mission") else []),
    ]


def _in_contents(snapshot: dict) -> list[str]:
    """The anchors whose page the contents print: the introduction's, then every section
    after it but the index's further parts (the contents name the index once)."""
    return [
        *_introduction_anchors(snapshot),
        *(
            s
            for s in sections(snapshot)[1:]
            if s not in (CONTENTS, INTRODUCTION) and (s == INDEX or not is_index(s))
        ),
    ]


def parallel_sections(snapshot: dict, hint: dict | None = None) -> list[str]:
    """The sections laid out in parallel: all but the index's parts, which need the chapters'
    pages, unless an earlier draft's pages hint at them (`first_numbers`). The contents
    is laid out here with the hinted numbers, or only to measure it."""
    return [
        section
        for section in sections(snapshot)
        if not is_index(section) or first_numbers(snapshot, section, hint) is not None
    ]


def _index_part(snapshot: dict, section: str) -> dict:
    return next(p for p in index_parts(snapshot["content"]) if p["section"] == section)


def _action_anchors(part: dict) -> list[str]:
    """The anchors of the actions an index part lists (their pages are what it prints)."""
    return [f"actie-{entry['number']}" for entry in part["entries"]]


def first_numbers(snapshot: dict, section: str, hint: dict | None = None) -> dict | None:
    """The page numbers a section is first laid out with, in parallel with the others.

    `hint`: the pages of an earlier draft of the same scope (`RenderedPdf.numbers`). After a
    small change the pages mostly stay where they were, so the contents and the index are
    laid out with them at once, and kept when the assembly finds them right. Without a hint,
    the contents get placeholders (they are only measured) and the index waits (None)."""
    hint = hint or {}
    if section == CONTENTS:
        wanted = _in_contents(snapshot)
        if all(anchor in hint for anchor in wanted):
            return {anchor: hint[anchor] for anchor in wanted}
        return dict.fromkeys(wanted, PLACEHOLDER_PAGE)
    if is_index(section):
        wanted = _action_anchors(_index_part(snapshot, section))
        if all(anchor in hint for anchor in wanted):  # an empty index prints no page
            return {anchor: hint[anchor] for anchor in wanted}
        return None
    return None


def _inputs(snapshot: dict, section: str) -> tuple[dict, dict]:
    """The snapshot a section is laid out from (only what it shows), and what its layout
    depends on (for its key)."""
    content, meta = snapshot["content"], snapshot["meta"]
    final = bool(meta.get("final"))
    if section.startswith("hoofdstuk-"):
        chapter = next(c for c in content["chapters"] if f"hoofdstuk-{c['number']}" == section)
        view = {"meta": meta, "content": {**content, "chapters": [chapter]}}
        return view, {"chapter": chapter, "final": final}
    if section == FRONT:  # the cover, and the document's metadata (the assembly's base)
        return snapshot, {"meta": meta, "pact": content.get("pact")}
    if section == CONTENTS:  # what its lines show (templates/pact/pdf/document.html, nav.toc)
        return snapshot, {
            "introduction": _introduction_anchors(snapshot),
            "chapters": [[c["number"], c["title"]] for c in content["chapters"]],
            "annexes": [[a["anchor"], a["number"], a["title"]] for a in numbered_annexes(snapshot)],
            "final": final,
        }
    if section == INTRODUCTION:
        return snapshot, {"pact": content.get("pact"), "process": content.get("process"),
                          "final": final}  # fmt: skip
    if is_index(section):
        # What its lines show (`rendering.index_parts`), and the annex's number.
        extra = len(snapshot.get("annexes") or [])
        return snapshot, {"part": _index_part(snapshot, section), "final": final, "extra": extra}
    depends = {
        "bijlage-partners": {"organisations": content.get("organisations")},
        "bijlage-ateliers": {"process": content.get("process")},
        "bijlage-wijzigingen": {"changes": snapshot.get("changes")},
        "ondertekening": {"signing": meta.get("signing"), "on": meta.get("adopted_on_display")},
    }.get(section)
    if depends is None:  # a further annex
        depends = {"annex": next(a for a in numbered_annexes(snapshot) if a["anchor"] == section)}
    return snapshot, {**depends, "final": final}


def part_key(snapshot: dict, section: str, numbers: dict | None = None) -> str:
    """What a section's rendering depends on: the content it shows, the page numbers it
    prints, and the renderer."""
    _view, depends = _inputs(snapshot, section)
    canonical = json.dumps(
        {"section": section, "depends": depends, "numbers": numbers or {}},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(f"{_renderer_digest()}\n{canonical}".encode()).hexdigest()


def render_section(snapshot: dict, section: str, numbers: dict | None = None) -> Part:
    """Lay out one section of the snapshot alone (see the module's docstring)."""
    view, _depends = _inputs(snapshot, section)
    shown = {"chapters"} if section.startswith("hoofdstuk-") else {section}
    document = layout(build_html(view, sections=shown, numbers=numbers))
    # An id is on the page where its element starts (a box split over pages repeats it).
    seen, pages = set(), []
    for page in document.pages:
        pages.append(sorted(set(page.anchors) - seen))
        seen.update(page.anchors)
    identifier = snapshot["meta"]["checksum"][:32].encode() if section == FRONT else b""
    return Part(
        content=write(document, identifier=identifier),
        pages=pages,
        running=running_titles(document),
    )


def plan(snapshot: dict, parts: dict, keys: dict) -> tuple[dict, list[tuple[str, dict]]]:
    """The real page of each section and action, given the parts laid out so far (`parts`,
    `keys`: section → Part, key; the contents' length as laid out), and the parts to lay
    out again with them, [(section, numbers)]: the contents and the
    index's parts, when the numbers they were laid out with (a hint, placeholders) are not
    the real ones, or when they were not laid out yet. The index is last, so all of them can
    be laid out again at the same time."""
    order = sections(snapshot)
    starts, page = {}, parts[FRONT].page_count + 1
    for section in order[1:]:
        starts[section] = page
        if section in parts:  # only the index's parts (last) may not be laid out yet
            page += parts[section].page_count
    # The sections that are anchors (not the contents, not the introduction: its parts are).
    numbers = {section: start for section, start in starts.items() if section.startswith(NUMBERED)}
    # The anchors within a section: the introduction's sections, the chapters' actions.
    for section in order:
        if section == INTRODUCTION or section.startswith("hoofdstuk-"):
            for k, anchors in enumerate(parts[section].pages):
                for anchor in anchors:
                    if anchor.startswith(NUMBERED):
                        numbers.setdefault(anchor, starts[section] + k)
    wanted = [(CONTENTS, {anchor: numbers[anchor] for anchor in _in_contents(snapshot)})]
    for part in index_parts(snapshot["content"]):
        wanted.append((part["section"], {a: numbers[a] for a in _action_anchors(part)}))
    again = [
        (section, pages)
        for section, pages in wanted
        if keys.get(section) != part_key(snapshot, section, pages)
    ]
    return numbers, again


def lay_out_rest(snapshot: dict, parts: dict, keys: dict, render=None) -> tuple[list[Part], dict]:
    """Every part in document order, and the page of each section and action: the front
    matter and the index laid out again here (`render(snapshot, section, numbers)` → key,
    Part) as long as `plan` asks for it. The contents' length decides every later page number;
    in the rare case that its numbers change it, everything is numbered again."""
    if render is None:

        def render(snapshot, section, numbers):
            return part_key(snapshot, section, numbers), render_section(snapshot, section, numbers)

    for _attempt in range(4):
        numbers, again = plan(snapshot, parts, keys)
        if not again:
            return [parts[section] for section in sections(snapshot)], numbers
        for section, wanted in again:
            keys[section], parts[section] = render(snapshot, section, wanted)
    raise RuntimeError("The contents' length does not settle.")


def render_pdf_in_parts(snapshot: dict, hint: dict | None = None) -> RenderedPdf:
    """The chord's steps in this process, one after the other (tests, benchmark)."""
    parts, keys = {}, {}
    for section in parallel_sections(snapshot, hint):
        numbers = first_numbers(snapshot, section, hint)
        parts[section] = render_section(snapshot, section, numbers)
        keys[section] = part_key(snapshot, section, numbers)
    ordered, numbers = lay_out_rest(snapshot, parts, keys)
    return assemble(snapshot, ordered, numbers)


# --- Assembly ----------------------------------------------------------------------------------


def _parent_tree(parent_tree) -> dict:
    """A parent tree's flat /Nums as {key: value} (WeasyPrint writes no /Kids)."""
    nums = parent_tree.Nums
    return {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}


def _dests(pdf) -> dict:
    names = pdf.Root.get("/Names", {}).get("/Dests", {}).get("/Names", [])
    return {str(names[i]): names[i + 1] for i in range(0, len(names), 2)}


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


def assemble(snapshot: dict, parts: list[Part], numbers: dict | None = None) -> RenderedPdf:
    """One PDF from the parts, in document order, the cover first (docs/pact.md)."""
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(parts[0].content))
    sources = [pikepdf.open(io.BytesIO(part.content)) for part in parts[1:]]
    front_tree = _parent_tree(pdf.Root.StructTreeRoot.ParentTree)
    tree_of = {page.obj.objgen: front_tree for page in pdf.pages}
    # Named destinations, the union of every part's (below): the contents' links point at names
    # they define on their own pages (each entry carries its target's id), which the parts
    # after them define again where they belong, and those definitions win.
    dests = _dests(pdf)

    # Pages first, then the trees: one copier per source, so the copied structure elements,
    # destinations and outline items point at the copied pages.
    copied = []
    with warnings.catch_warnings():
        # pikepdf warns that extend() leaves named destinations behind: they are copied below.
        warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
        for source in sources:
            start = len(pdf.pages)
            pdf.pages.extend(source.pages)
            copied.append([pdf.pages[i] for i in range(start, len(pdf.pages))])
    document = pdf.Root.StructTreeRoot.K[0]
    elements = list(document.K)
    outlines = []
    for source, pages in zip(sources, copied, strict=True):
        tree = _parent_tree(pdf.copy_foreign(source.Root.StructTreeRoot.ParentTree))
        for page in pages:
            tree_of[page.obj.objgen] = tree
        elements.extend(pdf.copy_foreign(e) for e in source.Root.StructTreeRoot.K[0].K)
        for name, dest in _dests(source).items():
            dests[name] = pdf.copy_foreign(source.make_indirect(dest))
        if "/Outlines" in source.Root:
            outlines.extend(pdf.copy_foreign(item) for item in _children(source.Root.Outlines))

    # The parent tree: pages numbered in order, then the annotations (as WeasyPrint does).
    nums = pikepdf.Array()
    final = list(pdf.pages)
    for key, page in enumerate(final):
        tree = tree_of[page.obj.objgen]
        nums.extend([key, tree[int(page.obj.StructParents)]])
        page.obj.StructParents = key
    key = len(final)
    for page in final:
        tree = tree_of[page.obj.objgen]
        for annotation in page.obj.get("/Annots") or []:
            if "/StructParent" in annotation:
                nums.extend([key, tree[int(annotation.StructParent)]])
                annotation.StructParent = key
                key += 1
    root = pdf.Root.StructTreeRoot
    root.ParentTree = pdf.make_indirect(pikepdf.Dictionary(Nums=nums))
    root.ParentTreeNextKey = key

    # The structure tree: one Document element, the parts' top elements in order.
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

    # The outline: WeasyPrint nests by heading level, the sections' h2 items under the
    # cover's h1; the other parts' h2 items follow.
    if outlines:
        if "/Outlines" not in pdf.Root:
            pdf.Root.Outlines = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Outlines))
        parent = pdf.Root.Outlines
        top = _children(parent)
        if len(top) == 1:  # the cover's title (h1): the sections' h2 go under it, as in one pass
            parent = top[0]
        _relink_outline(parent, _children(parent) + outlines)
        _recount(pdf.Root.Outlines)

    running = [title for part in parts for title in part.running]
    stamp(pdf, page_margins(snapshot["meta"], running))
    content = save(pdf)
    for source in sources:
        source.close()
    pdf.close()
    if numbers is None:
        numbers = anchor_pages(anchors for part in parts for anchors in part.pages)
    return RenderedPdf(content=content, page_count=len(final), numbers=numbers)
