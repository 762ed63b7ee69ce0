"""The participant list: hostile names of people and organisations stay text."""

import csv
import io

import pytest

from tests.factories import OrganisationFactory, UserFactory

from .factories import AtelierFactory, GuestRegistrationFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_participant_list_neutralises_every_formula(client, staff, chemie):
    atelier = AtelierFactory(sector=chemie)
    organisation = OrganisationFactory(name="-1+1 Land", short_name="-1+1 Land")
    RegistrationFactory(atelier=atelier, user=UserFactory(name="@Piet", organisation=organisation))
    GuestRegistrationFactory(
        atelier=atelier,
        guest_name='=HYPERLINK("http://evil.example","Klik")',
        guest_organisation="+Janssen",
        guest_email="\t=1+1@example.be",
    )
    client.force_login(staff)
    response = client.get(f"/ateliers/{atelier.pk}/participants.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 3
    cells = {cell for row in rows[1:] for cell in row}
    assert {
        "'-1+1 Land",
        "'@Piet",
        '\'=HYPERLINK("http://evil.example","Klik")',
        "'+Janssen",
        "'\t=1+1@example.be",
    } <= cells
    assert not [cell for cell in cells if cell and cell[0] in "=+-@\t\r"]
