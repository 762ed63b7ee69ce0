"""Atelier factories on top of the shared ones (tests/factories.py)."""

import datetime as dt

import factory
from django.utils import timezone

from ateliers.models import AtelierInvitation, AtelierStatus, Attachment, RegistrationStatus
from tests.factories import (
    AtelierFactory,
    ConclusionFactory,
    OrganisationFactory,
    RegistrationFactory,
    ThemeFactory,
    UserFactory,
)

__all__ = [
    "AtelierFactory",
    "ConclusionFactory",
    "GuestRegistrationFactory",
    "HeldAtelierFactory",
    "InvitationFactory",
    "OrganisationFactory",
    "RegistrationFactory",
    "ThemeFactory",
    "UserFactory",
    "AttachmentFactory",
]


class HeldAtelierFactory(AtelierFactory):
    """An atelier that took place yesterday."""

    starts_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    status = AtelierStatus.HELD


class GuestRegistrationFactory(RegistrationFactory):
    user = None
    organisation = None
    guest_name = factory.Faker("name", locale="nl_BE")
    guest_email = factory.Sequence(lambda n: f"gast{n}@extern.be")
    status = RegistrationStatus.REGISTERED


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AtelierInvitation

    atelier = factory.SubFactory(AtelierFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attachment

    atelier = factory.SubFactory(HeldAtelierFactory)
    file = factory.django.FileField(filename="slides.pdf", data=b"%PDF-1.4\n%test\n")
    original_name = "slides.pdf"
    content_type = "application/pdf"
    size = 15
