"""Inspiratieateliers: workshops per sector, who registered and came, and what was concluded."""

from collections import Counter

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sectors.models import Sector, Theme
from streekpact.core.models import Attachment as BaseAttachment
from streekpact.core.models import TimeStampedModel
from streekpact.core.text import (
    LONG_TEXT,
    MEDIUM_TEXT,
    SHORT_TEXT,
    BoundedTextField,
    RenderedMarkdownMixin,
    html_field,
)
from streekpact.partners.models import Organisation, OrganisationKind, Role


class AtelierStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    REPORT_PUBLISHED = "report_published", _("Report published")
    CANCELLED = "cancelled", _("Cancelled")


#: Bootstrap colour of each status's badge.
STATUS_TONES = {
    AtelierStatus.PLANNED: "primary",
    AtelierStatus.HELD: "secondary",
    AtelierStatus.REPORT_PUBLISHED: "success",
    AtelierStatus.CANCELLED: "danger",
}


class AtelierQuerySet(models.QuerySet):
    def held(self):
        return self.filter(status__in=[AtelierStatus.HELD, AtelierStatus.REPORT_PUBLISHED])

    def for_sector(self, sector):
        return self.filter(sector=sector)

    def upcoming(self, now=None):
        """Not yet over and not cancelled, soonest first."""
        now = now or timezone.now()
        return self.filter(ends_at__gte=now).exclude(status=AtelierStatus.CANCELLED)

    def in_period(self, start=None, end=None):
        """Starting on or after the date `start` and on or before the date `end` (both optional)."""
        qs = self
        if start:
            qs = qs.filter(starts_at__date__gte=start)
        if end:
            qs = qs.filter(starts_at__date__lte=end)
        return qs

    def past(self, now=None):
        now = now or timezone.now()
        return self.filter(ends_at__lt=now).order_by("-starts_at")

    def with_counts(self):
        """Annotate `registered_count` and `waitlisted_count` (one query for a whole list)."""
        return self.annotate(
            registered_count=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.REGISTERED)
            ),
            waitlisted_count=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)
            ),
        )

    def for_list(self):
        return (
            self.select_related("sector")
            .prefetch_related("lead_organisations", "sector__lead_organisations")
            .with_counts()
        )


