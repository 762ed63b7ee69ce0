"""The admin shows stateful models read-only: no second write path around the services."""

import pytest
from django.contrib import admin
from django.urls import reverse

from ateliers.models import Atelier, Registration, RegistrationStatus
from proposals.models import Support

from ..factories import AtelierFactory, RegistrationFactory, SupportFactory, UserFactory

pytestmark = pytest.mark.django_db

OURS = ("partners", "sectors", "ateliers", "proposals", "pact")


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True, role="staff", organisation=None)


def test_no_model_of_ours_can_be_added_or_deleted_in_the_admin(rf, superuser):
    request = rf.get("/admin/")
    request.user = superuser
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in OURS:
            continue
        assert not model_admin.has_add_permission(request), model
        assert not model_admin.has_delete_permission(request), model
        if model._meta.model_name != "user":  # technical flags only, see UserAdmin
            assert not model_admin.has_change_permission(request), model
        for inline in model_admin.get_inline_instances(request):
            assert not inline.has_add_permission(request, None), inline
            assert not inline.has_change_permission(request), inline
            assert not inline.has_delete_permission(request), inline


def test_a_registration_cannot_be_changed_through_the_atelier_admin(client, superuser, voka):
    atelier = AtelierFactory(capacity=1)
    registration = RegistrationFactory(atelier=atelier, status=RegistrationStatus.WAITLISTED)
    client.force_login(superuser)
    url = reverse("admin:ateliers_atelier_change", args=[atelier.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    response = client.post(url, {"title": "Gewijzigd", "registrations-0-status": "registered"})
    assert response.status_code == 403
    assert Atelier.objects.get(pk=atelier.pk).title == atelier.title
    assert Registration.objects.get(pk=registration.pk).status == RegistrationStatus.WAITLISTED


def test_a_support_cannot_be_removed_through_the_proposal_admin(client, superuser):
    support = SupportFactory()
    client.force_login(superuser)
    url = reverse("admin:proposals_proposal_change", args=[support.proposal_id])
    assert client.get(url).status_code == 200
    client.post(url, {"supports-0-DELETE": "on", "supports-0-id": support.pk})
    assert Support.objects.filter(pk=support.pk).exists()


def test_the_user_admin_changes_no_role(client, superuser, voka):
    person = UserFactory(organisation=voka, role="partner")
    client.force_login(superuser)
    url = reverse("admin:partners_user_change", args=[person.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"role": "staff", "is_staff": "on"})
    person.refresh_from_db()
    assert person.role == "partner"
