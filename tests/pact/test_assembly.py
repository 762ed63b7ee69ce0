"""The pact rendered in parts (a Celery chord) and assembled: as good as the single-pass PDF.

The demo's draft is requested as a person does (the chord runs eagerly here; test_worker.py
runs it on a real worker), and compared with a single-pass render of the same snapshot.
"""

import subprocess
from unittest import mock

import pikepdf
import pytest

from pact import assembly, rendering, services, tasks
from pact.models import Action, Chapter, ChapterRendering, DraftStatus

from ..pdfua import pdfua_problems
from .test_pdf import pdftotext
from .test_pdfua import (
    demo,  # noqa: F401 - fixture
    elements_outside_the_tree,
    marked_content_ids,
    pagination_artifacts,
    request_draft,
    structure_elements,
)

pytestmark = pytest.mark.django_db


def outline(pdf) -> list[tuple]:
    """(depth, title, page index, x, y) of every outline item, in order."""
    found = []

    def walk(items, depth):
        for item in items:
            dest = item.destination
            page = pdf.pages.index(pikepdf.Page(dest[0]))
            found.append(
                (depth, item.title, page, round(float(dest[2]), 2), round(float(dest[3]), 2))
            )
            walk(item.children, depth + 1)

    with pdf.open_outline() as tree:
        walk(tree.root, 0)
    return found


def destinations(pdf) -> dict:
    """Named destination -> (page index, x, y)."""
    names = pdf.Root.Names.Dests.Names
    return {
        str(names[i]): (
            pdf.pages.index(pikepdf.Page(names[i + 1][0])),
            round(float(names[i + 1][2]), 2),
            round(float(names[i + 1][3]), 2),
        )
        for i in range(0, len(names), 2)
    }


def links(pdf) -> list[tuple]:
    """(page index, destination name) of every internal link (the table of contents)."""
    return [
        (index, str(annotation.Dest))
        for index, page in enumerate(pdf.pages)
        for annotation in page.get("/Annots") or []
        if "/Dest" in annotation
    ]


def test_the_assembled_draft_is_as_good_as_the_single_pass_one(
    demo,  # noqa: F811
    django_capture_on_commit_callbacks,
    tmp_path,
):
    with mock.patch.object(assembly, "assemble", wraps=assembly.assemble) as assembled:
        draft = request_draft(demo, django_capture_on_commit_callbacks)
    assert assembled.call_count == 1  # through the chord
    chapters = len(draft.snapshot["content"]["chapters"])
    assert chapters > 1 and ChapterRendering.objects.count() == chapters
    path = draft.pdf.path
    single_path = tmp_path / "single.pdf"
    single = rendering.render_pdf(draft.snapshot)
    single_path.write_bytes(single.content)

    # pdftotext reads the same text, page for page (running header and footer included).
    assert draft.page_count == single.page_count
    assert pdftotext(path) == pdftotext(single_path)
    assert subprocess.run(["qpdf", "--check", path], capture_output=True).returncode == 0
    assert pdfua_problems(path) == []

    with pikepdf.open(path) as pdf, pikepdf.open(single_path) as reference:
        pages = list(pdf.pages)
        # One structure tree: one Document element; every page's content is in it.
        root = pdf.Root.StructTreeRoot
        assert len(root.K) == 1 and root.K[0].S == "/Document"
        assert elements_outside_the_tree(pdf) == []
        in_tree = structure_elements(pdf)
        assert {p.obj.objgen for p in pages} <= {e.Pg.objgen for e in in_tree if "/Pg" in e}
        assert len(in_tree) == len(structure_elements(reference))
        # Every /StructParents (pages) and /StructParent (links) resolves in the parent tree.
        nums = root.ParentTree.Nums
        tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        in_tree_ids = {e.objgen for e in in_tree}
        for index, page in enumerate(pages):
            assert int(page.StructParents) == index
            for mcid in marked_content_ids(page):
                assert tree[index][mcid].objgen in in_tree_ids, (index, mcid)
            for annotation in page.get("/Annots") or []:
                assert tree[int(annotation.StructParent)].objgen in in_tree_ids
        assert int(root.ParentTreeNextKey) == max(tree) + 1
        # Running header and footer ("pagina X van Y") are pagination artifacts, as before.
        assert [pagination_artifacts(p) for p in pages] == [2] + [4] * (len(pages) - 1)
        # Outline and table of contents land on the same pages, at the same places.
        assert outline(pdf) == outline(reference)
        assert len(outline(pdf)) > chapters
        assert destinations(pdf) == destinations(reference)
        assert links(pdf) == links(reference) and links(pdf)
        # Language, metadata, PDF/UA identification.
        assert str(pdf.Root.Lang) == "nl-BE"
        assert bool(pdf.Root.MarkInfo.Marked)
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
        for key in ("/Title", "/Author", "/Subject", "/Creator", "/CreationDate", "/ModDate"):
            assert pdf.docinfo[key] == reference.docinfo[key]
        assert pdf.open_metadata().get("pdfuaid:part") == "1"
        assert pdf.trailer.ID[0] == reference.trailer.ID[0]
        # Fonts embedded (every part's subsets).
        for page in pages:
            for font in page.Resources.Font.values():
                descriptor = font.DescendantFonts[0].FontDescriptor
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_a_second_draft_after_rewording_one_action_lays_out_that_chapter_only(
    demo,  # noqa: F811
    django_capture_on_commit_callbacks,
    tmp_path,
):
    with mock.patch.object(assembly, "render_chapter", wraps=assembly.render_chapter) as laid_out:
        first = request_draft(demo, django_capture_on_commit_callbacks)
        chapters = len(first.snapshot["content"]["chapters"])
        assert laid_out.call_count == chapters
        chapter = Chapter.objects.get(sector__slug="chemie-en-farma")
        action = Action.objects.filter(
            operational_objective__strategic_objective__chapter=chapter
        ).first()
        reworded = f"{action.title} (herwerkt)"
        services.action_update(action=action, title=reworded)
        laid_out.reset_mock()
        second = request_draft(demo, django_capture_on_commit_callbacks)
    [(args, _kwargs)] = laid_out.call_args_list
    assert second.snapshot["content"]["chapters"][args[1]]["slug"] == chapter.slug
    assert ChapterRendering.objects.count() == chapters + 1
    single = tmp_path / "single.pdf"
    single.write_bytes(rendering.render_pdf(second.snapshot).content)
    text = pdftotext(second.pdf.path)
    assert text == pdftotext(single)
    assert reworded in " ".join(text.split())


