"""The running header and footer of the pact's pages, stamped once the pages are known.

WeasyPrint lays out the document's body only (its `@page` margin boxes are switched off in
templates/pact/pdf/document.html). Afterwards every page gets, as pagination artifacts outside
the structure tree (`/Artifact <</Type /Pagination /Subtype /Header|/Footer>>`):

    Streekpact · Ontwerp — versie 3                          4. Logistiek en transport
    ...
    Ontwerp — niet definitief                                          pagina 12 van 134

The one-pass render (`rendering.render_pdf`) and the parts (`assembly.assemble`) stamp the
same way, so both give the same text. The page total is only known at the end, which is why
"pagina X van Y" is not laid out by WeasyPrint in the parts (issue 13): laying out the margin
boxes of every page again for every draft was a third of the work that could not be shared.

The lines are drawn by ReportLab in Source Sans 3, the font of the document (the woff2 file
from npm, decompressed by fontTools), or in DejaVu Sans for a line with a character Source Sans
lacks, as WeasyPrint falls back to it. Each distinct line is drawn once (a document of 150
pages has about 165: the page numbers, the running titles, the header and the status line),
all on one page, and each page gets a copy of its lines' drawing in its own content, each line
its own artifact.
"""

import functools
import io
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.contrib.staticfiles import finders

#: The font of the document (templates/pact/pdf/document.html) and its fallback.
FONT_FILE = "vendor/source-sans-3/files/source-sans-3-latin-400-normal.woff2"
POSTSCRIPT_NAME = "SourceSans3-Regular"
FALLBACK_FAMILY = "DejaVu Sans"
FALLBACK_FILE = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

MM = 72 / 25.4
PAGE_WIDTH, PAGE_HEIGHT = 210 * MM, 297 * MM  # A4, as static/pact/print.css
LEFT, RIGHT = 20 * MM, PAGE_WIDTH - 20 * MM  # the page's side margins
HEADER_BASELINE = PAGE_HEIGHT - 21 * MM  # just above the body (top margin 24 mm)
FOOTER_BASELINE = 10 * MM  # in the middle of the bottom margin (22 mm)
SIZE = 8  # pt
HEADER_COLOUR = (0x08, 0x3A, 0x50)  # primary-dark (streekpact/core/design.py)
FOOTER_COLOUR = (0x52, 0x61, 0x6C)  # muted


@dataclass(frozen=True)
class Margins:
    """What one page's margins say (an empty string: nothing there)."""

    top_left: str
    top_right: str
    bottom_left: str
    bottom_right: str


def running_strings(meta: dict) -> tuple[str, str]:
    """The header's left text and the footer's left text of a document (not of the cover)."""
    if meta.get("final"):
        return "Streekpact — definitieve versie", meta.get("status_line", "")
    return f"Streekpact · Ontwerp — versie {meta['version']}", "Ontwerp — niet definitief"


def page_margins(meta: dict, running: list[str]) -> list[Margins]:
    """Every page's margins, from the document's meta and each page's running title.

    The first page is the cover: no header; a draft's cover keeps "Ontwerp — niet definitief",
    a final version's cover only its page number (static/pact/print-final.css before)."""
    header, status = running_strings(meta)
    total = len(running)
    margins = []
    for index, title in enumerate(running):
        number = f"pagina {index + 1} van {total}"
        if index == 0:
            margins.append(Margins("", "", "" if meta.get("final") else status, number))
        else:
            margins.append(Margins(header, title, status, number))
    return margins


