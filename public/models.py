"""Requests to erase an account: the person asks, staff carry it out (public.services)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from streekpact.core.models import TimeStampedModel


class ErasureStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for staff")
    DONE = "done", _("Carried out")


class ErasureRequest(TimeStampedModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="erasure_requests",
    )
    user_repr = models.CharField(_("person (as requested)"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=ErasureStatus.choices, default=ErasureStatus.PENDING
    )
    carried_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("carried out by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    carried_out_at = models.DateTimeField(_("carried out at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="pending"),
                name="public_one_pending_erasure_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_repr} ({self.get_status_display()})"

    @property
    def status_tone(self) -> str:
        return "warning" if self.status == ErasureStatus.PENDING else "success"
