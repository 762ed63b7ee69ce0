"""Building blocks shared by every app."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Adds creation and last-modification timestamps."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


def attachment_upload_to(instance: "Attachment", filename: str) -> str:
    """<owner folder>/<random>.<ext>: the stored name is ours (random), never the uploader's, so
    there are no path tricks and no collisions; the original name is kept in a field."""
    import uuid

    suffix = f".{instance.extension}" if instance.extension else ""
    return f"{instance.upload_folder()}/{uuid.uuid4().hex}{suffix}"


class Attachment(TimeStampedModel):
    """The one attachment: a file checked by its content (streekpact.core.uploads), stored
    under a random name, downloaded only through a permission-checked view.

    A concrete attachment adds the foreign key to what it belongs to, `upload_folder()` and
    `get_absolute_url()`; it is written only through streekpact.core.attachments."""

    file = models.FileField(_("file"), upload_to=attachment_upload_to, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=120)
    extension = models.CharField(_("extension"), max_length=10, blank=True)
    size = models.PositiveBigIntegerField(_("size"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title or self.original_name

    def upload_folder(self) -> str:
        raise NotImplementedError