class Atelier(RenderedMarkdownMixin, TimeStampedModel):
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
    description = BoundedTextField(
        _("description"), max_length=MEDIUM_TEXT, markdown=True, blank=True
    )
    description_html = html_field()
    agenda = BoundedTextField(_("agenda"), max_length=MEDIUM_TEXT, markdown=True, blank=True)
    agenda_html = html_field()
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    registration_deadline = models.DateTimeField(_("registration deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=AtelierStatus.choices, default=AtelierStatus.PLANNED
    )
    cancellation_message = BoundedTextField(
        _("cancellation message"), max_length=SHORT_TEXT, blank=True
    )
    report_summary = BoundedTextField(
        _("report summary"), max_length=LONG_TEXT, markdown=True, blank=True
    )
    report_summary_html = html_field()
    markdown_fields = ("description", "agenda", "report_summary")
    report_published_at = models.DateTimeField(_("report published at"), null=True, blank=True)
    # RFC 5545 SEQUENCE: bumped on every change a calendar must pick up (time, place, cancel).
    sequence = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

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
            models.CheckConstraint(
                condition=models.Q(registration_deadline__isnull=True)
                | models.Q(registration_deadline__lte=models.F("starts_at")),
                name="atelier_deadline_before_start",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="report_published")
                | models.Q(report_published_at__isnull=False),
                name="atelier_published_report_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def status_tone(self) -> str:
        """The colour of the status badge ({% status_badge %} in core)."""
        return STATUS_TONES.get(self.status, "secondary")

    def get_absolute_url(self) -> str:
        return reverse("ateliers:detail", kwargs={"pk": self.pk})

    @property
    def is_cancelled(self) -> bool:
        return self.status == AtelierStatus.CANCELLED

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def is_over(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def report_is_published(self) -> bool:
        return self.status == AtelierStatus.REPORT_PUBLISHED

    @property
    def effective_deadline(self):
        """Registration closes at the deadline, or when the atelier starts."""
        return self.registration_deadline or self.starts_at

    @property
    def registration_is_open(self) -> bool:
        return self.status == AtelierStatus.PLANNED and timezone.now() < self.effective_deadline

    def participating_organisations(self):
        """Active organisations that took part: registered, attended or were invited.

        Capture mode records contributions only for these (no one acts in the name of an
        organisation that was not there).
        """
        took_part = (
            Q(
                atelier_registrations__atelier=self,
                atelier_registrations__status=RegistrationStatus.REGISTERED,
            )
            | Q(atelier_registrations__atelier=self, atelier_registrations__attended=True)
            | Q(atelier_invitations__atelier=self)
        )
        ids = Organisation.objects.filter(took_part).values("pk")
        return Organisation.objects.active().filter(pk__in=ids).order_by("name")

    @property
    def can_take_attendance(self) -> bool:
        """From the day of the atelier on (local date), unless it was cancelled."""
        if self.is_cancelled:
            return False
        return timezone.localdate() >= timezone.localtime(self.starts_at).date()


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class GuestRole(models.TextChoices):
    SPECIALIST = "specialist", _("Specialist")
    BUSINESS_LEADER = "business_leader", _("Business leader")
    STAKEHOLDER = "stakeholder", _("Stakeholder")
    SPEAKER = "speaker", _("Speaker")
    OTHER = "other", _("Other")


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        """Registered or on the waiting list (not cancelled)."""
        return self.exclude(status=RegistrationStatus.CANCELLED)

    def registered(self):
        return self.filter(status=RegistrationStatus.REGISTERED)

    def waitlisted(self):
        """The waiting list, first come first served."""
        return self.filter(status=RegistrationStatus.WAITLISTED).order_by("queued_at", "pk")

    def attended(self):
        return self.filter(attended=True)

    def attendance_by_kind(self) -> list[tuple[str, int]]:
        """Who came, counted per organisation kind in the order of the kinds, then the RESOC
        secretariat and "Other guests" (people without an organisation). Cancelled registrations
        do not count. The atelier page, the pact document and the insight page count with this."""
        counts: Counter = Counter()
        for _atelier, key, n in self.attendance_by_atelier_and_kind():
            counts[key] += n
        return [(label, counts[key]) for key, label in attendance_kinds() if counts[key]]

    def attendance_by_atelier_and_kind(self) -> list[tuple[int, str, int]]:
        """`(atelier id, kind key, people)` for everyone who came, in one query; the kind keys
        are those of `attendance_kinds()` (so per atelier they add up to `attendance_by_kind`)."""
        rows = (
            self.active()
            .attended()
            .order_by()
            .values("atelier", "organisation__kind", "user__role")
            .annotate(n=Count("pk"))
        )
        counts: Counter = Counter()
        for row in rows:
            if row["organisation__kind"]:
                key = row["organisation__kind"]
            elif row["user__role"] == Role.STAFF:
                key = "_staff"
            else:
                key = "_other"
            counts[(row["atelier"], key)] += row["n"]
        return [(atelier, key, n) for (atelier, key), n in sorted(counts.items())]

    def organisations_by_atelier(self) -> dict[int, int]:
        """How many different organisations came to each atelier (atelier id -> count)."""
        rows = (
            self.active()
            .attended()
            .filter(organisation__isnull=False)
            .order_by()
            .values("atelier")
            .annotate(n=Count("organisation", distinct=True))
        )
        return {row["atelier"]: row["n"] for row in rows}

    def ateliers_by_organisation_and_sector(self) -> list[tuple[int, int, int]]:
        """`(organisation id, sector id, ateliers)`: the ateliers each organisation came to."""
        rows = (
            self.active()
            .attended()
            .filter(organisation__isnull=False)
            .order_by()
            .values("organisation", "atelier__sector")
            .annotate(n=Count("atelier", distinct=True))
        )
        return [(r["organisation"], r["atelier__sector"], r["n"]) for r in rows]


def attendance_kinds() -> list[tuple[str, str]]:
    """The groups attendance is counted in, in order: `(key, label)`."""
    labels = [(kind.value, kind.label) for kind in OrganisationKind]
    return labels + [("_staff", _("RESOC secretariat")), ("_other", _("Other guests"))]


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
    guest_role = models.CharField(
        _("guest role"), max_length=100, blank=True, choices=GuestRole.choices
    )
    guest_organisation = models.CharField(
        _("guest's organisation"),
        max_length=200,
        blank=True,
        help_text=_("For guests from outside the partnership."),
    )
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
    # When the person (re)joined: the waiting list is served in this order.
    queued_at = models.DateTimeField(_("registered at"), default=timezone.now)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

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
            models.UniqueConstraint(
                "atelier",
                models.functions.Lower("guest_email"),
                condition=models.Q(user__isnull=True) & ~models.Q(guest_email=""),
                name="one_registration_per_guest_email",
            ),
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(guest_name=""),
                name="registration_is_user_or_named_guest",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return str(self.user) if self.user_id else self.guest_name

    @property
    def organisation_label(self) -> str:
        if self.organisation_id:
            return str(self.organisation)
        return self.guest_organisation

    @property
    def email(self) -> str:
        return self.user.email if self.user_id else self.guest_email

    @property
    def is_guest(self) -> bool:
        return self.user_id is None


class AtelierInvitation(TimeStampedModel):
    """An invitation to an atelier: a whole partner organisation, or a named external guest.

    Inviting an organisation e-mails its members, who then register themselves. A named guest
    has no account: the invitation adds them to the participant list and e-mails them.
    """

    atelier = models.ForeignKey(
        Atelier, verbose_name=_("atelier"), on_delete=models.CASCADE, related_name="invitations"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="atelier_invitations",
    )
    registration = models.OneToOneField(
        Registration,
        verbose_name=_("guest registration"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitation",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    message = BoundedTextField(_("personal message"), max_length=SHORT_TEXT, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["atelier", "organisation"],
                condition=models.Q(organisation__isnull=False),
                name="one_invitation_per_organisation",
            ),
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=False, registration__isnull=True)
                | models.Q(organisation__isnull=True, registration__isnull=False),
                name="invitation_is_organisation_or_guest",
            ),
        ]

    def __str__(self) -> str:
        if self.organisation_id:
            return str(self.organisation)
        return str(self.registration)


class Conclusion(TimeStampedModel):
    """One conclusion of an atelier's report, with its theme."""

    atelier = models.ForeignKey(
        Atelier, verbose_name=_("atelier"), on_delete=models.CASCADE, related_name="conclusions"
    )
    text = BoundedTextField(_("conclusion"), max_length=MEDIUM_TEXT)
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


class Attachment(BaseAttachment):
    """A file that goes with an atelier's report: slides, photos, a handout."""

    atelier = models.ForeignKey(
        Atelier, verbose_name=_("atelier"), on_delete=models.CASCADE, related_name="attachments"
    )

    class Meta(BaseAttachment.Meta):
        pass

    def upload_folder(self) -> str:
        return f"ateliers/{self.atelier_id}"

    def get_absolute_url(self) -> str:
        return reverse(
            "ateliers:attachment_download", kwargs={"pk": self.atelier_id, "attachment_pk": self.pk}
        )