def test_a_failing_chapter_fails_the_draft_with_a_reason(
    placed, staff, django_capture_on_commit_callbacks
):
    with (
        mock.patch.object(assembly, "render_chapter", side_effect=RuntimeError("kapot")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        draft, _ = services.draft_request(user=staff)
    draft.refresh_from_db()
    assert draft.status == DraftStatus.FAILED
    assert "RuntimeError: kapot" in draft.failure_reason
    assert not draft.pdf


def test_a_late_part_of_an_older_chord_does_nothing(placed, staff):
    with mock.patch("pact.services._enqueue"):
        draft, _ = services.draft_request(user=staff)
    with mock.patch.object(tasks, "start_chord") as start:
        tasks.render_draft.apply(args=[draft.pk], task_id="chord-2")
    draft.refresh_from_db()
    assert draft.status == DraftStatus.RENDERING and draft.task_id == "chord-2"
    start.assert_called_once_with(draft.pk, "chord-2", 1)
    # The parts of an older chord (re-queued since) find the draft taken and do nothing.
    assert services.draft_render_chapter(draft_pk=draft.pk, index=0, task_id="chord-1") is None
    assert services.draft_assemble(draft_pk=draft.pk, keys=["x"], task_id="chord-1") is None
    assert not ChapterRendering.objects.exists()
    # This chord's parts finish it.
    key = services.draft_render_chapter(draft_pk=draft.pk, index=0, task_id="chord-2")
    assert ChapterRendering.objects.get().key == key
    assert services.draft_assemble(draft_pk=draft.pk, keys=[key], task_id="chord-2").status == (
        DraftStatus.READY
    )


def test_the_chord_tasks_have_the_render_policy():
    for task in (tasks.render_draft_chapter, tasks.assemble_draft):
        assert task.acks_late and task.reject_on_worker_lost
        assert task.soft_time_limit < task.time_limit
        assert set(services.TRANSIENT_ERRORS) <= set(task.autoretry_for)
    assert not tasks.render_draft_chapter.ignore_result  # the chord's body needs its result


def test_render_pact_renders_in_one_pass(placed, staff, tmp_path):
    from django.core.management import call_command

    with mock.patch.object(tasks, "start_chord") as start:
        call_command("render_pact", "--out", str(tmp_path / "pact.pdf"))
    start.assert_not_called()
    assert not ChapterRendering.objects.exists()


def test_a_chapter_key_follows_its_content_and_the_renderer(monkeypatch):
    chapter = {"number": 2, "title": "Chemie en farma", "objectives": []}
    key = assembly.chapter_key(chapter)
    assert key == assembly.chapter_key(dict(chapter))
    assert key != assembly.chapter_key({**chapter, "number": 3})
    monkeypatch.setattr(assembly, "RENDERER_VERSION", "other")
    assembly._renderer_digest.cache_clear()
    try:
        assert assembly.chapter_key(chapter) != key
    finally:
        monkeypatch.undo()
        assembly._renderer_digest.cache_clear()
