import pytest
from django.urls import reverse


@pytest.mark.parametrize("role", ["staff", "chair", "lead", "partner", "outsider"])
def test_every_logged_in_role_sees_the_sectors(client_for, role, chemie, logistiek):
    response = client_for(role).get(reverse("sectors:list"))
    assert response.status_code == 200
    assert "Chemie en farma" in response.text
    assert "Voka – Kamer van Koophandel Mechelen" in response.text


def test_anonymous_is_sent_to_login(client_for, chemie):
    response = client_for("anonymous").get(reverse("sectors:detail", args=["chemie-en-farma"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
