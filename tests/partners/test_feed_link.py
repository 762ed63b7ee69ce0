"""The personal calendar-feed link: its owner renews or revokes it; staff revoke it when someone
leaves. An old or revoked link answers 404 at once."""

import pytest
from django.urls import reverse

from streekpact.partners.models import AuditEntry, AuditVerb

from ..factories import AtelierFactory

pytestmark = pytest.mark.django_db


def _feed(client, token):
    return client.get(f"/ateliers/calendar/{token}.ics")


def test_every_person_has_a_distinct_link(cast):
    tokens = [u.feed_token for u in cast.values() if u is not None]
    assert all(tokens) and len(set(tokens)) == len(tokens)


def test_the_owner_renews_the_link_from_the_ateliers_page(django_app, cast, chemie, client):
    AtelierFactory(sector=chemie, title="Straks")
    partner = cast["partner"]
    old = partner.feed_token
    page = django_app.get(reverse("ateliers:list"), user=partner)
    renew = next(f for f in page.forms.values() if f.action == reverse("partners:feed_renew"))
    renew.submit("renew-feed").follow()
    partner.refresh_from_db()
    assert partner.feed_token and partner.feed_token != old
    assert _feed(client, old).status_code == 404
    response = _feed(client, partner.feed_token)
    assert response.status_code == 200 and "SUMMARY:Straks" in response.content.decode()
    entry = AuditEntry.objects.get(action="feed_token_renew")
    assert (entry.actor, entry.verb, entry.target_id) == (partner, AuditVerb.RENEW, str(partner.pk))


def test_the_owner_revokes_the_link_and_can_make_a_new_one(django_app, cast, client):
    partner = cast["partner"]
    old = partner.feed_token
    page = django_app.get(reverse("ateliers:list"), user=partner)
    revoke = next(f for f in page.forms.values() if f.action == reverse("partners:feed_revoke"))
    page = revoke.submit("revoke-feed").follow()
    partner.refresh_from_db()
    assert partner.feed_token is None
    assert _feed(client, old).status_code == 404
    assert "Maak een agendalink" in page.text
    make = next(f for f in page.forms.values() if f.action == reverse("partners:feed_renew"))
    make.submit("renew-feed")
    partner.refresh_from_db()
    assert partner.feed_token and _feed(client, partner.feed_token).status_code == 200


def test_staff_revoke_the_link_of_someone_who_left(django_app, cast, client):
    partner, staff = cast["partner"], cast["staff"]
    old = partner.feed_token
    page = django_app.get(reverse("partners:person_update", args=[partner.pk]), user=staff)
    form = next(
        f
        for f in page.forms.values()
        if f.action == reverse("partners:feed_revoke_for", args=[partner.pk])
    )
    form.submit("revoke-feed")
    partner.refresh_from_db()
    assert partner.feed_token is None
    assert _feed(client, old).status_code == 404
    entry = AuditEntry.objects.get(action="feed_token_revoke")
    assert (entry.actor, entry.target_id) == (staff, str(partner.pk))


@pytest.mark.parametrize("role", ["chair", "lead", "partner", "outsider"])
def test_others_cannot_revoke_someone_elses_link(client_for, cast, role):
    victim = cast["staff"]
    token = victim.feed_token
    response = client_for(role).post(reverse("partners:feed_revoke_for", args=[victim.pk]))
    assert response.status_code == 403
    victim.refresh_from_db()
    assert victim.feed_token == token


def test_anonymous_cannot_renew_or_revoke(client, cast):
    for name in ["partners:feed_renew", "partners:feed_revoke"]:
        response = client.post(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_revoke_button_is_for_staff_only(client_for, cast):
    url = reverse("partners:person_update", args=[cast["partner"].pk])
    assert b"revoke-feed" in client_for("staff").get(url).content
