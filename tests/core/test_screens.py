"""Checked as a person sees it: the main pages of each role in real Chromium at 1280 and
390 px, and the pact PDF's cover and a chapter page as images.

For each page: nothing scrolls sideways, nothing is cut off (no element wider than its box
with its overflow hidden), the page's primary action is inside the first screen, and axe
finds nothing serious or critical. With SCREENS_DIR set (`make screens`) each page's
screenshot is written there, as docs/screens/ holds them (docs/design.md).
"""

import os
import subprocess
from pathlib import Path

import pikepdf
import pytest
from django.urls import reverse
from PIL import Image

from adoption import demo as adoption_demo
from adoption.models import Adoption
from ateliers import demo as ateliers_demo
from ateliers.models import Atelier
from consultation import demo as consultation_demo
from consultation.models import Round
from monitoring import demo as monitoring_demo
from monitoring.models import ReportingPeriod
from pact import demo as pact_demo
from pact.models import Chapter
from pact.services import draft_request_sync
from proposals import demo as proposals_demo
from proposals.models import Proposal, ProposalStatus
from sectors import demo as sectors_demo
from streekpact.core import design
from streekpact.partners import demo as partners_demo
from streekpact.partners.models import User
from tests.browser import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "streekpact-demo"
WIDTHS = ((1280, 900), (390, 844))

#: Elements that clip their content: text cut off where a person cannot scroll to it.
CUT_OFF = """() => [...document.querySelectorAll('main *, header *, footer *')]
  .filter(e => { const s = getComputedStyle(e);
    return (s.overflowX === 'hidden' || s.overflowX === 'clip') && s.position !== 'absolute'
      && e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1
      && !e.classList.contains('visually-hidden') && !e.closest('.visually-hidden-focusable'); })
  .slice(0, 3).map(e => e.tagName + '.' + e.className)"""
ABOVE_THE_FOLD = """(selector) => { const e = document.querySelector(selector);
  if (!e) return 'missing';
  const r = e.getBoundingClientRect();
  return r.width > 0 && r.top >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth
    ? 'visible' : `at ${Math.round(r.top)}..${Math.round(r.bottom)} of ${window.innerHeight}`; }"""


def _seed(*, later_steps: bool = False):
    """The demo; with `later_steps` also adoption, monitoring and consultation (each freezes
    and renders a draft of its own)."""
    parts = [partners_demo, sectors_demo, ateliers_demo, proposals_demo, pact_demo]
    if later_steps:
        parts += [adoption_demo, monitoring_demo, consultation_demo]
    for part in parts:
        part.seed(password=PASSWORD)


def _later_steps(role: str) -> list[tuple[str, str, str]]:
    """The pages of consultation, adoption, monitoring, insight and the public site."""
    consultation = Round.objects.order_by("pk").first()
    adoption = Adoption.objects.current()
    period = ReportingPeriod.objects.order_by("-starts_on").first()
    pages = [
        ("consultations", reverse("consultation:round_list"), "h1"),
        ("consultation", consultation.get_absolute_url(), "h1"),
        ("adoption", adoption.get_absolute_url(), "h1"),
        ("monitoring", period.get_absolute_url(), "h1"),
        ("public-pact", reverse("public:landing"), "h1"),
    ]
    if role in ("staff", "chair"):
        pages.append(("insight", reverse("insight:index"), "h1"))
    return pages


def _pages(role: str) -> list[tuple[str, str, str]]:
    """(name, path, selector of the primary action) for the main pages of a role."""
    atelier = Atelier.objects.order_by("pk").first()
    submitted = Proposal.objects.filter(status=ProposalStatus.SUBMITTED).order_by("pk").first()
    pages = [
        ("home", "/", ".journey-step[aria-current=step] a, .journey a"),
        ("atelier", atelier.get_absolute_url(), "h1"),
    ]
    if role == "staff":
        chapter = Chapter.objects.exclude(sector=None).order_by("pk").first()
        draft = draft_request_sync(user=User.objects.get(email="staff@demo.streekpact.be"))
        pages += [
            ("proposal", submitted.get_absolute_url(), ".page-head .btn-primary"),
            ("review-queue", reverse("proposals:review_queue"), "table a, .empty-state"),
            ("pact-editor", chapter.get_absolute_url(), ".action-menu .dropdown-toggle"),
            ("draft", draft.get_absolute_url(), "#draft-download"),
            ("design-system", reverse("core:design"), "h1"),
        ]
    elif role == "partner":
        own = (
            Proposal.objects.filter(
                status__in=[ProposalStatus.DRAFT, ProposalStatus.CHANGES_REQUESTED],
                organisation=User.objects.get(email="vdab@demo.streekpact.be").organisation,
            )
            .order_by("pk")
            .first()
        )
        pages += [
            ("proposal", own.get_absolute_url(), ".page-head .btn-primary"),
            ("my-drafts", reverse("proposals:drafts"), ".page-head .btn-primary"),
        ]
    else:
        pages += [("proposal", submitted.get_absolute_url(), "h1")]
    return pages + _later_steps(role)


