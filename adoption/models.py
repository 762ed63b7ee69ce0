"""Adopting a final version of the pact, and the partner organisations signing it.

An `Adoption` takes a ready whole-pact draft (its frozen snapshot and checksum) as the final
text: proposed by staff or the chair, adopted by the chair with the plenary's date. The draft's
snapshot is copied and never changes again; the live pact stays editable, and a later adoption
(a revision) supersedes an earlier one, whose signatures stay with it. Each organisation answers
once per adoption (`Signature`: signed or declined, a unique constraint). Every PDF of an
adopted version is a numbered `Rendition`, kept: re-rendering after new signatures makes the
next one.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pact.models import Draft, Pact
from streekpact.core.models import (
    RenderedDocument,
    RenderedDocumentQuerySet,
    RenderStatus,
    TimeStampedModel,
)
from streekpact.core.text import SHORT_TEXT, BoundedTextField
from streekpact.partners.models import Organisation


class AdoptionStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed as final")
    ADOPTED = "adopted", _("Adopted")
    WITHDRAWN = "withdrawn", _("Proposal withdrawn")


ADOPTION_TONES = {
    AdoptionStatus.PROPOSED: "progress",
    AdoptionStatus.ADOPTED: "success",
    AdoptionStatus.WITHDRAWN: "closed",
}


class AdoptionQuerySet(models.QuerySet):
    def adopted(self):
        return self.filter(status=AdoptionStatus.ADOPTED)

    def current(self):
        """The version in force: the latest adopted one (None before any adoption)."""
        return self.adopted().select_related("pact").order_by("-adopted_on", "-number").first()


class Adoption(TimeStampedModel):
    """A ready draft proposed as, and then adopted as, the final text of the pact."""

    pact = models.ForeignKey(
        Pact, verbose_name=_("pact"), on_delete=models.PROTECT, related_name="adoptions"
    )
    draft = models.OneToOneField(
        Draft, verbose_name=_("draft"), on_delete=models.PROTECT, related_name="adoption"
    )
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=AdoptionStatus.choices, default=AdoptionStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("adopted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    adopted_on = models.DateField(_("date of the plenary"), null=True, blank=True)
    adopted_at = models.DateTimeField(_("adopted at"), null=True, blank=True)
    #: The frozen snapshot (the draft's, with the final status line), copied once at adoption.
    snapshot = models.JSONField(_("frozen content"), default=dict)
    checksum = models.CharField(_("checksum of the adopted text (SHA-256)"), max_length=64)
    partial_signing = models.BooleanField(
        _("organisations may sign only their own chapters"), default=False
    )
    reminded_at = models.DateTimeField(_("last reminder"), null=True, blank=True)

    objects = AdoptionQuerySet.as_manager()

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        constraints = [
            models.UniqueConstraint(
                fields=["pact", "number"], name="adoption_number_unique_per_pact"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="adopted")
                | (models.Q(adopted_on__isnull=False) & models.Q(number__isnull=False)),
                name="adoption_adopted_has_date_and_number",
            ),
            # One proposal at a time: a second one waits for the chair's decision.
            models.UniqueConstraint(
                fields=["pact"],
                condition=models.Q(status="proposed"),
                name="adoption_one_open_proposal",
            ),
        ]

    def __str__(self) -> str:
        if self.status == AdoptionStatus.ADOPTED:
            return f"{self.pact} — definitieve versie {self.number}"
        return f"{self.pact} — ontwerp versie {self.draft.version} (voorgesteld)"

    def get_absolute_url(self) -> str:
        return reverse("adoption:detail", kwargs={"pk": self.pk})

    @property
    def status_tone(self) -> str:
        return ADOPTION_TONES.get(self.status, "neutral")

    @property
    def is_adopted(self) -> bool:
        return self.status == AdoptionStatus.ADOPTED

    @property
    def content(self) -> dict:
        return self.snapshot.get("content") or {}

    @property
    def status_line(self) -> str:
        return (self.snapshot.get("meta") or {}).get("status_line", "")


class SigningRightQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, user__is_active=True)

    def with_people(self):
        return self.select_related("user", "organisation", "granted_by")


class SigningRight(TimeStampedModel):
    """A member of an organisation who may sign the pact on its behalf (granted by staff)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signatory"),
        on_delete=models.CASCADE,
        related_name="signing_rights",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="signing_rights",
    )
    function = models.CharField(
        _("function"), max_length=150, help_text=_("For example: gedelegeerd bestuurder.")
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = SigningRightQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "pk"]
        verbose_name = _("signing right")
        verbose_name_plural = _("signing rights")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(revoked_at__isnull=True),
                name="adoption_one_active_signing_right_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.function}, {self.organisation})"


