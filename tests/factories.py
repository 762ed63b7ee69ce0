"""Factories for the partnership and sectors; apps add theirs in tests/<app>/factories.py."""

import factory
from django.utils.text import slugify

from sectors.models import Sector, SectorKind, Theme
from streekpact.partners.models import Organisation, OrganisationKind, Role, User

PASSWORD = "a-long-test-password-42"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("short_name",)

    name = factory.Sequence(lambda n: f"Partnerorganisatie {n}")
    short_name = factory.Sequence(lambda n: f"PO{n}")
    kind = OrganisationKind.OTHER


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.be")
    name = factory.Faker("name", locale="nl_BE")
    role = Role.PARTNER
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class StaffFactory(UserFactory):
    role = Role.STAFF
    organisation = None


class ChairFactory(UserFactory):
    role = Role.CHAIR
    organisation = None


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Sector {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = SectorKind.SPEARHEAD
    position = factory.Sequence(lambda n: n)

    @factory.post_generation
    def leads(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            obj.lead_organisations.set(extracted)


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Thema {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