@pytest.mark.parametrize(
    ("role", "email"),
    [
        ("staff", "staff@demo.streekpact.be"),
        ("chair", "voorzitter@demo.streekpact.be"),
        ("partner", "vdab@demo.streekpact.be"),
    ],
)
def test_main_pages_as_a_person_sees_them(page, settings, tmp_path, role, email):
    settings.MEDIA_ROOT = tmp_path
    _seed(later_steps=True)
    screens = os.environ.get("SCREENS_DIR")
    login(page, email, PASSWORD)
    failures = []
    for name, path, primary in _pages(role):
        for width, height in WIDTHS:
            page.set_viewport_size({"width": width, "height": height})
            page.goto(path)
            page.wait_for_load_state("networkidle")
            where = f"{role} {name} {width}px"
            overflow = page.evaluate("() => document.documentElement.scrollWidth - innerWidth")
            if overflow > 1:
                failures.append(f"{where}: scrolls sideways by {overflow} px")
            cut = page.evaluate(CUT_OFF)
            if cut:
                failures.append(f"{where}: cut off: {cut}")
            seen = page.evaluate(ABOVE_THE_FOLD, primary)
            if seen != "visible":
                failures.append(f"{where}: primary action {primary!r} {seen}")
            font = page.evaluate("() => getComputedStyle(document.body).fontFamily")
            if "Source Sans 3" not in font:
                failures.append(f"{where}: body font is {font}")
            violations = axe_violations(page)
            if violations:
                failures.append(f"{where}: axe {violations}")
            if screens:
                Path(screens).mkdir(parents=True, exist_ok=True)
                page.screenshot(
                    path=f"{screens}/{role}-{name}-{width}.jpg", full_page=True, quality=72
                )
    assert failures == [], "\n".join(failures)


def test_the_theme_and_the_font_are_served(page, live_server):
    """The built theme (Bootstrap with the tokens) and the font load from the portal itself."""
    response = page.request.get(f"{live_server.url}/static/css/theme.css")
    assert response.ok
    css = response.text()
    assert f"--sp-primary:{design.PALETTE['primary']}" in css.replace(" ", "")
    assert ".status-pact" in css and ".stepper" in css
    font = page.request.get(
        f"{live_server.url}/static/vendor/source-sans-3/files/source-sans-3-latin-400-normal.woff2"
    )
    assert font.ok and font.body()[:4] == b"wOF2"


# --- The PDF on paper ------------------------------------------------------------------------


def _hex(colour: str) -> tuple[int, int, int]:
    h = colour.lstrip("#")
    return tuple(int(h[i : i + 2], 16) for i in (0, 2, 4))


def _share(image: Image.Image, colour: str, tolerance: int = 12) -> float:
    """The share of the image's pixels within `tolerance` of `colour`."""
    target = _hex(colour)
    pixels = image.convert("RGB").getdata()
    close = sum(
        1 for p in pixels if all(abs(a - b) <= tolerance for a, b in zip(p, target, strict=False))
    )
    return close / len(pixels)


def _png(pdf: Path, page_number: int, out: Path) -> Image.Image:
    prefix = out / f"page-{page_number}"
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", "-singlefile", "-f", str(page_number),
         "-l", str(page_number), str(pdf), str(prefix)],
        check=True,
    )  # fmt: skip
    return Image.open(f"{prefix}.png")


def _page_text(pdf: Path, page_number: int) -> str:
    out = subprocess.run(
        ["pdftotext", "-f", str(page_number), "-l", str(page_number), str(pdf), "-"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return " ".join(out.stdout.split())


@pytest.mark.django_db
def test_the_demo_pdf_carries_the_identity_on_its_cover_and_chapters(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _seed()
    draft = draft_request_sync(user=User.objects.get(email="staff@demo.streekpact.be"))
    pdf = Path(draft.pdf.path)
    cover = _page_text(pdf, 1)
    assert "streekpact resoc mechelen" in cover.lower()  # the word mark (in capitals)
    assert "Streekpact arrondissement Mechelen" in cover and "2014-2020" in cover
    assert "Ontwerp — versie 1" in cover
    with pikepdf.open(pdf) as document:
        figures = [e for e in _elements(document.Root.StructTreeRoot) if e.get("/S") == "/Figure"]
        assert any(str(e.get("/Alt")) == "Woordmerk Streekpact" for e in figures)
        fonts = {
            str(f.BaseFont)
            for p in document.pages
            for f in (p.Resources.get("/Font") or {}).values()
        }
    assert any("Source-Sans-3" in name for name in fonts)
    image = _png(pdf, 1, tmp_path)
    assert _share(image, design.PALETTE["primary"]) > 0.08  # the blue band of the cover
    assert _share(image, design.PALETTE["accent"]) > 0.002  # its amber rule
    # A chapter page: the opener (kicker, title on an amber rule) and the running header.
    number = next(
        n for n in range(2, draft.page_count + 1) if "hoofdstuk 2 " in _page_text(pdf, n).lower()
    )
    text = _page_text(pdf, number)
    chapter = draft.snapshot["content"]["chapters"][1]
    assert f"2. {chapter['title']}" in text
    assert text.startswith("Streekpact · Ontwerp — versie 1")
    assert _share(_png(pdf, number, tmp_path), design.PALETTE["accent"]) > 0.002


def _elements(node, depth=0):
    kids = node.get("/K")
    if kids is None or depth > 60:
        return
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != "/MCR":
            yield kid
            yield from _elements(kid, depth + 1)
