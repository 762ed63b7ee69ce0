"""Cancelling a registration is the rule `ateliers.cancel_registration` (no check in the view)."""

import pytest

from ateliers.models import RegistrationStatus

from ..factories import RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["staff", "chair", "lead", "partner", "outsider"])
def test_everyone_may_cancel_their_own_registration(client_for, cast, role, atelier):
    registration = RegistrationFactory(atelier=atelier, user=cast[role])
    response = client_for(role).post(
        f"/ateliers/{atelier.pk}/registrations/{registration.pk}/cancel/"
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("staff", True), ("lead", True), ("outsider", True), ("chair", False), ("partner", False)],
)
def test_the_rule_and_the_buttons_agree(client_for, cast, role, allowed, atelier, acv):
    """An ACV member's registration: ACV colleagues (outsider) and the managers may cancel it."""
    registration = RegistrationFactory(atelier=atelier, user__organisation=acv, organisation=acv)
    user = cast[role]
    assert user.has_perm("ateliers.cancel_registration", registration) is allowed
    page = client_for(role).get(f"/ateliers/{atelier.pk}/").content.decode()
    cancel_url = f"/ateliers/{atelier.pk}/registrations/{registration.pk}/cancel/"
    assert (cancel_url in page) is allowed


def test_anonymous_is_sent_to_log_in(client, atelier):
    registration = RegistrationFactory(atelier=atelier)
    response = client.post(f"/ateliers/{atelier.pk}/registrations/{registration.pk}/cancel/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.REGISTERED
