"""The pact rendered in parts (a Celery chord) and assembled: as good as the single-pass PDF.

The demo's draft is requested as a person does (the chord runs eagerly here; test_worker.py
runs it on a real worker), and compared with a single-pass render of the same snapshot.
"""

import copy
import os
import subprocess
from unittest import mock

import pikepdf
import pytest

from pact import assembly, rendering, services, tasks
from pact.models import Action, Chapter, ChapterRendering, Draft, DraftStatus

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


def single_pages(snapshot) -> dict:
    return rendering.render_pdf(snapshot).numbers


def test_the_assembled_draft_is_as_good_as_the_single_pass_one(
    demo,  # noqa: F811
    django_capture_on_commit_callbacks,
    tmp_path,
):
    # No earlier draft's pages to go by: the front matter is measured first, then numbered.
    Draft.objects.update(page_numbers={})
    with mock.patch.object(assembly, "assemble", wraps=assembly.assemble) as assembled:
        draft = request_draft(demo, django_capture_on_commit_callbacks)
    assert assembled.call_count == 1  # through the chord
    chapters = len(draft.snapshot["content"]["chapters"])
    # Every section stored once, the front matter twice (measured, then numbered).
    assert chapters > 1
    assert ChapterRendering.objects.count() == len(assembly.sections(draft.snapshot)) + 1
    # The pages of its sections and actions are kept, for the next draft.
    assert draft.page_numbers == single_pages(draft.snapshot)
    path = draft.pdf.path
    single_path = tmp_path / "single.pdf"
    single = rendering.render_pdf(draft.snapshot)
    single_path.write_bytes(single.content)

    # The index: a part per chapter with actions, each on pages of its own under its title.
    index = rendering.index_parts(draft.snapshot["content"])
    assert len(index) > 1
    for part in index:
        page = str(draft.page_numbers[part["section"]])
        shown = subprocess.run(
            ["pdftotext", "-f", page, "-l", page, path, "-"], capture_output=True, text=True
        ).stdout
        assert f"{part['chapter']['number']}. {part['chapter']['title']}" in shown
        assert f"{part['entries'][0]['number']} · {part['entries'][0]['reference']}" in shown

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

        # The same elements, but for one: the index's page references are text in the parts,
        # where the one pass generates them (`target-counter` in ::after: a NonStruct each).
        def kinds(elements):
            return sorted(str(e.S) for e in elements if e.S != "/NonStruct")

        assert kinds(in_tree) == kinds(structure_elements(reference))
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
        # Fonts embedded (every part's subsets, and the running header's and footer's).
        for page in pages:
            for font in page.Resources.Font.values():
                font = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                descriptor = font.FontDescriptor
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_a_second_draft_after_rewording_one_action_lays_out_that_chapter_only(
    demo,  # noqa: F811
    django_capture_on_commit_callbacks,
    tmp_path,
):
    with mock.patch.object(assembly, "render_section", wraps=assembly.render_section) as laid_out:
        first = request_draft(demo, django_capture_on_commit_callbacks)
        # The demo's previous draft gave the pages: every section laid out once, the front
        # matter and the index with their numbers at once.
        assert services.hint_source(first) == first.previous_id
        sections = assembly.sections(first.snapshot)
        assert sorted(c.args[1] for c in laid_out.call_args_list) == sorted(sections)
        chapter = Chapter.objects.get(sector__slug="chemie-en-farma")
        action = Action.objects.filter(
            operational_objective__strategic_objective__chapter=chapter
        ).first()
        reworded = f"{action.title} (herwerkt)"
        services.action_update(action=action, title=reworded)
        laid_out.reset_mock()
        second = request_draft(demo, django_capture_on_commit_callbacks)
    # Laid out again, each once and in parallel: the reworded chapter and what every draft
    # changes (the cover, the change list), with the first draft's pages. Every other
    # chapter and annex is reused, the index too: it shows the source proposal's title.
    number = next(
        c["number"] for c in second.snapshot["content"]["chapters"] if c["slug"] == chapter.slug
    )
    assert sorted(c.args[1] for c in laid_out.call_args_list) == sorted(
        [f"hoofdstuk-{number}", "front", "bijlage-wijzigingen"]
    )
    single = tmp_path / "single.pdf"
    single.write_bytes(rendering.render_pdf(second.snapshot).content)
    text = pdftotext(second.pdf.path)
    assert text == pdftotext(single)
    assert reworded in " ".join(text.split())


