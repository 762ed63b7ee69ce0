"""The one attachment service (streekpact.core.attachments) for proposals and atelier reports."""

from datetime import UTC, datetime
from pathlib import Path
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection
from django.db.migrations.executor import MigrationExecutor

from ateliers import services as atelier_services
from ateliers.models import Attachment as AtelierAttachment
from proposals import services as proposal_services
from proposals.models import Attachment as ProposalAttachment
from streekpact.core import attachments
from tests.ateliers.factories import HeldAtelierFactory
from tests.factories import ProposalFactory, UserFactory

PDF = b"%PDF-1.4\n%test\n"


def pdf(name="plan.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def stored_files(settings) -> list[Path]:
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


@pytest.mark.django_db
@pytest.mark.parametrize("owner", ["proposal", "atelier"])
def test_both_kinds_are_stored_alike(owner, settings):
    by = UserFactory()
    if owner == "proposal":
        attachment = proposal_services.attachment_add(
            proposal=ProposalFactory(), by=by, upload=pdf("Plan.PDF")
        )
    else:
        attachment = atelier_services.attachment_add(
            atelier=HeldAtelierFactory(), by=by, uploaded=pdf("Plan.PDF"), title=" Slides "
        )
    attachment.refresh_from_db()
    assert (attachment.content_type, attachment.extension) == ("application/pdf", "pdf")
    assert attachment.original_name == "Plan.PDF"
    assert attachment.file.name.startswith(f"{owner}s/")
    assert attachment.file.name.endswith(".pdf") and "Plan" not in attachment.file.name
    assert attachment.file.read() == PDF
    assert attachment.uploaded_by == by


@pytest.mark.django_db
@pytest.mark.parametrize("model", [ProposalAttachment, AtelierAttachment])
def test_a_row_that_cannot_be_saved_leaves_no_file_behind(model, settings):
    # Before: only the proposal service deleted the file when the row failed after it was written.
    if model is ProposalAttachment:
        attachment = model(proposal=ProposalFactory())
    else:
        attachment = model(atelier=HeldAtelierFactory())
    refused = IntegrityError("refused")
    with mock.patch.object(model, "save", side_effect=refused), pytest.raises(IntegrityError):
        attachments.attachment_store(attachment=attachment, upload=pdf())
    assert stored_files(settings) == []
    assert not model.objects.exists()


@pytest.mark.django_db
def test_a_refused_file_is_never_written(settings):
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00" + b"\x00" * 60)
    with pytest.raises(ValidationError):
        proposal_services.attachment_add(proposal=ProposalFactory(), by=None, upload=fake)
    assert stored_files(settings) == []


@pytest.mark.django_db
def test_deleting_removes_the_file_after_commit(settings, django_capture_on_commit_callbacks):
    attachment = proposal_services.attachment_add(proposal=ProposalFactory(), by=None, upload=pdf())
    with django_capture_on_commit_callbacks(execute=True):
        proposal_services.attachment_delete(attachment=attachment, by=None)
    assert not ProposalAttachment.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_existing_attachments(settings):
    when = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    proposal_file = proposal_services.attachment_add(
        proposal=ProposalFactory(), by=None, upload=pdf()
    )
    atelier_file = atelier_services.attachment_add(
        atelier=HeldAtelierFactory(), by=None, uploaded=pdf("Slides.PDF"), title="Slides"
    )
    ProposalAttachment.objects.update(created_at=when)

    executor = MigrationExecutor(connection)
    try:
        executor.migrate([("proposals", "0005_bounded_text_and_stored_html"),
                          ("ateliers", "0004_bounded_text_and_stored_html")])  # fmt: skip
        with connection.cursor() as cursor:
            cursor.execute("SELECT file FROM proposals_attachment WHERE uploaded_at IS NOT NULL")
            assert cursor.fetchall() == [(proposal_file.file.name,)]
    finally:  # whatever happens, the database goes back to the current schema
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    proposal_file = ProposalAttachment.objects.get()
    assert proposal_file.created_at == proposal_file.updated_at == when
    assert proposal_file.file.read() == PDF
    atelier_file = AtelierAttachment.objects.get()
    assert (atelier_file.title, atelier_file.extension) == ("Slides", "pdf")
