"""allauth's mails speak as the portal: a "[Streekpact]" prefix, no host name, our wording,
a text and an HTML part; the page after asking for a reset speaks of a reset mail."""

import pytest
from django.urls import reverse

from tests.webforms import form_with_field

pytestmark = pytest.mark.django_db


def _ask_reset(app, email):
    page = app.get(reverse("account_reset_password"))
    form = form_with_field(page, "email")
    form["email"] = email
    return form.submit().follow()


def test_the_password_reset_mail(app, lead, mailoutbox):
    page = _ask_reset(app, lead.email)
    assert "Kijk in je mailbox" in page.text
    assert "verificatie" not in page.text.lower()
    (message,) = mailoutbox
    assert message.subject == "[Streekpact] Kies een nieuw wachtwoord"
    assert "127.0.0.1" not in message.subject
    assert message.body.startswith("Beste Lien,")
    assert "Hallo van" not in message.body and "Bedankt voor het gebruiken" not in message.body
    assert "/accounts/password/reset/key/" in message.body
    assert "Het Streekpactteam van RESOC Mechelen" in message.body
    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html" and "/accounts/password/reset/key/" in html


def test_an_unknown_address_is_told_there_is_no_open_sign_up(app, mailoutbox):
    page = _ask_reset(app, "nobody@example.test")
    assert "Kijk in je mailbox" in page.text  # the page does not tell who has an account
    (message,) = mailoutbox
    assert message.subject == "[Streekpact] Kies een nieuw wachtwoord"
    assert "geen account met dat adres" in message.body
    assert "Hallo van" not in message.body
