"""The answer note rendered by a real Celery worker over Redis."""

import time

import pytest

from consultation import services
from consultation.models import AnswerKind, NoteStatus
from pact import services as pact_services

from .conftest import action_section

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_the_worker_renders_the_answer_note(
    celery_worker, settings, consultation, lead, voka, staff
):
    settings.MEDIA_ROOT = celery_worker.media_root
    pact_services.pact_prepare()
    reaction = services.reaction_create(
        round=consultation,
        organisation=voka,
        kind="comment",
        section_kind="action",
        section_id=action_section(consultation).id,
        body="Graag meer aandacht voor farma.",
        by=lead,
    )
    services.reaction_answer(reaction=reaction, answer=AnswerKind.NO_CHANGE, by=staff)
    services.round_close(round=consultation, by=staff)
    note = services.round_finish(round=consultation, by=staff)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        note.refresh_from_db()
        if note.status in (NoteStatus.READY, NoteStatus.FAILED):
            break
        time.sleep(0.2)
    assert note.status == NoteStatus.READY, note.failure_reason
    assert note.page_count >= 1
