"""My data: download, erasure request, staff carry it out; what stays and what goes."""

import json

import pytest
from django.urls import reverse

from adoption import services as adoption_services
from adoption.models import Signature
from public.models import ErasureRequest, ErasureStatus
from streekpact.partners.models import User

pytestmark = pytest.mark.django_db

ROLES = ["staff", "chair", "lead", "partner", "outsider", "anonymous"]


@pytest.mark.parametrize("role", ROLES)
def test_my_data_download(role, client_for, cast):
    response = client_for(role).get(reverse("public:my_data_download"))
    if role == "anonymous":
        assert response.status_code == 302
        return
    data = json.loads(response.content)
    assert data["person"]["email"] == cast[role].email
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("role", ROLES)
def test_erasure_list_is_for_staff(role, client_for):
    response = client_for(role).get(reverse("public:erasure_list"))
    assert response.status_code == {"staff": 200, "anonymous": 302}.get(role, 403)


def test_erasure_request_and_carry_out_keeps_signature_and_contributions(
    app_for, client_for, adopted, signatories, lead, approved
):
    signature = adoption_services.signature_sign(adoption=adopted, by=lead)
    page = app_for("lead").get(reverse("public:my_data"))
    page.forms["erasure-form"].submit("erase").follow()
    erasure = ErasureRequest.objects.get()
    assert erasure.status == ErasureStatus.PENDING
    # A second request is refused with a message, nothing doubled.
    assert client_for("lead").post(reverse("public:erasure_request")).status_code == 302
    assert ErasureRequest.objects.count() == 1
    # Only staff carry it out.
    assert (
        client_for("partner")
        .post(reverse("public:erasure_carry_out", args=[erasure.pk]))
        .status_code
        == 403
    )
    staff_page = app_for("staff").get(reverse("public:erasure_list"))
    next(f for f in staff_page.forms.values() if "carry_out" in f.fields).submit("carry_out")
    person = User.objects.get(pk=lead.pk)
    assert person.name == "Verwijderde gebruiker" and not person.is_active
    assert "voka.test" not in person.email
    signature = Signature.objects.get(pk=signature.pk)
    assert signature.signer_name == "Lien Leider"  # a legal record: kept
    approved["first"].refresh_from_db()
    assert approved["first"].organisation_id == lead.organisation_id
    assert ErasureRequest.objects.get().status == ErasureStatus.DONE


@pytest.mark.parametrize("role", ["privacy", "accessibility"])
def test_legal_pages_are_public(client, role):
    response = client.get(reverse(f"public:{role}"))
    assert response.status_code == 200
    assert "WCAG 2.1" in response.content.decode() or "Handtekeningen blijven bewaard" in (
        response.content.decode()
    )