def running_titles(document) -> list[str]:
    """The running title of each laid-out page: the `data-running` of the first section that
    starts on the page, else the previous page's (WeasyPrint's `string()` "first" rule)."""
    titles, current, seen = [], "", set()
    for page in document.pages:
        found = None
        pending = [page._page_box]
        depth = {id(page._page_box): 0}
        while pending and found is None:
            box = pending.pop(0)
            element = getattr(box, "element", None)
            title = element.get("data-running") if element is not None else None
            if title is not None and id(element) not in seen:
                seen.add(id(element))
                found = title
                break
            level = depth[id(box)]
            if level < 4:  # page → html → body → section: the sections are shallow
                for child in getattr(box, "children", ()):
                    depth[id(child)] = level + 1
                    pending.append(child)
        if found is not None:
            current = found
        titles.append(current)
    return titles


@functools.cache
def _fonts() -> tuple[str, str | None, frozenset[int]]:
    """Register the fonts with ReportLab once per process: (main name, fallback name, the
    characters the main font has)."""
    from fontTools.ttLib import TTFont as FontFile
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from .rendering import sfnt

    font = FontFile(io.BytesIO(sfnt(finders.find(FONT_FILE))))  # woff2 → TrueType, in memory
    # The file from npm names itself after the variable font's first instance ("ExtraLight");
    # it is the regular weight, and the PDF should say so.
    font["name"].setName(POSTSCRIPT_NAME, 6, 3, 1, 0x409)
    font["name"].setName(POSTSCRIPT_NAME, 6, 1, 0, 0)
    covered = frozenset(font.getBestCmap())
    data = io.BytesIO()
    font.save(data)
    data.seek(0)
    pdfmetrics.registerFont(TTFont("StreekpactSans", data))
    fallback = _fallback_file()
    if fallback is None:
        return "StreekpactSans", None, covered
    pdfmetrics.registerFont(TTFont("StreekpactFallback", str(fallback)))
    return "StreekpactSans", "StreekpactFallback", covered


def _fallback_file() -> Path | None:
    if shutil.which("fc-match"):
        found = subprocess.run(
            ["fc-match", "-f", "%{file}", FALLBACK_FAMILY], capture_output=True, text=True
        ).stdout.strip()
        if found.lower().endswith(".ttf") and Path(found).is_file():
            return Path(found)
    return Path(FALLBACK_FILE) if Path(FALLBACK_FILE).is_file() else None


def _font_for(text: str) -> str:
    main, fallback, covered = _fonts()
    if fallback is None or all(ord(c) in covered for c in text):
        return main
    return fallback


#: One line of a margin: (text, x, baseline, colour, aligned right).
Line = tuple[str, float, float, tuple[int, int, int], bool]


def _lines(page: Margins) -> list[Line]:
    return [
        line
        for line in (
            (page.top_left, LEFT, HEADER_BASELINE, HEADER_COLOUR, False),
            (page.top_right, RIGHT, HEADER_BASELINE, HEADER_COLOUR, True),
            (page.bottom_left, LEFT, FOOTER_BASELINE, FOOTER_COLOUR, False),
            (page.bottom_right, RIGHT, FOOTER_BASELINE, FOOTER_COLOUR, True),
        )
        if line[0]
    ]


def stamps(lines: list[Line]) -> bytes:
    """A PDF of one page holding every line, each between q and Q (`_drawn` splits them)."""
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), invariant=1, pageCompression=0)
    for text, x, y, colour, right in lines:
        pdf.saveState()
        pdf.setFont(_font_for(text), SIZE)
        pdf.setFillColorRGB(*(c / 255 for c in colour))
        (pdf.drawRightString if right else pdf.drawString)(x, y, text)
        pdf.restoreState()
    pdf.showPage()
    pdf.save()
    return out.getvalue()


#: Operators whose operand names a page resource, and that operand's position.
_RESOURCE_OPERATORS = {"Tf": 0, "gs": 0, "Do": 0, "cs": 0, "CS": 0}


