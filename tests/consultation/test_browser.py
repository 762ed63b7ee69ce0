"""Browser journey (real Chromium, real Celery worker): a consultation round from opening to
the answer note, and draft v2 naming the amendment that was taken over."""

import subprocess
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from consultation.models import NoteStatus, Reaction, Round
from pact.models import Action, Draft, DraftStatus

from ..browser import axe_violations, logout
from ..pact.test_browser import login
from .conftest import make_ready_draft

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def pdf_text(path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def react(page, consultation, kind, section_kind, section_id, fill):
    page.goto(consultation.get_absolute_url())
    page.locator(
        f'a[href="/consultation/{consultation.pk}/react/{section_kind}/{section_id}/"]'
    ).click()
    page.locator(f"input[name=kind][value={kind}]").check()
    for selector, value in fill.items():
        if value is True:
            page.locator(selector).check()
        else:
            page.locator(selector).fill(value)
    page.locator("input[name=save]").click()
    page.wait_for_url(lambda url: urlsplit(url).path == f"/consultation/{consultation.pk}/")


def test_a_round_from_opening_to_the_answer_note_and_draft_v2(
    page, celery_worker, settings, staff, lead, partner, farmer, outsider, placed, tmp_path
):
    settings.MEDIA_ROOT = celery_worker.media_root
    v1 = make_ready_draft(staff)
    action = placed[0]
    objective = action.operational_objective.strategic_objective
    chapter = objective.chapter

    # 1. Staff open a round on draft v1, from the draft's page: every partner but ACV, left
    # out with the organisation search (the page lists no organisation).
    login(page, staff.email)
    page.goto(f"/pact/drafts/{v1.pk}/")
    page.locator(f'a[href="/consultation/new/?draft={v1.pk}"]').click()
    page.locator("#id_title").fill("Consultatie ontwerp v1")
    page.locator("#id_closes_on").fill((timezone.localdate() + timedelta(days=7)).isoformat())
    assert page.locator("select[name=organisations] option").count() == 0
    assert axe_violations(page) == []
    page.get_by_label("Alle partners behalve de organisaties die je hieronder kiest").check()
    page.locator("#id_organisations-ts-control").fill("AC")
    page.locator("#id_organisations-ts-dropdown .option", has_text="ACV").click()
    page.locator("input[name=open]").click()
    page.wait_for_url("**/consultation/*/")
    consultation = Round.objects.get()
    invited = consultation.invitations.values_list("organisation__short_name", flat=True)
    assert set(invited) == {"Voka", "VDAB", "Boerenbond"}  # every partner but ACV
    logout(page)

    # 2. Voka amends an action of "Chemie en farma"; VDAB comments on an objective; Boerenbond
    # declares reservations on the chapter.
    login(page, lead.email)
    react(
        page,
        consultation,
        "amendment",
        "action",
        action.pk,
        {"#id_proposed_title": "Regionale stagebank chemie en farma", "#id_body": "Breder."},
    )
    assert "Regionale" in page.locator(".diff ins").first.inner_text()
    logout(page)
    login(page, partner.email)
    react(
        page,
        consultation,
        "comment",
        "objective",
        objective.pk,
        {"#id_body": "Denk ook aan zij-instromers."},
    )
    assert page.get_by_text("Voka").count() >= 1  # the others' reactions are visible
    assert axe_violations(page) == []
    logout(page)
    login(page, farmer.email)
    react(
        page,
        consultation,
        "position",
        "chapter",
        chapter.pk,
        {"input[name=stance][value=reservations]": True, "#id_body": "Landbouw ontbreekt."},
    )
    logout(page)

    # 3. Staff answer all three and apply Voka's amendment.
    amendment = Reaction.objects.get(kind="amendment")
    answers = {
        amendment.pk: ("taken_over", ""),
        Reaction.objects.get(kind="comment").pk: ("partly", "Zij-instromers komen erbij."),
        Reaction.objects.get(kind="position").pk: ("not_taken_over", "Eigen hoofdstuk."),
    }
    login(page, staff.email)
    for pk, (answer, text) in answers.items():
        page.goto(f"/consultation/{consultation.pk}/reactions/{pk}/answer/")
        if pk == amendment.pk:
            assert axe_violations(page) == []
        page.locator(f"input[name=answer][value={answer}]").check()
        page.locator("#id_answer_text").fill(text)
        page.locator("input[name=save_answer]").click()
        page.wait_for_url(f"**/reactions/{pk}/answer/")
    page.goto(f"/consultation/{consultation.pk}/reactions/{amendment.pk}/answer/")
    page.locator("button[name=apply]").click()
    page.wait_for_url(f"**/reactions/{amendment.pk}/answer/")
    assert Action.objects.get(pk=action.pk).title == "Regionale stagebank chemie en farma"

    # 4. The round closes; staff finish it; the worker renders the answer note.
    page.goto(f"/consultation/{consultation.pk}/manage/")
    page.locator("#id_close-notice").fill("Alle reacties zijn binnen.")
    page.locator("input[name=close]").click()
    page.wait_for_url(f"**/consultation/{consultation.pk}/")
    page.goto(f"/consultation/{consultation.pk}/manage/")
    page.locator("button[name=finish]").click()
    page.wait_for_url(f"**/consultation/{consultation.pk}/")
    # The page polls the note's status (htmx) until the worker has rendered it.
    page.locator("#note-download").wait_for(timeout=90_000)
    assert Round.objects.get().note.status == NoteStatus.READY
    with page.expect_download() as info:
        page.locator("#note-download").click()
    note_path = tmp_path / "antwoordnota.pdf"
    info.value.save_as(note_path)

    # 5. The texts, checked with pdftotext: the note, and draft v2's change list.
    note = pdf_text(note_path)
    assert "Antwoordnota" in note
    assert amendment.reference in note and "Overgenomen" in note
    assert "Denk ook aan zij-instromers." in note and "Zij-instromers komen erbij." in note
    assert "Wij hebben bedenkingen" in note and "Eigen hoofdstuk." in note

    page.goto("/pact/")
    page.locator('form[action="/pact/drafts/request/"] button[type=submit]').first.click()
    page.wait_for_url("**/pact/drafts/*/")
    page.locator("#draft-download").wait_for(timeout=90_000)
    v2 = Draft.objects.get(version=2)
    assert v2.status == DraftStatus.READY
    label = f"gewijzigd na amendement van Voka, {amendment.reference}"
    assert page.get_by_text(label).count() == 1
    with page.expect_download() as info:
        page.locator("#draft-download").click()
    v2_path = tmp_path / "v2.pdf"
    info.value.save_as(v2_path)
    v2_text = pdf_text(v2_path)
    assert label in v2_text
    # The answer note is an annex of draft v2.
    assert "Bijlage 4. Antwoordnota: Consultatie ontwerp v1" in v2_text
    assert "Zij-instromers komen erbij." in v2_text
