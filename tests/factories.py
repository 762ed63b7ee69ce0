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


# --- Core factories of the higher apps, shared by their tests --------------------------------
# (each app may add more in tests/<app>/factories.py)

import datetime as _dt  # noqa: E402

from django.utils import timezone  # noqa: E402

from ateliers.models import Atelier, AtelierStatus, Conclusion, Registration  # noqa: E402
from proposals.models import Proposal, ProposalStatus, Stance, Support  # noqa: E402


class AtelierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Atelier
        skip_postgeneration_save = True

    sector = factory.SubFactory(SectorFactory)
    title = factory.Sequence(lambda n: f"Inspiratieatelier {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + _dt.timedelta(days=14))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + _dt.timedelta(hours=3))
    location = "Lamot, Van Beethovenstraat 8, 2800 Mechelen"
    status = AtelierStatus.PLANNED

    @factory.post_generation
    def leads(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            obj.lead_organisations.set(extracted)


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    atelier = factory.SubFactory(AtelierFactory)
    user = factory.SubFactory(UserFactory)
    organisation = factory.LazyAttribute(lambda o: o.user.organisation if o.user else None)


class ConclusionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conclusion

    atelier = factory.SubFactory(AtelierFactory)
    text = factory.Sequence(
        lambda n: f"Conclusie {n}: bedrijfsleven en onderwijs op elkaar afstemmen"
    )


class ProposalFactory(factory.django.DjangoModelFactory):
    """A proposal; pass `authors=[user]` to set its authors (default: created_by)."""

    class Meta:
        model = Proposal
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Voorstel {n}: stages in de chemie")
    summary = "Meer werkplekleren voor leerlingen uit de regio."
    body = "Bedrijven en scholen werken samen aan **stages**."
    sector = factory.SubFactory(SectorFactory)
    created_by = factory.SubFactory(UserFactory)
    organisation = factory.LazyAttribute(lambda o: o.created_by.organisation)
    status = ProposalStatus.DRAFT
    proposed_actions = "Een stagebank opzetten."
    indicators = "Aantal stageplaatsen per jaar."

    @factory.lazy_attribute
    def answer(self):
        # A decision comes with an official answer (a rejection must have one).
        if self.status in (ProposalStatus.APPROVED, ProposalStatus.REJECTED):
            return "Antwoord van RESOC Mechelen op dit voorstel."
        return ""

    @factory.lazy_attribute
    def submitted_at(self):
        return None if self.status == ProposalStatus.DRAFT else timezone.now()

    @factory.post_generation
    def authors(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.authors.set(extracted or ([obj.created_by] if obj.created_by else []))


class SupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Support

    proposal = factory.SubFactory(ProposalFactory, status=ProposalStatus.SUBMITTED)
    organisation = factory.SubFactory(OrganisationFactory)
    stance = Stance.SUPPORT