def _drawn(pdf, stamp_page, fonts: dict) -> list[list]:
    """The drawing of each line of the stamp page (each between q and Q), its resources
    renamed to names of their own and its text as an artifact; the fonts it uses copied into
    `pdf` (once, in `fonts`)."""
    import pikepdf

    drawings, commands, depth, block, used = [], [], 0, None, {}
    for operands, operator in pikepdf.parse_content_stream(stamp_page):
        name = str(operator)
        position = _RESOURCE_OPERATORS.get(name)
        if position is not None:
            original = operands[position]
            renamed = pikepdf.Name(f"/Stamp{str(original)[1:].replace('+', '_')}")
            if name == "Tf":
                used[renamed] = original
            operands = list(operands)
            operands[position] = renamed
        if name == "q":
            depth += 1
        if name == "BT":
            block, used = [], {}
        if block is not None:
            block.append((operands, operator))
            if name == "ET":
                drawn = _artifact(block)
                commands.extend(drawn)
                for renamed, original in used.items() if drawn else ():
                    if renamed not in fonts:
                        fonts[renamed] = pdf.copy_foreign(stamp_page.obj.Resources.Font[original])
                block = None
        elif depth:
            commands.append((operands, operator))
        if name == "Q":
            depth -= 1
            if not depth:
                drawings.append(commands)
                commands = []
    return drawings


def stamp(pdf, margins: list[Margins]) -> None:
    """Draw each page's margins on the pages of `pdf` (a pikepdf.Pdf), as artifacts.

    Each distinct line is drawn once (a document of 150 pages has about 165: the page numbers,
    the running titles, the header and the status), then each page gets its lines' drawing."""
    import pikepdf

    if len(margins) != len(pdf.pages):
        raise ValueError(f"{len(margins)} margins for {len(pdf.pages)} pages")
    page_lines = [_lines(page) for page in margins]
    distinct = list(dict.fromkeys(line for lines in page_lines for line in lines))
    source = pikepdf.open(io.BytesIO(stamps(distinct)))
    fonts = {}  # the stamps' fonts, copied once, under names of their own
    drawing = dict(zip(distinct, _drawn(pdf, source.pages[0], fonts), strict=True))
    for lines, page in zip(page_lines, pdf.pages, strict=True):
        commands = [command for line in lines for command in drawing[line]]
        if not any(str(operator) in ("Tj", "TJ") for _, operator in commands):
            continue
        resources = page.obj.get("/Resources")
        if resources is None:
            page.obj.Resources = resources = pikepdf.Dictionary()
        page_fonts = resources.get("/Font")
        if page_fonts is None:
            resources.Font = page_fonts = pikepdf.Dictionary()
        elif page_fonts.is_indirect:
            # Shared with other pages: give this page its own dictionary before adding to it.
            resources.Font = page_fonts = pikepdf.Dictionary(dict(page_fonts.items()))
        for name, font in fonts.items():
            page_fonts[name] = font
        # The page's own drawing may leave its coordinates changed (WeasyPrint flips them):
        # it is put between q and Q, and the stamp drawn after it in the page's coordinates.
        page.contents_add(pdf.make_stream(b"q\n"), prepend=True)
        page.contents_add(
            pdf.make_stream(b"\nQ\nq\n" + pikepdf.unparse_content_stream(commands) + b"\nQ\n"),
            prepend=False,
        )
    source.close()


def _artifact(block: list) -> list:
    """A text object as one pagination artifact (header or footer, by where it stands); a
    text object that shows nothing (ReportLab's opening font setting) is left out."""
    import pikepdf

    if not any(str(operator) in ("Tj", "TJ") for _, operator in block):
        return []
    y = next(float(operands[5]) for operands, operator in block if str(operator) == "Tm")
    subtype = pikepdf.Name.Header if y > PAGE_HEIGHT / 2 else pikepdf.Name.Footer
    properties = pikepdf.Dictionary(Type=pikepdf.Name.Pagination, Subtype=subtype)
    return [
        ([pikepdf.Name.Artifact, properties], pikepdf.Operator("BDC")),
        *block,
        ([], pikepdf.Operator("EMC")),
    ]
