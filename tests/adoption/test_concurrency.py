"""Two signatories of one organisation signing at the same moment give one signature, not two
(the adoption row lock, and the unique constraint behind it). PostgreSQL only."""

import datetime
import threading

import pytest
from django.db import connection, connections

from adoption import services
from adoption.models import Signature
from pact import services as pact_services

from ..factories import UserFactory
from ..pact.factories import OperationalObjectiveFactory, StrategicObjectiveFactory, place

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_signatories_of_one_organisation_sign_at_once(chemie, voka, staff, chair, lead):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    from pact.models import Chapter

    from ..factories import ProposalFactory

    pact_services.pact_prepare()
    chapter = Chapter.objects.get(sector=chemie)
    objective = OperationalObjectiveFactory(
        strategic_objective=StrategicObjectiveFactory(chapter=chapter)
    )
    place(ProposalFactory(sector=chemie, created_by=lead, status="approved"), objective)
    draft = pact_services.draft_request_sync(user=staff)
    adoption = services.adoption_propose(draft=draft, by=staff)
    services.adoption_adopt(adoption=adoption, adopted_on=datetime.date(2026, 11, 30), by=chair)
    colleague = UserFactory(email="ceo@voka.test", name="Carl Chef", organisation=voka)
    people = [lead, colleague]
    for person in people:
        services.signing_right_grant(user=person, function="bestuurder", by=staff)
    barrier = threading.Barrier(len(people))
    signed, refused, errors = [], [], []

    def sign(person):
        try:
            barrier.wait(timeout=10)
            signed.append(services.signature_sign(adoption=adoption, by=person))
        except services.ValidationError as exc:
            refused.append(exc)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(signed) == 1 and len(refused) == 1
    assert "antwoordde al" in str(refused[0])
    assert Signature.objects.filter(adoption=adoption, organisation=voka).count() == 1
