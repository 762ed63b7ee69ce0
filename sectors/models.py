"""Sectors (spearhead sectors and cross-cutting working groups) and the pact's themes."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from streekpact.core.models import TimeStampedModel
from streekpact.core.text import MEDIUM_TEXT, BoundedTextField
from streekpact.partners.models import Organisation


class SectorKind(models.TextChoices):
    SPEARHEAD = "spearhead", _("Spearhead sector")
    WORKING_GROUP = "working_group", _("Cross-cutting working group")


class SectorQuerySet(models.QuerySet):
    def with_leads(self):
        return self.prefetch_related("lead_organisations")

    def led_by(self, organisation):
        return self.filter(lead_organisations=organisation)


class Sector(TimeStampedModel):
    """A chapter-bearing part of the pact, led by one or more partner organisations (trekkers)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = BoundedTextField(_("description"), max_length=MEDIUM_TEXT, blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=SectorKind.choices, default=SectorKind.SPEARHEAD
    )
    lead_organisations = models.ManyToManyField(
        Organisation,
        verbose_name=_("lead organisations (trekkers)"),
        related_name="led_sectors",
        blank=True,
    )
    position = models.PositiveIntegerField(_("position in the pact"), default=0, db_index=True)

    objects = SectorQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("sectors:detail", kwargs={"slug": self.slug})

    def is_led_by(self, organisation_id: int | None) -> bool:
        """True when the organisation is one of this sector's trekkers (uses the prefetch)."""
        if organisation_id is None:
            return False
        return any(org.pk == organisation_id for org in self.lead_organisations.all())


class ThemeQuerySet(models.QuerySet):
    def core(self):
        return self.filter(is_core=True)


class Theme(models.Model):
    """A theme of the pact: the three core themes, plus topics managed by staff."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    is_core = models.BooleanField(
        _("core theme"),
        default=False,
        help_text=_("Talent development, economic growth and sustainability."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    objects = ThemeQuerySet.as_manager()

    class Meta:
        ordering = ["-is_core", "position", "name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.name
