"""Role x action matrix of the adoption pages: allowed and refused, with the effect."""

import pytest
from django.urls import reverse

from adoption.models import Adoption, AdoptionStatus, Signature, SigningRight
from tests.webforms import choose

pytestmark = pytest.mark.django_db

ROLES = ["staff", "chair", "lead", "partner", "outsider", "anonymous"]


def _form(page, field):
    """The form on the page that carries `field` (as rendered)."""
    return next(f for f in page.forms.values() if field in f.fields)


def _refused(response, role):
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_propose_a_ready_draft(role, client_for, ready_draft):
    response = client_for(role).post(reverse("adoption:propose", args=[ready_draft.pk]))
    if role in ("staff", "chair"):
        assert response.status_code == 302
        assert Adoption.objects.get().status == AdoptionStatus.PROPOSED
    else:
        _refused(response, role)
        assert not Adoption.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_only_the_chair_adopts(role, app_for, client_for, proposed):
    url = reverse("adoption:adopt", args=[proposed.pk])
    if role != "chair":
        _refused(client_for(role).get(url), role)
        _refused(client_for(role).post(url, {"adopted_on": "2026-11-30"}), role)
        proposed.refresh_from_db()
        assert proposed.status == AdoptionStatus.PROPOSED
        return
    form = _form(app_for(role).get(url), "adopted_on")
    form["adopted_on"] = "2026-11-30"
    form.submit("adopt").follow()
    proposed.refresh_from_db()
    assert proposed.status == AdoptionStatus.ADOPTED
    assert proposed.adopted_on.isoformat() == "2026-11-30"


def test_a_future_plenary_date_is_refused_in_dutch(app_for, proposed):
    form = _form(app_for("chair").get(reverse("adoption:adopt", args=[proposed.pk])), "adopted_on")
    form["adopted_on"] = "2099-01-01"
    page = form.submit("adopt")
    assert page.status_code == 200
    assert "kan niet in de toekomst liggen" in page.text
    proposed.refresh_from_db()
    assert proposed.status == AdoptionStatus.PROPOSED


@pytest.mark.parametrize("role", ROLES)
def test_sign_as_signatory(role, app_for, client_for, adopted, signatories):
    url = reverse("adoption:sign", args=[adopted.pk])
    if role in ("staff", "chair", "anonymous"):
        _refused(client_for(role).get(url), role)
        assert not Signature.objects.exists()
        return
    form = _form(app_for(role).get(url), "confirm")
    form["confirm"] = True
    form.submit("sign").follow()
    signature = Signature.objects.get()
    assert (
        signature.signer_name
        == {"lead": "Lien Leider", "partner": "Piet Partner", "outsider": "Olga Ander"}[role]
    )


@pytest.mark.parametrize("role", ROLES)
def test_decline_with_a_reason(role, app_for, client_for, adopted, signatories):
    url = reverse("adoption:decline", args=[adopted.pk])
    if role not in ("lead", "partner", "outsider"):
        _refused(client_for(role).get(url), role)
        return
    form = _form(app_for(role).get(url), "reason")
    form["reason"] = "Ons bestuur keurde het pact niet goed."
    form.submit("decline").follow()
    assert Signature.objects.get().reason == "Ons bestuur keurde het pact niet goed."


@pytest.mark.parametrize("role", ROLES)
def test_overview_and_remind(role, client_for, adopted, signatories, mailoutbox):
    response = client_for(role).get(reverse("adoption:overview", args=[adopted.pk]))
    if role in ("staff", "chair"):
        assert response.status_code == 200
        assert "Boerenbond" in response.content.decode()
    else:
        _refused(response, role)
    response = client_for(role).post(reverse("adoption:remind", args=[adopted.pk]))
    adopted.refresh_from_db()
    if role == "staff":
        assert adopted.reminded_at is not None
    else:
        _refused(response, role)
        assert adopted.reminded_at is None


@pytest.mark.parametrize("role", ROLES)
def test_grant_a_signing_right(role, app_for, client_for, lead):
    url = reverse("adoption:signing_rights")
    if role != "staff":
        _refused(client_for(role).get(url), role)
        return
    form = _form(app_for(role).get(url), "user")
    assert [value for value, *_ in form["user"].options] == [""]  # a search, not every member
    choose(form, "user", lead.pk)
    page = form.submit("grant")  # no function: the form comes back with the member chosen
    assert page.status_code == 200 and not SigningRight.objects.exists()
    form = _form(page, "user")
    assert form["user"].value == str(lead.pk)
    form["function"] = "gedelegeerd bestuurder"
    form.submit("grant").follow()
    assert SigningRight.objects.get().user == lead


@pytest.mark.parametrize("role", ROLES)
def test_rendition_request(role, client_for, adopted):
    response = client_for(role).post(reverse("adoption:rendition_request", args=[adopted.pk]))
    if role == "staff":
        assert response.status_code == 302
    else:
        _refused(response, role)
    assert adopted.renditions.count() == 1  # nothing changed: no second rendition


@pytest.mark.parametrize("role", ROLES)
def test_withdraw_a_proposal(role, client_for, proposed):
    response = client_for(role).post(reverse("adoption:withdraw", args=[proposed.pk]))
    proposed.refresh_from_db()
    if role in ("staff", "chair"):
        assert response.status_code == 302
        assert proposed.status == AdoptionStatus.WITHDRAWN
    else:
        _refused(response, role)
        assert proposed.status == AdoptionStatus.PROPOSED


@pytest.mark.parametrize("role", ROLES)
def test_allow_partial_signing(role, client_for, adopted):
    response = client_for(role).post(
        reverse("adoption:partial_signing", args=[adopted.pk]), {"allowed": "1"}
    )
    adopted.refresh_from_db()
    if role == "staff":
        assert adopted.partial_signing is True
    else:
        _refused(response, role)
        assert adopted.partial_signing is False


@pytest.mark.parametrize("role", ROLES)
def test_revoke_a_signing_right(role, client_for, signatories):
    right = signatories["voka"]
    response = client_for(role).post(reverse("adoption:signing_right_revoke", args=[right.pk]))
    right.refresh_from_db()
    if role == "staff":
        assert right.revoked_at is not None
    else:
        _refused(response, role)
        assert right.revoked_at is None


@pytest.mark.parametrize("role", ROLES)
def test_read_the_adoption_and_download_a_rendition(role, client_for, adopted):
    rendition = adopted.renditions.get()
    client = client_for(role)
    detail = client.get(adopted.get_absolute_url())
    download = client.get(reverse("adoption:rendition_download", args=[rendition.pk]))
    if role == "anonymous":
        assert detail.status_code == 302 and download.status_code == 302
        return
    assert "Definitieve versie — goedgekeurd op 30 november 2026" in detail.content.decode()
    assert download["Content-Type"] == "application/pdf"
    assert download["Cache-Control"] == "private, no-store"


def test_overview_queries_do_not_grow(
    client_for, adopted, signatories, lead, django_assert_max_num_queries
):
    from adoption import services

    from ..factories import OrganisationFactory

    client = client_for("staff")
    url = reverse("adoption:overview", args=[adopted.pk])
    with django_assert_max_num_queries(14):
        client.get(url)
    services.signature_sign(adoption=adopted, by=lead)
    OrganisationFactory.create_batch(30)
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert response.status_code == 200