class Decision(models.TextChoices):
    SIGNED = "signed", _("Signed")
    DECLINED = "declined", _("Declined")


class SignatureScope(models.TextChoices):
    WHOLE = "whole", _("The whole pact")
    CHAPTERS = "chapters", _("Only the chapters the organisation takes part in")


class SignatureQuerySet(models.QuerySet):
    def signed(self):
        return self.filter(decision=Decision.SIGNED)

    def declined(self):
        return self.filter(decision=Decision.DECLINED)

    def with_people(self):
        return self.select_related("organisation", "signed_by")


class Signature(TimeStampedModel):
    """One organisation's answer to one adopted version: signed (with the checksum of the text
    signed) or declined (with a reason). Kept as a legal record: the signatory's name and
    function are copied, so erasing an account does not erase the signature."""

    adoption = models.ForeignKey(
        Adoption,
        verbose_name=_("adopted version"),
        on_delete=models.PROTECT,
        related_name="signatures",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="pact_signatures",
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="pact_signatures",
    )
    signer_name = models.CharField(_("name of the signatory"), max_length=150)
    function = models.CharField(_("function"), max_length=150)
    scope = models.CharField(
        _("scope"), max_length=10, choices=SignatureScope.choices, default=SignatureScope.WHOLE
    )
    chapters = models.JSONField(_("chapters signed"), default=list, blank=True)
    checksum = models.CharField(
        _("checksum of the signed text (SHA-256)"), max_length=64, blank=True
    )
    reason = BoundedTextField(_("reason"), max_length=SHORT_TEXT, blank=True)
    at = models.DateTimeField(_("when"))

    objects = SignatureQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(
                fields=["adoption", "organisation"], name="adoption_one_answer_per_organisation"
            ),
            models.CheckConstraint(
                condition=~models.Q(decision="signed") | ~models.Q(checksum=""),
                name="adoption_signature_has_checksum",
            ),
            models.CheckConstraint(
                condition=~models.Q(decision="declined") | ~models.Q(reason=""),
                name="adoption_decline_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.get_decision_display()}"


#: A rendition's render status: the one render lifecycle (streekpact.core.lifecycle).
RenditionStatus = RenderStatus


def rendition_upload_to(instance, filename: str) -> str:
    return f"pact/final/{filename}"


class RenditionQuerySet(RenderedDocumentQuerySet):
    def latest_ready(self):
        return self.ready().order_by("-number").first()


class Rendition(RenderedDocument):
    """A numbered PDF of an adopted version, with the signatures known when it was made."""

    adoption = models.ForeignKey(
        Adoption,
        verbose_name=_("adopted version"),
        on_delete=models.PROTECT,
        related_name="renditions",
    )
    number = models.PositiveIntegerField(_("number"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    #: The signing block printed on the signature page (frozen when the rendition was asked).
    signing = models.JSONField(_("signature page"), default=dict)
    signing_checksum = models.CharField(max_length=64)
    pdf = models.FileField(_("PDF"), upload_to=rendition_upload_to, blank=True)

    objects = RenditionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        verbose_name = _("rendition")
        verbose_name_plural = _("renditions")
        constraints = [
            models.UniqueConstraint(
                fields=["adoption", "number"], name="adoption_rendition_number_unique"
            ),
            *RenderedDocument.lifecycle_constraints("adoption", "rendition"),
        ]

    def __str__(self) -> str:
        return f"{self.adoption} — weergave {self.number}"

    @property
    def filename(self) -> str:
        return f"streekpact-definitief-v{self.adoption.number}-{self.number}.pdf"

    def snapshot(self) -> dict:
        """What the renderer reads: the adopted snapshot with this rendition's signature page."""
        snapshot = dict(self.adoption.snapshot)
        snapshot["meta"] = {**snapshot["meta"], "signing": self.signing, "rendition": self.number}
        return snapshot
