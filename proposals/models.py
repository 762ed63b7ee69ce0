"""Proposals (voorstellen) from the field, the support they gather and their review."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ateliers.models import Atelier
from sectors.models import Sector, Theme
from streekpact.core.models import TimeStampedModel
from streekpact.partners.models import Organisation


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    MERGED = "merged", _("Merged")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ProposalQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=ProposalStatus.APPROVED)

    def for_sector(self, sector):
        return self.filter(sector=sector)

    def public(self):
        """Everything but drafts: what every logged-in partner may see."""
        return self.exclude(status=ProposalStatus.DRAFT)


class Proposal(TimeStampedModel):
    """An idea from the field that may become an action in the pact."""

    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=1000)
    body = models.TextField(_("full text"), blank=True, help_text=_("Markdown is allowed."))
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="proposals"
    )
    atelier = models.ForeignKey(
        Atelier,
        verbose_name=_("atelier"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), related_name="proposals", blank=True
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("submitting organisation"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("authors"), related_name="proposals"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProposalStatus.choices,
        default=ProposalStatus.DRAFT,
        db_index=True,
    )
    # What a pact action needs.
    proposed_actions = models.TextField(_("proposed actions"), blank=True)
    lead_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("lead partner (trekker)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_proposals",
    )
    partner_organisations = models.ManyToManyField(
        Organisation, verbose_name=_("partners"), related_name="partnered_proposals", blank=True
    )
    timing_start = models.DateField(_("from"), null=True, blank=True)
    timing_end = models.DateField(_("to"), null=True, blank=True)
    indicators = models.TextField(_("indicators"), blank=True)
    budget_estimate = models.DecimalField(
        _("budget estimate (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # Review outcome.
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    answer = models.TextField(_("official answer"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_from",
    )

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(timing_end__isnull=True)
                | models.Q(timing_start__isnull=True)
                | models.Q(timing_end__gte=models.F("timing_start")),
                name="proposal_timing_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("proposals:detail", kwargs={"pk": self.pk})

    @property
    def reference(self) -> str:
        """The number a reader of the pact uses to find the source proposal, e.g. V-0042."""
        return f"V-{self.pk:04d}" if self.pk else "V-????"


class Stance(models.TextChoices):
    SUPPORT = "support", _("Support")
    OBJECTION = "objection", _("Objection")
    ABSTENTION = "abstention", _("Abstention")


class Support(TimeStampedModel):
    """An organisation's position on a proposal (draagvlak): one per organisation, changeable."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="supports"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="supports",
    )
    stance = models.CharField(_("position"), max_length=12, choices=Stance.choices)
    reason = models.TextField(_("reason"), blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("declared by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "organisation"], name="one_position_per_organisation"
            ),
            models.CheckConstraint(
                condition=~models.Q(stance="objection") | ~models.Q(reason=""),
                name="objection_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_stance_display()}"


class StatusChange(models.Model):
    """Every status change of a proposal: who, when, why."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=20, choices=ProposalStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=ProposalStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.from_status} -> {self.to_status}"
