"""Uploaded files (attachments of proposals and atelier reports), checked by their content.

One rule for the whole portal: a file's type is decided by its first bytes (filetype's magic
numbers), never by its name or the browser's Content-Type, and the name's extension must agree
with the content, so an executable renamed to .pdf is refused. Size is capped by
settings.ATTACHMENT_MAX_BYTES.
"""

from pathlib import PurePath

import filetype
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

#: What may be attached, as sniffed from the content: MIME type -> accepted file name extensions.
ALLOWED_TYPES = {
    "application/pdf": {"pdf"},
    "application/msword": {"doc"},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {"docx"},
    "application/vnd.ms-excel": {"xls"},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"xlsx"},
    "application/vnd.ms-powerpoint": {"ppt"},
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": {"pptx"},
    "application/vnd.oasis.opendocument.text": {"odt"},
    "application/vnd.oasis.opendocument.spreadsheet": {"ods"},
    "application/vnd.oasis.opendocument.presentation": {"odp"},
    "image/jpeg": {"jpg", "jpeg"},
    "image/png": {"png"},
    "image/gif": {"gif"},
    "image/webp": {"webp"},
}
#: Old Office formats share one container (OLE2); filetype may report any of them.
_OLE_FAMILY = {"doc", "xls", "ppt"}


def check_upload(upload) -> tuple[str, str]:
    """Validate an uploaded file by size and by content; return (MIME type, extension)."""
    limit = settings.ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    accepted = ", ".join(sorted({e for exts in ALLOWED_TYPES.values() for e in exts}))
    if kind is None or kind.mime not in ALLOWED_TYPES:
        raise ValidationError(
            _("This type of file is not accepted. Accepted: %(types)s.") % {"types": accepted},
            code="type",
        )
    name_ext = PurePath(upload.name).suffix.lower().lstrip(".")
    expected = ALLOWED_TYPES[kind.mime]
    if name_ext not in expected and not (name_ext in _OLE_FAMILY and kind.extension in _OLE_FAMILY):
        raise ValidationError(
            _("The file is called “%(name)s” but its content is a %(kind)s file.")
            % {"name": upload.name, "kind": kind.extension.upper()},
            code="disguised",
        )
    return kind.mime, (
        name_ext if name_ext in expected or name_ext in _OLE_FAMILY else kind.extension
    )


class AttachmentField(forms.FileField):
    """A file field that refuses what check_upload refuses, with its message on the field."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and hasattr(upload, "size"):
            check_upload(upload)
        return upload
