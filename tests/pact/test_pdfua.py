"""Every PDF the portal makes passes the outside checker `pdfua` with no finding at all.

The demo's drafts (the whole pact and a chapter) are rendered as a person requests them and
checked by `pdfua check`; the two gaps WeasyPrint leaves (header cells without /Scope, running
headers and footers outside the structure tree) are checked directly with pikepdf, and the
finisher that closes them is tested on a small document.
"""

import io
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from django.core.management import call_command

from pact import services
from pact.models import Action, Chapter, DraftStatus
from pact.rendering import PDF_VARIANT, finish_pdf_ua
from streekpact.partners.models import User

from ..pdfua import pdfua_problems

pytestmark = pytest.mark.django_db

if not shutil.which("qpdf"):
    pytest.skip("qpdf is needed", allow_module_level=True)


# --- What pikepdf sees: header scopes, pagination artifacts, nothing outside the tree ---------


def structure_elements(pdf):
    """Every structure element reachable from the StructTreeRoot, in document order."""
    found, pending = [], [pdf.Root.StructTreeRoot.K]
    while pending:
        node = pending.pop()
        if isinstance(node, pikepdf.Array):
            pending.extend(reversed(node))
        elif isinstance(node, pikepdf.Dictionary) and node.get("/Type") == "/StructElem":
            found.append(node)
            if "/K" in node:
                pending.append(node.K)
    return found


def header_scopes(pdf) -> list[str]:
    return [str(e.A.Scope) for e in structure_elements(pdf) if e.S == "/TH" and "/Scope" in e.A]


def pagination_artifacts(page) -> int:
    """How many /Artifact <</Type /Pagination>> sequences on the page show text."""
    count, stack = 0, []
    for instruction in pikepdf.parse_content_stream(page):
        operator = str(instruction.operator)
        if operator in ("BDC", "BMC"):
            tag, props = instruction.operands[0], instruction.operands[-1]
            is_pagination = (
                tag == "/Artifact"
                and isinstance(props, pikepdf.Dictionary)
                and props.get("/Type") == "/Pagination"
            )
            stack.append([is_pagination, False])
        elif operator == "EMC":
            is_pagination, shows_text = stack.pop()
            count += is_pagination and shows_text
        elif operator in ("Tj", "TJ", "'", '"') and stack:
            stack[-1][1] = True
    return count


def elements_outside_the_tree(pdf) -> list:
    """Content mapped (parent tree) to a structure element the tree does not reach."""
    in_tree = {e.objgen for e in structure_elements(pdf)}
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    mapped = []
    for value in list(nums)[1::2]:
        mapped.extend(value if isinstance(value, pikepdf.Array) else [value])
    return [
        e.objgen
        for e in mapped
        if isinstance(e, pikepdf.Dictionary) and e.get("/Type") == "/StructElem"
        if e.objgen not in in_tree
    ]


def marked_content_ids(page) -> set[int]:
    return {
        int(i.operands[1].MCID)
        for i in pikepdf.parse_content_stream(page)
        if str(i.operator) == "BDC"
        and isinstance(i.operands[1], pikepdf.Dictionary)
        and "/MCID" in i.operands[1]
    }


# --- The demo's drafts -------------------------------------------------------------------------


@pytest.fixture
def demo(settings, tmp_path):
    settings.DEBUG = True  # seed_demo refuses otherwise
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False
    return User.objects.get(email="staff@demo.streekpact.be")


def request_draft(user, django_capture_on_commit_callbacks, chapter=None):
    with django_capture_on_commit_callbacks(execute=True):
        draft, _ = services.draft_request(user=user, chapter=chapter)
    draft.refresh_from_db()
    assert draft.status == DraftStatus.READY, draft.failure_reason
    return draft


