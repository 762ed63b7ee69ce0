"""Invitations: staff invite, the invitee sets a password once, bad links are explained."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from streekpact.partners.models import Invitation, Role
from streekpact.partners.services import invitation_create

User = get_user_model()
NEW_PASSWORD = "Mechelen-Streekpact-2014"


@pytest.fixture
def invite(staff, voka, django_capture_on_commit_callbacks, mailoutbox):
    def _invite(email="an@voka.test", **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            invitation, token = invitation_create(
                email=email,
                name=kwargs.get("name", "An Nieuw"),
                organisation=kwargs.get("organisation", voka),
                role=kwargs.get("role", Role.PARTNER),
                by=staff,
            )
        return invitation, token

    return _invite


def _accept(client, token, **data):
    payload = {"name": "An Nieuw", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    payload.update(data)
    return client.post(reverse("invitation_accept", args=[token]), payload)


def test_invitation_mail_carries_a_working_link(client, invite, mailoutbox, voka):
    invitation, token = invite()
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["an@voka.test"]
    assert "Streekpact" in mail.subject
    path = re.search(r"https?://[^/\s]+(/accounts/invitation/[^/\s]+/)", mail.body).group(1)
    assert path == reverse("invitation_accept", args=[token])
    assert voka.name in mail.body

    page = client.get(path)
    assert page.status_code == 200
    assert "an@voka.test" in page.text

    response = _accept(client, token)
    assert response.status_code == 302
    user = User.objects.get(email="an@voka.test")
    assert user.organisation == voka and user.role == Role.PARTNER
    assert user.check_password(NEW_PASSWORD)
    assert client.get(reverse("partners:profile")).status_code == 200  # logged in


def test_only_a_hash_of_the_token_is_stored(invite):
    invitation, token = invite()
    assert token not in invitation.token_hash
    assert Invitation.find_by_token(token) == invitation


def test_a_used_link_is_refused_with_a_clear_message(client, invite):
    _invitation, token = invite()
    _accept(client, token)
    client.logout()
    response = client.get(reverse("invitation_accept", args=[token]))
    assert response.status_code == 410
    assert "al gebruikt" in response.text or "already used" in response.text
    response = _accept(
        client, token, password1="Ander-wachtwoord-99", password2="Ander-wachtwoord-99"
    )
    assert response.status_code == 410
    assert User.objects.get(email="an@voka.test").check_password(NEW_PASSWORD)


def test_an_expired_link_is_refused(client, invite):
    invitation, token = invite()
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = _accept(client, token)
    assert response.status_code == 410
    assert "verlopen" in response.text or "expired" in response.text
    assert not User.objects.filter(email="an@voka.test").exists()


def test_an_unknown_link_is_refused(client, db):
    response = client.get(reverse("invitation_accept", args=["niet-geldig"]))
    assert response.status_code == 410


def test_a_new_invitation_replaces_the_pending_one(client, invite):
    first, first_token = invite()
    second, second_token = invite()
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert client.get(reverse("invitation_accept", args=[first_token])).status_code == 410
    assert client.get(reverse("invitation_accept", args=[second_token])).status_code == 200


def test_a_revoked_link_is_refused(client, invite, staff):
    from streekpact.partners.services import invitation_revoke

    invitation, token = invite()
    invitation_revoke(invitation=invitation, by=staff)
    assert client.get(reverse("invitation_accept", args=[token])).status_code == 410


def test_weak_or_mismatched_passwords_are_refused_and_the_link_stays_usable(client, invite):
    _invitation, token = invite()
    response = _accept(client, token, password1="123", password2="123")
    assert response.status_code == 200
    assert response.context["form"].errors["password2"]
    response = _accept(client, token, password2="iets-anders-123456")
    assert response.status_code == 200
    assert "password2" in response.context["form"].errors
    assert not User.objects.filter(email="an@voka.test").exists()
    assert _accept(client, token).status_code == 302


def test_staff_cannot_invite_an_existing_account(client_for, cast, voka):
    response = client_for("staff").post(
        reverse("partners:invitation_create"),
        {
            "email": cast["lead"].email.upper(),
            "name": "X",
            "organisation": voka.pk,
            "role": "partner",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert not Invitation.objects.exists()


def test_a_partner_invitation_needs_an_organisation(client_for, cast):
    response = client_for("staff").post(
        reverse("partners:invitation_create"),
        {"email": "x@example.be", "name": "X", "organisation": "", "role": "partner"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["organisation"]


def test_staff_can_invite_the_chair_without_organisation(client_for, cast, client):
    response = client_for("staff").post(
        reverse("partners:invitation_create"),
        {"email": "voorzitter@resoc.test", "name": "V", "organisation": "", "role": "chair"},
    )
    assert response.status_code == 302
    assert Invitation.objects.get(email="voorzitter@resoc.test").role == Role.CHAIR


def test_invitation_list_shows_states(client_for, cast, invite):
    invite()
    html = client_for("staff").get(reverse("partners:invitation_list")).text
    assert "an@voka.test" in html