def test_a_failing_chapter_fails_the_draft_with_a_reason(
    placed, staff, django_capture_on_commit_callbacks
):
    with (
        mock.patch.object(assembly, "render_section", side_effect=RuntimeError("kapot")),
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
    [(args, _kwargs)] = start.call_args_list
    assert args[0] == draft.pk and args[1] == "chord-2" and args[3] is None and args[4] == []
    parts = args[2]
    assert sorted(parts) == sorted(assembly.parallel_sections(draft.snapshot))
    # The parts of an older chord (re-queued since) find the draft taken and do nothing.
    assert services.draft_render_part(draft_pk=draft.pk, section="front", task_id="chord-1") is None
    assert services.draft_assemble(draft_pk=draft.pk, keys=["x"], task_id="chord-1") is None
    assert not ChapterRendering.objects.exists()
    # This chord's parts finish it.
    keys = [
        services.draft_render_part(draft_pk=draft.pk, section=section, task_id="chord-2")
        for section in parts
    ]
    stored = set(ChapterRendering.objects.values_list("key", flat=True))
    assert stored == {key for _section, key in keys}
    assert services.draft_assemble(draft_pk=draft.pk, keys=keys, task_id="chord-2").status == (
        DraftStatus.READY
    )


def test_the_parts_are_scheduled_longest_first_and_stored_ones_not_at_all(
    placed, staff, settings, tmp_path
):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    from pact.services import _schedule

    with mock.patch("pact.services._enqueue"):
        draft, _ = services.draft_request(user=staff)
    order, stored = _schedule(draft.snapshot, None)
    assert stored == []
    # The chapter is small here; the cover and the process's chart are not.
    assert set(order[:2]) == {"front", "inleiding"}
    assert order.index("front") < order.index("bijlage-partners")
    # A part stored already gets no task: the assembly takes it from the store.
    chapter = next(section for section in order if section.startswith("hoofdstuk-"))
    key = assembly.part_key(draft.snapshot, chapter)
    rendering_ = ChapterRendering(key=key)
    rendering_.pdf.save(f"{key}.pdf", ContentFile(b"%PDF"), save=True)
    again, stored = _schedule(draft.snapshot, None)
    assert again == [section for section in order if section != chapter]
    assert stored == [[chapter, key]]
    # A row whose file is gone is not stored: laid out again, the row forgotten.
    rendering_.pdf.delete(save=False)
    assert _schedule(draft.snapshot, None) == (order, [])
    assert not ChapterRendering.objects.filter(key=key).exists()


def test_the_chord_tasks_have_the_render_policy():
    for task in (tasks.render_draft_part, tasks.assemble_draft):
        assert task.acks_late and task.reject_on_worker_lost
        assert task.soft_time_limit < task.time_limit
        assert set(services.TRANSIENT_ERRORS) <= set(task.autoretry_for)
    assert not tasks.render_draft_part.ignore_result  # the chord's body needs its result


def test_render_pact_renders_in_one_pass(placed, staff, tmp_path):
    from django.core.management import call_command

    with mock.patch.object(tasks, "start_chord") as start:
        call_command("render_pact", "--out", str(tmp_path / "pact.pdf"))
    start.assert_not_called()
    assert not ChapterRendering.objects.exists()


def test_a_part_key_follows_what_the_part_shows_and_the_renderer(monkeypatch):
    chapter = {"number": 2, "title": "Chemie en farma", "slug": "chemie", "objectives": []}
    snapshot = {
        "meta": {"version": 1, "checksum": "x" * 64},
        "content": {"chapters": [chapter], "organisations": [{"name": "Voka"}]},
        "changes": {},
    }
    key = assembly.part_key(snapshot, "hoofdstuk-2")
    assert key == assembly.part_key({**snapshot, "meta": {"version": 2}}, "hoofdstuk-2")
    other = {"chapters": [{**chapter, "title": "Chemie"}], "organisations": [{"name": "Voka"}]}
    assert key != assembly.part_key({**snapshot, "content": other}, "hoofdstuk-2")
    # An annex depends on its own content only; the index on the pages it prints.
    partners = assembly.part_key(snapshot, "bijlage-partners")
    assert partners == assembly.part_key({**snapshot, "content": other}, "bijlage-partners")
    assert assembly.part_key(snapshot, "bijlage-index", {"actie-2.1.1.1": 7}) != (
        assembly.part_key(snapshot, "bijlage-index", {"actie-2.1.1.1": 8})
    )
    monkeypatch.setattr(assembly, "RENDERER_VERSION", "other")
    assembly._renderer_digest.cache_clear()
    try:
        assert assembly.part_key(snapshot, "hoofdstuk-2") != key
    finally:
        monkeypatch.undo()
        assembly._renderer_digest.cache_clear()


def test_stored_parts_unused_for_a_while_are_cleaned(settings, tmp_path):
    from datetime import timedelta

    from django.core.files.base import ContentFile
    from django.utils import timezone

    settings.MEDIA_ROOT = tmp_path
    settings.PACT_PART_RENDERING_DAYS = 30
    old, recent = ChapterRendering(key="o" * 64), ChapterRendering(key="r" * 64)
    for rendering_ in (old, recent):
        rendering_.pdf.save(f"{rendering_.key}.pdf", ContentFile(b"%PDF"), save=True)
    ChapterRendering.objects.filter(pk=old.pk).update(
        updated_at=timezone.now() - timedelta(days=31)
    )
    old_file = old.pdf.path
    assert tasks.clean_part_renderings.apply().get() == 1
    assert list(ChapterRendering.objects.values_list("key", flat=True)) == ["r" * 64]
    assert not os.path.exists(old_file)


def test_a_wrong_hint_is_corrected(demo, django_capture_on_commit_callbacks, tmp_path):  # noqa: F811
    # The previous draft's pages are off by one everywhere (as after a page added in front):
    # the front matter and the index, laid out with them, are laid out again with the right
    # ones, and the result is the one pass's.
    previous = Draft.objects.order_by("-version").first()
    Draft.objects.filter(pk=previous.pk).update(
        page_numbers={k: v + 1 for k, v in previous.page_numbers.items()}
    )
    with mock.patch.object(assembly, "render_section", wraps=assembly.render_section) as laid_out:
        draft = request_draft(demo, django_capture_on_commit_callbacks)
    assert services.hint_source(draft) == previous.pk
    laid = [c.args[1] for c in laid_out.call_args_list]
    assert laid.count("inhoud") == 2 and laid.count("bijlage-index") == 2
    assert laid.count("front") == 1  # the cover prints no page number
    single = tmp_path / "single.pdf"
    single.write_bytes(rendering.render_pdf(draft.snapshot).content)
    assert pdftotext(draft.pdf.path) == pdftotext(single)


def test_a_stored_part_whose_file_is_gone_is_laid_out_again(
    demo,  # noqa: F811
    django_capture_on_commit_callbacks,
    tmp_path,
):
    # The parts' rows outlived their files (media restored without them): found when the
    # chord is planned, and once more when the assembly reads them.
    first = request_draft(demo, django_capture_on_commit_callbacks)
    for rendering_ in ChapterRendering.objects.all():
        rendering_.pdf.delete(save=False)
    services.action_update(
        action=Action.objects.first(), title=f"{Action.objects.first().title} (herwerkt)"
    )
    second = request_draft(demo, django_capture_on_commit_callbacks)
    assert second.status == DraftStatus.READY and second.pk != first.pk
    single = tmp_path / "single.pdf"
    single.write_bytes(rendering.render_pdf(second.snapshot).content)
    assert pdftotext(second.pdf.path) == pdftotext(single)
    # And a file lost between the plan and the assembly: laid out in the assembly.
    services.action_update(
        action=Action.objects.first(), title=f"{Action.objects.first().title} (opnieuw)"
    )
    real_schedule = services._schedule

    def schedule_then_lose(snapshot, hint_from):
        to_lay_out, stored = real_schedule(snapshot, hint_from)
        for _section, key in stored:
            ChapterRendering.objects.get(key=key).pdf.delete(save=False)
        return to_lay_out, stored

    with mock.patch.object(services, "_schedule", side_effect=schedule_then_lose):
        third = request_draft(demo, django_capture_on_commit_callbacks)
    assert third.status == DraftStatus.READY
    single.write_bytes(rendering.render_pdf(third.snapshot).content)
    assert pdftotext(third.pdf.path) == pdftotext(single)


def test_the_index_is_laid_out_per_chapter_and_each_part_keyed_by_its_lines():
    def action(number, title, reference):
        return {
            "number": number,
            "title": f"Actie {number}",
            "proposal": {"reference": reference, "title": title, "atelier": "Atelier 1"},
            "merged": [],
        }

    def chapter(number, *actions):
        operational = [{"number": f"{number}.1.1", "actions": list(actions)}]
        return {"number": number, "title": f"Hoofdstuk {number}", "objectives": [
            {"number": f"{number}.1", "operational": operational}]}  # fmt: skip

    content = {
        "chapters": [
            chapter(1),  # no actions: no part of the index
            chapter(2, action("2.1.1.1", "Stagebank", "V-0001")),
            chapter(3, action("3.1.1.1", "Techniekacademie", "V-0002")),
        ]
    }
    snapshot = {"meta": {"version": 1, "checksum": "x" * 64}, "content": content, "changes": {}}
    order = assembly.sections(snapshot)
    assert order[-2:] == ["bijlage-index", "bijlage-index-3"]
    assert [p["chapter"]["number"] for p in rendering.index_parts(content)] == [2, 3]
    pages = {"actie-3.1.1.1": 9}
    key = assembly.part_key(snapshot, "bijlage-index-3", pages)

    # Another chapter's lines, or the action's own wording, leave this part's key alone ...
    def first_action(snapshot, chapter):
        return snapshot["content"]["chapters"][chapter]["objectives"][0]["operational"][0][
            "actions"
        ][0]

    reworded = copy.deepcopy(snapshot)
    first_action(reworded, 1)["proposal"]["title"] = "Stagebank voor de hele regio"
    first_action(reworded, 2)["title"] = "Een andere formulering"
    assert assembly.part_key(reworded, "bijlage-index-3", pages) == key
    assert assembly.part_key(reworded, "bijlage-index", {"actie-2.1.1.1": 7}) != (
        assembly.part_key(snapshot, "bijlage-index", {"actie-2.1.1.1": 7})
    )
    # ... what its lines show, or the pages they print, do not.
    assert assembly.part_key(snapshot, "bijlage-index-3", {"actie-3.1.1.1": 10}) != key
    retitled = copy.deepcopy(snapshot)
    first_action(retitled, 2)["proposal"]["title"] = "Techniekacademie 2.0"
    assert assembly.part_key(retitled, "bijlage-index-3", pages) != key
    # Without a hint the index waits for the chapters' pages; with one, all in parallel.
    assert not any(assembly.is_index(s) for s in assembly.parallel_sections(snapshot))
    hint = {"actie-2.1.1.1": 7, "actie-3.1.1.1": 9}
    assert assembly.parallel_sections(snapshot, hint) == order
    # The cover, the contents and the introduction (foreword, process, vision: a whole pact's
    # only) are sections of their own; the contents print the pages of the others.
    assert order[:3] == ["front", "inhoud", "inleiding"]
    scoped = {**snapshot, "meta": {**snapshot["meta"], "chapter_slug": "chemie"}}
    assert "inleiding" not in assembly.sections(scoped)
    assert assembly.first_numbers(snapshot, "front") is None  # the cover prints no page
    assert list(assembly.first_numbers(snapshot, "inhoud"))[:1] == ["proces"]
    assert "proces" not in assembly.first_numbers(scoped, "inhoud")
    # An index without actions is its heading alone, laid out with the others.
    empty = {**snapshot, "content": {"chapters": [chapter(1)]}}
    assert "bijlage-index" in assembly.parallel_sections(empty)
