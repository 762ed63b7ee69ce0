"""The partnership: organisations, the people who belong to them, their roles, invitations."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from streekpact.core.models import TimeStampedModel


class OrganisationKind(models.TextChoices):
    EMPLOYERS = "employers", _("Employers' organisation")
    UNION = "union", _("Trade union")
    LOCAL_GOVERNMENT = "government", _("Local government")
    EDUCATION = "education", _("Education")
    SECTOR = "sector", _("Sector organisation")
    PUBLIC_SERVICE = "public_service", _("Public service")
    OTHER = "other", _("Other")


def person_label(user) -> str:
    """How a picker shows a person: name and organisation."""
    return f"{user.name} ({user.organisation})" if user.organisation_id else user.name


class OrganisationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Organisation(TimeStampedModel):
    """A partner of the Streekpact: Voka, VDAB, a union, a city, a school…"""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=50, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = [Lower("short_name")]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.short_name

    def get_absolute_url(self) -> str:
        return reverse("partners:organisation_detail", kwargs={"pk": self.pk})


class Role(models.TextChoices):
    STAFF = "staff", _("RESOC staff")
    CHAIR = "chair", _("Chair")
    PARTNER = "partner", _("Partner member")


def new_feed_token() -> str:
    """A random token for a person's calendar-feed link (calendar apps cannot log in)."""
    return secrets.token_urlsafe(32)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("role", Role.STAFF)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who logs in with an e-mail address; belongs to an organisation, has one role.

    `role` is the portal role (RESOC staff, chair, partner member); Django's `is_staff` only
    opens the technical admin and is not used by the portal's permissions.
    """

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(_("full name"), max_length=150)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="members",
        null=True,
        blank=True,
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.PARTNER)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the e-mails you receive."),
    )
    feed_token = models.CharField(
        _("calendar link token"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        default=new_feed_token,
        editable=False,
        help_text=_("Empty when the calendar link was revoked."),
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    objects = UserManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="partner") | models.Q(organisation__isnull=False),
                name="partner_has_organisation",
                violation_error_message=_("A partner member belongs to an organisation."),
            ),
        ]

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email

    @property
    def is_resoc_staff(self) -> bool:
        return self.role == Role.STAFF

    @property
    def is_chair(self) -> bool:
        return self.role == Role.CHAIR


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _default_expiry():
    return timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)


class Invitation(TimeStampedModel):
    """Staff invite a person by e-mail into an organisation; the link lets them set a password.

    Only a hash of the token is stored, so a database leak does not leak working links.
    """

    email = models.EmailField(_("e-mail address"))
    name = models.CharField(_("full name"), max_length=150)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="invitations",
        null=True,
        blank=True,
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.PARTNER)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("expires at"), default=_default_expiry)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="one_pending_invitation_per_email",
            ),
        ]

    def __str__(self) -> str:
        return self.email

    @staticmethod
    def new_token() -> tuple[str, str]:
        """Return (token for the link, hash to store)."""
        token = secrets.token_urlsafe(32)
        return token, _hash_token(token)

    @classmethod
    def find_by_token(cls, token: str):
        return cls.objects.filter(token_hash=_hash_token(token)).first()

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and not self.is_expired


class AuditVerb(models.TextChoices):
    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("deleted")
    STATUS = "status", _("status changed")
    SHARE = "share", _("shared")
    REVOKE = "revoke", _("revoked")
    RENEW = "renew", _("renewed")
    MOVE = "move", _("moved")
    REGISTER = "register", _("registered")
    CANCEL = "cancel", _("cancelled")
    PUBLISH = "publish", _("published")
    ACCEPT = "accept", _("accepted")
    SEND = "send", _("sent")


class AuditEntryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff read every entry; others those about their own organisation's objects."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.role == Role.STAFF:
            return self
        if user.organisation_id is None:
            return self.none()
        return self.filter(organisation_id=user.organisation_id)

    def for_target(self, content_type, object_id):
        return self.filter(target_type=content_type, target_id=str(object_id))

    def with_people(self):
        return self.select_related("actor", "organisation", "target_type")


class AuditEntry(models.Model):
    """One state change: who did what, to which object, when and from which request.

    Written by `streekpact.partners.audit.audit_record` inside the service's transaction, so an
    entry exists exactly when the change was committed. Entries are never changed or deleted:
    `save` refuses an update and `delete` refuses, the portal has no form for them and the admin
    shows them read-only.
    """

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_repr = models.CharField(_("who (as recorded)"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The organisation the object belongs to (its members see this entry)."),
    )
    verb = models.CharField(_("what"), max_length=20, choices=AuditVerb.choices)
    action = models.CharField(_("service"), max_length=60)
    target_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("kind of object"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    target_id = models.CharField(_("object id"), max_length=40)
    target_repr = models.CharField(_("object"), max_length=200)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    request_id = models.CharField(_("request"), max_length=32, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("log entry")
        verbose_name_plural = _("log entries")
        indexes = [models.Index(fields=["target_type", "target_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.actor_repr or '—'} {self.get_verb_display()} {self.target_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Log entries are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Log entries are never deleted.")

    def change_lines(self) -> list[tuple[str, str]]:
        """The changes for reading: `{"from", "to"}` as "old → new", long texts shortened."""

        def show(value) -> str:
            if value in (None, ""):
                return "—"
            if isinstance(value, list):
                value = ", ".join(str(v) for v in value) or "—"
            text = str(value)
            return text if len(text) <= 120 else text[:119] + "…"

        model = self.target_type.model_class()

        def label(field: str) -> str:
            try:
                return str(model._meta.get_field(field).verbose_name)
            except Exception:  # noqa: BLE001 - not a field (e.g. "direction"): the key itself
                return field.replace("_", " ")

        lines = []
        for field, value in (self.changes or {}).items():
            if isinstance(value, dict) and set(value) == {"from", "to"}:
                lines.append((label(field), f"{show(value['from'])} → {show(value['to'])}"))
            else:
                lines.append((label(field), show(value)))
        return lines
