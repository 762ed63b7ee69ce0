"""Counts on the atelier pages read as Dutch: the plural follows the number it belongs to."""

import pytest

from tests.factories import AtelierFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("capacity", "taken", "expected"),
    [
        (25, 1, "1 van 25 plaatsen ingenomen"),
        (1, 1, "1 van 1 plaats ingenomen"),
        (25, 0, "0 van 25 plaatsen ingenomen"),
    ],
)
def test_places_taken_follow_the_capacity(client_for, chemie, capacity, taken, expected):
    atelier = AtelierFactory(sector=chemie, capacity=capacity)
    for _ in range(taken):
        RegistrationFactory(atelier=atelier)
    text = " ".join(client_for("staff").get(atelier.get_absolute_url()).content.decode().split())
    assert expected in text


def test_the_waiting_list_in_the_atelier_list(client_for, chemie):
    atelier = AtelierFactory(sector=chemie, capacity=1)
    RegistrationFactory(atelier=atelier)
    RegistrationFactory(atelier=atelier, status="waitlisted")
    text = client_for("staff").get("/ateliers/").content.decode()
    assert "(+1 op de wachtlijst)" in text
