"""Accounts through django-allauth: log in by e-mail, rate limits, reset, no open sign-up."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from streekpact.core.notifications import choosable_kinds, preferences_of
from streekpact.partners.forms import notify_field_name
from tests.factories import PASSWORD


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


def test_login_with_email_and_password(client, lead):
    response = client.post(reverse("account_login"), {"login": lead.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("partners:profile")).status_code == 200  # logged in


def test_wrong_password_gets_a_clear_error(client, lead):
    response = client.post(reverse("account_login"), {"login": lead.email, "password": "fout"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_failed_logins_are_rate_limited(client, lead, settings):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": lead.email, "password": "fout"})
    response = client.post(reverse("account_login"), {"login": lead.email, "password": PASSWORD})
    # Even the right password is refused while the account is locked out.
    assert response.status_code in (200, 429)
    assert client.get(reverse("partners:profile")).status_code == 302  # not logged in


def test_inactive_people_cannot_log_in(client, lead):
    lead.is_active = False
    lead.save()
    client.post(reverse("account_login"), {"login": lead.email, "password": PASSWORD})
    assert client.get(reverse("partners:profile")).status_code == 302  # not logged in


def test_logout_is_a_post(client, lead):
    client.force_login(lead)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert client.get(reverse("partners:profile")).status_code == 302  # not logged in


def test_there_is_no_open_sign_up(client, db):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "zomaar@example.be",
            "password1": "Lang-wachtwoord-1",
            "password2": "Lang-wachtwoord-1",
        },
    )
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(email="zomaar@example.be").exists()
    assert response.status_code == 200
    assert "uitnodiging" in response.text or "invitation" in response.text


def test_password_reset_by_email(client, lead, mailoutbox):
    response = client.post(reverse("account_reset_password"), {"email": lead.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert lead.email in mailoutbox[0].to
    assert "/accounts/password/reset/key/" in mailoutbox[0].body


def test_change_password(client, lead):
    client.force_login(lead)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "Nieuw-wachtwoord-2020",
            "password2": "Nieuw-wachtwoord-2020",
        },
    )
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.check_password("Nieuw-wachtwoord-2020")


def test_profile_saves_preferences(client, lead):
    client.force_login(lead)
    response = client.post(
        reverse("partners:profile"),
        {
            "name": "Lien Leider",
            "job_title": "Adviseur onderwijs",
            "language": "en",
            **{notify_field_name(k.name): "off" for k in choosable_kinds()},
        },
    )
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.language == "en"
    assert set(preferences_of(lead).values()) == {"off"}
    assert lead.job_title == "Adviseur onderwijs"


def test_profile_rejects_an_empty_name(client, lead):
    client.force_login(lead)
    response = client.post(reverse("partners:profile"), {"name": "", "language": "nl-be"})
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    lead.refresh_from_db()
    assert lead.name == "Lien Leider"
