"""Role x action matrix for the partnership and sector pages: allowed and refused."""

import pytest
from django.urls import reverse

from streekpact.partners.models import Invitation, Organisation

ROLES = ["staff", "chair", "lead", "partner", "outsider", "anonymous"]
STAFF_ONLY = {"staff"}
EVERYONE_LOGGED_IN = {"staff", "chair", "lead", "partner", "outsider"}


def _expect(response, role, allowed):
    """Allowed: a GET shows the page (200), a POST redirects after acting (302; every POST test
    below also checks the effect, since an invalid form would not redirect but re-render)."""
    if role in allowed:
        expected = 302 if response.request["REQUEST_METHOD"] == "POST" else 200
        assert response.status_code == expected, response.status_code
        if response.status_code == 302:
            assert "/accounts/login/" not in response["Location"]
    elif role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == 403


@pytest.fixture
def invitation(staff, voka):
    from streekpact.partners.services import invitation_create

    inv, _token = invitation_create(
        email="nieuw@voka.test", name="Nieuwe Collega", organisation=voka, role="partner", by=staff
    )
    return inv


READS = [
    ("partners:organisation_list", lambda f: {}, EVERYONE_LOGGED_IN),
    ("partners:organisation_detail", lambda f: {"pk": f["voka"].pk}, EVERYONE_LOGGED_IN),
    ("partners:profile", lambda f: {}, EVERYONE_LOGGED_IN),
    ("sectors:list", lambda f: {}, EVERYONE_LOGGED_IN),
    ("sectors:detail", lambda f: {"slug": f["chemie"].slug}, EVERYONE_LOGGED_IN),
    # "home" is the public landing for anonymous visitors now (tests/public).
    ("partners:organisation_create", lambda f: {}, STAFF_ONLY),
    ("partners:organisation_update", lambda f: {"pk": f["voka"].pk}, STAFF_ONLY),
    ("partners:invitation_list", lambda f: {}, STAFF_ONLY),
    ("partners:invitation_create", lambda f: {}, STAFF_ONLY),
    ("sectors:create", lambda f: {}, STAFF_ONLY),
    ("sectors:update", lambda f: {"slug": f["chemie"].slug}, STAFF_ONLY),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "kwargs", "allowed"), READS, ids=[r[0] for r in READS])
def test_get_pages(client_for, cast, voka, chemie, role, name, kwargs, allowed):
    fixtures = {"voka": voka, "chemie": chemie}
    response = client_for(role).get(reverse(name, kwargs=kwargs(fixtures)))
    _expect(response, role, allowed)


@pytest.mark.parametrize("role", ROLES)
def test_create_organisation(client_for, cast, role):
    response = client_for(role).post(
        reverse("partners:organisation_create"),
        {
            "name": "Stad Mechelen",
            "short_name": "Mechelen",
            "kind": "government",
            "is_active": "on",
        },
    )
    _expect(response, role, STAFF_ONLY)
    assert Organisation.objects.filter(short_name="Mechelen").exists() == (role == "staff")


@pytest.mark.parametrize("role", ROLES)
def test_edit_organisation(client_for, cast, voka, role):
    response = client_for(role).post(
        reverse("partners:organisation_update", args=[voka.pk]),
        {"name": "Voka Mechelen-Kempen", "short_name": "Voka", "kind": "employers"},
    )
    _expect(response, role, STAFF_ONLY)
    voka.refresh_from_db()
    assert (voka.name == "Voka Mechelen-Kempen") == (role == "staff")


@pytest.mark.parametrize("role", ROLES)
def test_invite_person(
    client_for, cast, voka, role, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(role).post(
            reverse("partners:invitation_create"),
            {
                "email": "an@voka.test",
                "name": "An Nieuw",
                "organisation": voka.pk,
                "role": "partner",
            },
        )
    _expect(response, role, STAFF_ONLY)
    assert Invitation.objects.filter(email="an@voka.test").exists() == (role == "staff")
    assert len(mailoutbox) == (1 if role == "staff" else 0)


@pytest.mark.parametrize("role", ROLES)
def test_revoke_invitation(client_for, cast, invitation, role):
    response = client_for(role).post(reverse("partners:invitation_revoke", args=[invitation.pk]))
    _expect(response, role, STAFF_ONLY)
    invitation.refresh_from_db()
    assert (invitation.revoked_at is not None) == (role == "staff")


@pytest.mark.parametrize("role", ROLES)
def test_create_sector(client_for, cast, voka, role):
    response = client_for(role).post(
        reverse("sectors:create"),
        {"name": "Zorg", "slug": "", "kind": "spearhead", "lead_organisations": [voka.pk]},
    )
    _expect(response, role, STAFF_ONLY)
    from sectors.models import Sector

    assert Sector.objects.filter(slug="zorg").exists() == (role == "staff")


@pytest.mark.parametrize("role", ROLES)
def test_reorder_sectors(client_for, cast, chemie, logistiek, role):
    response = client_for(role).post(reverse("sectors:move", args=[logistiek.slug, "up"]))
    _expect(response, role, STAFF_ONLY)
    logistiek.refresh_from_db()
    chemie.refresh_from_db()
    assert (logistiek.position < chemie.position) == (role == "staff")


@pytest.mark.parametrize("role", ["lead", "partner", "outsider"])
def test_partners_do_not_see_staff_buttons(client_for, cast, chemie, role):
    html = client_for(role).get(reverse("sectors:list")).text
    assert reverse("sectors:create") not in html
    assert reverse("sectors:update", args=[chemie.slug]) not in html


def test_staff_sees_staff_buttons(client_for, cast, chemie):
    html = client_for("staff").get(reverse("sectors:list")).text
    assert reverse("sectors:create") in html
    assert reverse("sectors:move", args=[chemie.slug, "down"]) in html


def test_get_is_not_allowed_on_actions(client_for, cast, chemie, invitation):
    client = client_for("staff")
    assert client.get(reverse("sectors:move", args=[chemie.slug, "up"])).status_code == 405
    assert (
        client.get(reverse("partners:invitation_revoke", args=[invitation.pk])).status_code == 405
    )


def test_unknown_objects_are_404(client_for, cast):
    client = client_for("staff")
    assert client.get(reverse("partners:organisation_detail", args=[999999])).status_code == 404
    assert client.get(reverse("sectors:detail", args=["bestaat-niet"])).status_code == 404
    assert client.post(reverse("partners:invitation_revoke", args=[999999])).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_change_a_person(client_for, cast, role, acv):
    person = cast["outsider"]
    response = client_for(role).post(
        reverse("partners:person_update", args=[person.pk]),
        {"name": person.name, "organisation": acv.pk, "role": "partner"},
    )
    _expect(response, role, STAFF_ONLY)
    person.refresh_from_db()
    assert person.is_active == (role != "staff")  # the unchecked box switches access off