@pytest.mark.parametrize("scope", ["whole", "chapter"])
def test_the_demo_drafts_pass_the_outside_checker(scope, demo, django_capture_on_commit_callbacks):
    chapter = None
    if scope == "chapter":
        # The second version of a chapter: with the change list (inserted and deleted words).
        chapter = Chapter.objects.get(sector__slug="chemie-en-farma")
        request_draft(demo, django_capture_on_commit_callbacks, chapter=chapter)
        action = Action.objects.filter(operational_objective__strategic_objective__chapter=chapter)[
            0
        ]
        services.action_update(action=action, title=f"{action.title} (herwerkt)")
    draft = request_draft(demo, django_capture_on_commit_callbacks, chapter=chapter)
    assert draft.snapshot["changes"]["reworded"] or scope == "whole"
    path = draft.pdf.path

    assert pdfua_problems(path) == []

    with pikepdf.open(path) as pdf:
        # Data tables: every header cell has its scope (the demo's tables have column headers).
        scopes = header_scopes(pdf)
        ths = [e for e in structure_elements(pdf) if e.S == "/TH"]
        assert ths and len(scopes) == len(ths)
        assert set(scopes) == {"/Column"}
        # Running header (version, title) and footer (note, "pagina X van Y") are artifacts:
        # two on the cover (its header is switched off), four on every other page.
        counts = [pagination_artifacts(page) for page in pdf.pages]
        assert counts == [2] + [4] * (len(pdf.pages) - 1)
        # Every piece of tagged content reaches the structure tree.
        assert elements_outside_the_tree(pdf) == []
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        for index, page in enumerate(pdf.pages):
            assert int(nums[2 * index]) == index
            parents = nums[2 * index + 1]
            for mcid in marked_content_ids(page):
                assert isinstance(parents[mcid], pikepdf.Dictionary), (index, mcid)
        assert str(pdf.Root.Lang) == "nl-BE"
    assert subprocess.run(["qpdf", "--check", path], capture_output=True).returncode == 0


# --- The finisher, on a small document ---------------------------------------------------------

SMALL = """<!doctype html><html lang="nl-BE"><head><title>Klein</title><style>
@page { size: A6; @top-center { content: "Kop" } @bottom-center { content: counter(page) } }
</style></head><body>
<h1>{heading}</h1>
<table><thead><tr><th scope="col">Soort</th><th scope="col">Aantal</th></tr></thead>
<tbody><tr><th scope="row">Vakbond</th><td>1</td></tr>
<tr><th>Openbare dienst</th><td>2</td></tr></tbody></table>
</body></html>"""


def render_small(tmp_path, *, heading="Deelnemers", finisher=finish_pdf_ua):
    from weasyprint import HTML

    path = tmp_path / "small.pdf"
    document = HTML(string=SMALL.replace("{heading}", heading)).render(pdf_variant=PDF_VARIANT)
    document.write_pdf(path, pdf_variant=PDF_VARIANT, finisher=finisher)
    return path


def test_the_finisher_gives_header_cells_the_scope_of_their_html(tmp_path):
    with pikepdf.open(render_small(tmp_path)) as pdf:
        assert header_scopes(pdf) == ["/Column", "/Column", "/Row", "/Column"]


def test_the_finisher_makes_margin_boxes_pagination_artifacts(tmp_path):
    with pikepdf.open(render_small(tmp_path)) as pdf:
        [page] = pdf.pages
        assert pagination_artifacts(page) == 2
        assert elements_outside_the_tree(pdf) == []
        parents = pdf.Root.StructTreeRoot.ParentTree.Nums[1]
        assert all(
            isinstance(parents[mcid], pikepdf.Dictionary) for mcid in marked_content_ids(page)
        )


def test_without_the_finisher_the_checker_and_the_tests_see_the_gaps(tmp_path):
    path = render_small(tmp_path, finisher=None)
    assert [p.split()[0] for p in pdfua_problems(path)] == ["UA-15-003"]
    with pikepdf.open(path) as pdf:
        assert header_scopes(pdf) == []
        assert pagination_artifacts(pdf.pages[0]) == 0
        assert len(elements_outside_the_tree(pdf)) == 2  # the two margin boxes' text


def test_the_empty_heading_rule_runs_despite_its_crash(tmp_path):
    assert pdfua_problems(render_small(tmp_path)) == []
    problems = pdfua_problems(render_small(tmp_path, heading=""))
    assert [p.split()[0] for p in problems] == ["UA-14-001"]


def test_every_header_cell_of_a_pdf_template_states_its_scope():
    """A <th> without scope would get /Column, wrong for a row header: say it in the HTML."""
    templates = Path(__file__).resolve().parents[2] / "templates"
    pdf_templates = sorted(templates.glob("*/pdf/*.html"))
    assert pdf_templates
    cells = [
        (path.name, cell)
        for path in pdf_templates
        for cell in re.findall(r"<th\b[^>]*>", path.read_text())
    ]
    assert cells
    assert [c for c in cells if not re.search(r'scope="(col|row)"', c[1])] == []


def test_the_finisher_leaves_an_untagged_pdf_alone(tmp_path):
    from weasyprint import HTML

    path = tmp_path / "untagged.pdf"
    HTML(string=SMALL.replace("{heading}", "Kop")).write_pdf(path, finisher=finish_pdf_ua)
    with pikepdf.open(path) as pdf:
        assert "/StructTreeRoot" not in pdf.Root
        assert len(pdf.pages) == 1
