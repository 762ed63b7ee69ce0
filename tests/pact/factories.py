"""Factories for the pact: objectives and actions placed from approved proposals."""

import factory

from pact import services
from pact.models import Chapter, OperationalObjective, StrategicObjective
from proposals.models import ProposalStatus

from ..factories import ProposalFactory


class ApprovedProposalFactory(ProposalFactory):
    status = ProposalStatus.APPROVED


class StrategicObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrategicObjective

    chapter = factory.LazyFunction(lambda: Chapter.objects.first())
    title = factory.Sequence(lambda n: f"Strategische doelstelling {n}")
    position = factory.Sequence(lambda n: n)


class OperationalObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OperationalObjective

    strategic_objective = factory.SubFactory(StrategicObjectiveFactory)
    title = factory.Sequence(lambda n: f"Operationele doelstelling {n}")
    position = factory.Sequence(lambda n: n)


def place(proposal, objective, **overrides):
    """Place a proposal as an action through the service, pre-filled like the form does."""
    initial = services.action_initial_from_proposal(proposal)
    from streekpact.partners.models import Organisation

    fields = {
        "title": initial["title"],
        "description": initial["description"],
        "trekker": Organisation.objects.filter(pk=initial["trekker"]).first(),
        "partners": initial["partners"],
        "timing_start": initial["timing_start"],
        "timing_end": initial["timing_end"],
        "indicators": initial["indicators"],
        "budget": initial["budget"],
        **overrides,
    }
    return services.action_place(proposal=proposal, operational_objective=objective, **fields)
