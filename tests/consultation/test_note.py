"""The answer note: frozen when the round is finished, rendered to a tagged PDF (pdftotext,
qpdf, the pdfua checker), its status guard, stale recovery; and the note's download matrix."""

import shutil
import subprocess
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from consultation import services
from consultation.models import AnswerKind, AnswerNote, NoteStatus

from ..pdfua import pdfua_problems
from .conftest import action_section

pytestmark = pytest.mark.django_db

needs_tools = pytest.mark.skipif(
    not shutil.which("pdftotext") or not shutil.which("qpdf"),
    reason="poppler-utils and qpdf are needed",
)


def pdftotext(path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def finished(consultation, lead, voka, staff):
    reaction = services.reaction_create(
        round=consultation,
        organisation=voka,
        kind="amendment",
        section_kind="action",
        section_id=action_section(consultation).id,
        proposed_title="Regionale stagebank chemie",
        body="Ook voor <script>farma</script>.",
        by=lead,
    )
    services.reaction_answer(
        reaction=reaction,
        answer=AnswerKind.PARTLY,
        answer_text="We nemen de regionale aanpak over.",
        by=staff,
    )
    services.round_close(round=consultation, by=staff)
    note = services.round_finish(round=consultation, by=staff)
    return note, reaction


@needs_tools
def test_the_note_is_rendered_once_with_every_reaction_and_its_answer(finished):
    note, reaction = finished
    done = services.note_render(note_pk=note.pk)
    assert done.status == NoteStatus.READY, done.failure_reason
    assert services.note_render(note_pk=note.pk) is None  # claimed: a second message does nothing
    text = " ".join(pdftotext(done.pdf.path).split())
    assert "Antwoordnota" in text and "niet definitief" not in text
    assert reaction.reference in text and "Voka" in text
    assert "Regionale" in text and "Deels overgenomen" in text
    assert "We nemen de regionale aanpak over." in text
    assert "Ook voor ." in text and "script" not in text  # raw HTML dropped by the sanitiser
    assert subprocess.run(["qpdf", "--check", done.pdf.path], capture_output=True).returncode == 0
    assert pdfua_problems(done.pdf.path) == []


def test_a_note_whose_worker_died_is_queued_again_then_given_up(finished, settings):
    note, _reaction = finished
    long_ago = timezone.now() - timedelta(seconds=settings.PACT_STALE_AFTER_SECONDS + 10)
    AnswerNote.objects.filter(pk=note.pk).update(
        status=NoteStatus.RENDERING, heartbeat_at=long_ago, attempts=1
    )
    [recovered] = services.notes_recover_stale()
    assert recovered.status == NoteStatus.QUEUED and recovered.task_id != note.task_id
    AnswerNote.objects.filter(pk=note.pk).update(
        status=NoteStatus.RENDERING,
        heartbeat_at=long_ago,
        attempts=settings.PACT_MAX_RENDER_ATTEMPTS,
    )
    [given_up] = services.notes_recover_stale()
    assert given_up.status == NoteStatus.FAILED and given_up.failure_reason


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("staff", 200),
        ("chair", 200),
        ("lead", 200),
        ("partner", 200),
        ("outsider", 404),
        ("anonymous", 302),
    ],
)
def test_the_note_download_matrix(client_for, finished, role, status):
    note, _reaction = finished
    AnswerNote.objects.filter(pk=note.pk).update(
        status=NoteStatus.READY, pdf="consultation/notes/n.pdf"
    )
    from django.core.files.storage import default_storage

    default_storage.save("consultation/notes/n.pdf", __import__("io").BytesIO(b"%PDF-1.7"))
    response = client_for(role).get(reverse("consultation:note_download", args=[note.round_id]))
    assert response.status_code == status


@needs_tools
def test_the_next_draft_carries_the_answer_note_as_an_annex(finished, staff):
    from pact import services as pact_services

    note, reaction = finished
    services.note_render(note_pk=note.pk)
    v2 = pact_services.draft_request_sync(user=staff)
    assert v2.status == "ready", v2.failure_reason
    text = " ".join(pdftotext(v2.pdf.path).split())
    assert "Bijlage 4. Antwoordnota: Consultatie ontwerp v1" in text
    assert "We nemen de regionale aanpak over." in text
    assert pdfua_problems(v2.pdf.path) == []


@pytest.mark.parametrize(
    ("role", "status"),
    [("staff", 200), ("chair", 200), ("partner", 200), ("outsider", 404), ("anonymous", 302)],
)
def test_the_note_status_fragment_polls_while_queued(client_for, finished, role, status):
    response = client_for(role).get(
        reverse("consultation:note_status", args=[finished[0].round_id])
    )
    assert response.status_code == status
    if status == 200:
        assert "every 2s" in response.text  # queued: the page keeps asking
