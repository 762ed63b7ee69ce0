"""Building blocks shared by every app."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Adds creation and last-modification timestamps."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


# --- Rendered documents -------------------------------------------------------------------------


class RenderStatus(models.TextChoices):
    """The render lifecycle of a PDF made by the worker (streekpact.core.lifecycle)."""

    QUEUED = "queued", _("Queued")
    RENDERING = "rendering", _("Rendering")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


#: The tone of each render status's badge (docs/design.md).
RENDER_TONES = {
    RenderStatus.QUEUED: "neutral",
    RenderStatus.RENDERING: "info",
    RenderStatus.READY: "success",
    RenderStatus.FAILED: "danger",
}

#: Still to be finished by a worker.
ACTIVE_RENDERS = (RenderStatus.QUEUED, RenderStatus.RENDERING)


class RenderedDocumentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE_RENDERS)

    def ready(self):
        return self.filter(status=RenderStatus.READY)


class RenderedDocument(TimeStampedModel):
    """A document rendered to PDF by the worker: queued → rendering → ready or failed.

    Only `streekpact.core.lifecycle` moves it through these states (claim, heartbeat, failure
    with a reason, stale recovery). A concrete document declares its own `pdf` field (its
    upload folder), and lists `RenderedDocument.lifecycle_constraints(...)` in its Meta.
    """

    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RenderStatus.choices,
        default=RenderStatus.QUEUED,
        db_index=True,
    )
    failure_reason = models.TextField(_("reason of failure"), blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(_("render attempts"), default=0)
    started_at = models.DateTimeField(_("rendering started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        abstract = True

    @staticmethod
    def lifecycle_constraints(app: str, noun: str) -> list[models.CheckConstraint]:
        """A ready document has a PDF, a failed one a reason; named `<app>_ready_<noun>_has_pdf`
        and `<app>_failed_<noun>_has_reason` (the names the tables already carry)."""
        return [
            models.CheckConstraint(
                condition=~models.Q(status="ready") | ~models.Q(pdf=""),
                name=f"{app}_ready_{noun}_has_pdf",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="failed") | ~models.Q(failure_reason=""),
                name=f"{app}_failed_{noun}_has_reason",
            ),
        ]

    @property
    def status_tone(self) -> str:
        """The tone of the status badge ({% status_badge %})."""
        return RENDER_TONES.get(self.status, "neutral")

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_RENDERS


class SentForm(models.Model):
    """A create form that was sent: its one-time token, and where its result lies.

    A second post of the same rendered form (a double click, a resent request, two tabs racing)
    finds the token taken and is led to what the first post created instead of creating it
    again. The row is written in the same transaction as what the form creates, so a post that
    saved nothing leaves the token free.
    """

    token = models.CharField(_("token"), max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
    )
    result_url = models.CharField(_("result"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("sent form")
        verbose_name_plural = _("sent forms")

    def __str__(self) -> str:
        return self.token


class OutboxKind(models.TextChoices):
    """What a user is told will follow when the task service could not take the work yet."""

    MAIL = "mail", _("e-mail")
    RENDER = "render", _("document")
    OTHER = "other", _("other")


class OutboxMessageQuerySet(models.QuerySet):
    def pending(self):
        """Not yet handed over to the task broker."""
        return self.filter(sent_at__isnull=True)


def _new_task_id() -> str:
    return str(uuid.uuid4())


class OutboxMessage(models.Model):
    """Work to be done after a commit, written in the same transaction (a transactional outbox).

    `streekpact.core.outbox` hands it to Celery by task name once the broker answers; the
    Celery task id is `task_id`, so a task can tell which message it runs for.
    """

    task_id = models.CharField(_("task id"), max_length=64, unique=True, default=_new_task_id)
    task_name = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list, blank=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=OutboxKind.choices, default=OutboxKind.OTHER
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("handed over at"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("hand-over attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["sent_at", "created_at"], name="core_outbox_pending_idx")]

    def __str__(self) -> str:
        return f"{self.task_name}{tuple(self.args)}"


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


# --- Notifications --------------------------------------------------------------------------


class Delivery(models.TextChoices):
    """How a person receives one kind of notification (chosen per kind on their profile)."""

    IMMEDIATE = "immediate", _("immediately by e-mail")
    DIGEST = "digest", _("in a daily digest")
    OFF = "off", _("not by e-mail (only in the portal)")


class NotificationPreference(models.Model):
    """A person's choice for one kind of notification; no row means the kind's default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=60)
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="core_notification_pref_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.delivery}"


class Digest(models.Model):
    """The daily digest of one person: at most one per day (the record that it was sent).

    Beat creates it and attaches the waiting notifications in one transaction; the mail task
    sends it once and stamps `sent_at`. A restart of beat or of a worker finds the row and
    neither creates a second digest nor sends this one twice.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="digests",
    )
    day = models.DateField(_("day"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="core_digest_one_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day}"


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def awaiting_digest(self):
        return self.filter(delivery=Delivery.DIGEST, digest__isnull=True)


class Notification(models.Model):
    """One thing that is new for one person: what every mail of the portal also leaves in the
    in-portal list ("what is new for me"), whatever the person chose for e-mail."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=60)
    subject = models.CharField(_("subject"), max_length=300)
    link = models.CharField(_("link"), max_length=500, blank=True)
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices)
    digest = models.ForeignKey(
        Digest,
        verbose_name=_("digest"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "read_at"], name="core_notification_unread_idx"),
            models.Index(fields=["delivery", "digest"], name="core_notification_digest_idx"),
        ]

    def __str__(self) -> str:
        return self.subject
