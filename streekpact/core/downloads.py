"""Private files (attachments, rendered drafts), served only by permission-checked views.

One response for all of them: never cached by shared caches, never rendered as a page of the
portal (a sandboxing Content-Security-Policy, so a crafted file cannot run script in our origin),
and a 404 rather than a server error when the file is gone from storage.
"""

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404


def private_file_response(
    file: FieldFile, *, filename: str, content_type: str, inline: bool = False
) -> FileResponse:
    """Stream a stored file to a user the calling view has already authorised."""
    try:
        handle = file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=not inline, filename=filename, content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
