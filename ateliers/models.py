"""Inspiratieateliers: workshops per sector, who registered and came, and what was concluded."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sectors.models import Sector, Theme
from streekpact.core.models import TimeStampedModel
from streekpact.partners.models import Organisation


class AtelierStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    REPORT_PUBLISHED = "report_published", _("Report published")
    CANCELLED = "cancelled", _("Cancelled")


class AtelierQuerySet(models.QuerySet):
    def held(self):
        return self.filter(status__in=[AtelierStatus.HELD, AtelierStatus.REPORT_PUBLISHED])

    def for_sector(self, sector):
        return self.filter(sector=sector)


class Atelier(TimeStampedModel):
    """An inspiration workshop for one sector."""

    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="ateliers"
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    location = models.CharField(_("location (address)"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    lead_organisations = models.ManyToManyField(
        Organisation, verbose_name=_("lead organisations"), related_name="led_ateliers", blank=True
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="facilitated_ateliers",
    )
    description = models.TextField(_("description"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    registration_deadline = models.DateTimeField(_("registration deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=AtelierStatus.choices, default=AtelierStatus.PLANNED
    )
    cancellation_message = models.TextField(_("cancellation message"), blank=True)
    report_summary = models.TextField(_("report summary"), blank=True)
    report_published_at = models.DateTimeField(_("report published at"), null=True, blank=True)

    objects = AtelierQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("atelier")
        verbose_name_plural = _("ateliers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="atelier_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("ateliers:detail", kwargs={"pk": self.pk})


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class Registration(TimeStampedModel):
    """A participant of an atelier: a portal user or a named external guest."""

    atelier = models.ForeignKey(
        Atelier, verbose_name=_("atelier"), on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="atelier_registrations",
    )
    guest_name = models.CharField(_("guest name"), max_length=150, blank=True)
    guest_email = models.EmailField(_("guest e-mail"), blank=True)
    guest_role = models.CharField(_("guest role"), max_length=100, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="atelier_registrations",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.REGISTERED,
    )
    attended = models.BooleanField(_("attended"), default=False)
    walk_in = models.BooleanField(_("walk-in"), default=False)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["atelier", "user"],
                condition=models.Q(user__isnull=False),
                name="one_registration_per_user",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return str(self.user) if self.user_id else self.guest_name


class Conclusion(TimeStampedModel):
    """One conclusion of an atelier's report, with its theme."""

    atelier = models.ForeignKey(
        Atelier, verbose_name=_("atelier"), on_delete=models.CASCADE, related_name="conclusions"
    )
    text = models.TextField(_("conclusion"))
    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), on_delete=models.SET_NULL, null=True, blank=True
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("conclusion")
        verbose_name_plural = _("conclusions")

    def __str__(self) -> str:
        return self.text[:80]
