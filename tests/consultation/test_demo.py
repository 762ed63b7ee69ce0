"""The demo shows the whole consultation cycle: a finished round, its answer note, draft v2."""

import pytest
from django.core.management import call_command

from consultation.models import NoteStatus, Round, RoundStatus
from pact.models import Draft

pytestmark = pytest.mark.django_db


def test_seed_demo_has_a_finished_round_with_its_note_and_the_next_draft(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    consultation = Round.objects.get()
    assert consultation.status == RoundStatus.FINISHED
    assert consultation.note.status == NoteStatus.READY, consultation.note.failure_reason
    assert consultation.reactions.count() == 3
    assert not consultation.reactions.unanswered().exists()
    # The draft after the round (the demo's adoption may freeze a later one).
    latest = Draft.objects.get(pact=consultation.draft.pact, version=consultation.draft.version + 1)
    [reworded] = latest.changes["reworded"]
    assert reworded["because"][0].startswith("gewijzigd na amendement van Voka, A-")
    [annex] = latest.snapshot["annexes"]
    assert annex["title"] == f"Antwoordnota: {consultation.title}"
    call_command("seed_demo")  # idempotent
    assert Round.objects.count() == 1
