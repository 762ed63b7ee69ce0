"""The one attachment service: every attachment (proposal, atelier report) is stored and removed
here, so that each gets the same content check and leaves no file without a row behind.
"""

from typing import TypeVar

from django.db import transaction

from .models import Attachment
from .uploads import check_upload

A = TypeVar("A", bound=Attachment)


def attachment_store(*, attachment: A, upload) -> A:
    """Check `upload` by size and content (ValidationError saying why), then save the file and
    the row. If the row cannot be saved, the file just written is deleted again, so a failure
    never leaves a half-saved file in the media folder."""
    content_type, extension = check_upload(upload)
    name = (upload.name or "bestand").replace("/", "_").replace("\\", "_")[-255:]
    attachment.original_name = name
    attachment.content_type = content_type
    attachment.extension = extension
    attachment.size = upload.size
    attachment.title = (attachment.title or "").strip()
    attachment.file.save(name, upload, save=False)
    try:
        with transaction.atomic():
            attachment.save()
    except BaseException:
        attachment.file.delete(save=False)
        raise
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: Attachment) -> None:
    """Delete the row now and its file once the deletion is committed (never the other way
    round: a rolled-back deletion keeps its file)."""
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))
