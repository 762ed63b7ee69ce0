"""Who may do what with ateliers: a role x action matrix, including guessed URLs and ids."""

import datetime as dt

import pytest
from django.utils import timezone

from ateliers.models import Atelier, AtelierStatus, Registration, RegistrationStatus

from .factories import AttachmentFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

ROLES = ["staff", "chair", "lead", "partner", "outsider", "anonymous"]
# Managing a Chemie en farma atelier: staff and Voka (the sector's lead) only.
MANAGERS = {"staff", "lead"}


def _expect(response, role, allowed):
    if role == "anonymous":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    elif allowed:
        assert response.status_code == 200, (role, response.status_code)
    else:
        assert response.status_code == 403, (role, response.status_code)


@pytest.mark.parametrize("role", ROLES)
def test_reading_is_for_everyone_logged_in(client_for, role, atelier):
    client = client_for(role)
    for url in ["/ateliers/", f"/ateliers/{atelier.pk}/", f"/ateliers/{atelier.pk}/atelier.ics"]:
        _expect(client.get(url), role, allowed=True)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ["edit", "cancel", "duplicate", "invite"])
def test_management_pages_matrix(client_for, role, action, atelier):
    response = client_for(role).get(f"/ateliers/{atelier.pk}/{action}/")
    _expect(response, role, allowed=role in MANAGERS)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ["attendance", "report"])
def test_running_the_day_matrix(client_for, role, action, held_atelier):
    response = client_for(role).get(f"/ateliers/{held_atelier.pk}/{action}/")
    _expect(response, role, allowed=role in MANAGERS)


@pytest.mark.parametrize("role", ROLES)
def test_create_page_for_staff_and_sector_leads(client_for, role, cast):
    # VDAB (the partner fixture) leads Logistiek en transport, so it may plan there.
    response = client_for(role).get("/ateliers/new/")
    _expect(response, role, allowed=role in {"staff", "lead", "partner"})


def test_create_form_offers_only_the_sectors_one_leads(client_for, chemie, logistiek, cast):
    form = client_for("lead").get("/ateliers/new/").context["form"]
    assert list(form.fields["sector"].queryset) == [chemie]
    form = client_for("staff").get("/ateliers/new/").context["form"]
    assert set(form.fields["sector"].queryset) == {chemie, logistiek}


def _atelier_post(sector, **overrides):
    start = timezone.localtime(timezone.now() + dt.timedelta(days=10)).replace(
        hour=14, minute=0, second=0, microsecond=0
    )
    data = {
        "sector": sector.pk,
        "title": "Geraden atelier",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + dt.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
        "location": "Mechelen",
    }
    data.update(overrides)
    return data


def test_a_lead_cannot_plan_in_another_sector_by_posting_its_id(client_for, logistiek, cast):
    response = client_for("lead").post("/ateliers/new/", _atelier_post(logistiek))
    assert response.status_code == 200
    assert "sector" in response.context["form"].errors
    assert not Atelier.objects.filter(title="Geraden atelier").exists()


def test_a_lead_cannot_move_an_atelier_to_another_sector(client_for, atelier, logistiek):
    response = client_for("lead").post(f"/ateliers/{atelier.pk}/edit/", _atelier_post(logistiek))
    assert response.status_code == 200
    atelier.refresh_from_db()
    assert atelier.sector.slug == "chemie-en-farma"


@pytest.mark.parametrize("action", ["edit", "cancel", "invite", "duplicate"])
def test_a_lead_cannot_manage_another_sectors_atelier(client_for, action, other_atelier, cast):
    client = client_for("lead")
    assert client.get(f"/ateliers/{other_atelier.pk}/{action}/").status_code == 403
    assert client.post(f"/ateliers/{other_atelier.pk}/{action}/", {}).status_code == 403


def test_refused_cancel_by_post_changes_nothing(client_for, atelier, cast):
    response = client_for("outsider").post(
        f"/ateliers/{atelier.pk}/cancel/", {"message": "Weg ermee"}
    )
    assert response.status_code == 403
    atelier.refresh_from_db()
    assert atelier.status == AtelierStatus.PLANNED


@pytest.mark.parametrize("role", ["staff", "lead", "outsider"])
def test_unknown_atelier_is_404(client_for, role, cast):
    client = client_for(role)
    for url in ["/ateliers/999999/", "/ateliers/999999/edit/", "/ateliers/999999/report/"]:
        assert client.get(url).status_code == 404


def test_the_facilitator_runs_the_day_but_does_not_manage(client_for, held_atelier, partner):
    held_atelier.facilitator = partner
    held_atelier.save()
    client = client_for("partner")
    assert client.get(f"/ateliers/{held_atelier.pk}/attendance/").status_code == 200
    assert client.get(f"/ateliers/{held_atelier.pk}/report/").status_code == 200
    assert client.get(f"/ateliers/{held_atelier.pk}/edit/").status_code == 403


def test_attachment_of_another_atelier_by_id_is_404(client_for, held_atelier, other_atelier):
    attachment = AttachmentFactory(atelier=other_atelier)
    url = f"/ateliers/{held_atelier.pk}/report/attachments/{attachment.pk}/"
    assert client_for("staff").get(url).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_unpublished_report_attachments_only_for_those_writing_it(client_for, role, held_atelier):
    attachment = AttachmentFactory(atelier=held_atelier)
    response = client_for(role).get(attachment.get_absolute_url())
    _expect(response, role, allowed=role in MANAGERS)


@pytest.mark.parametrize("role", ROLES)
def test_published_report_attachments_for_everyone_logged_in(client_for, role, held_atelier):
    held_atelier.status = AtelierStatus.REPORT_PUBLISHED
    held_atelier.report_published_at = timezone.now()
    held_atelier.save()
    attachment = AttachmentFactory(atelier=held_atelier)
    response = client_for(role).get(attachment.get_absolute_url())
    _expect(response, role, allowed=True)
    if role != "anonymous":
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_draft_report_is_not_shown_to_partners(client_for, held_atelier):
    held_atelier.report_summary = "Geheime eerste versie"
    held_atelier.save()
    assert (
        b"Geheime eerste versie"
        not in client_for("partner").get(f"/ateliers/{held_atelier.pk}/").content
    )
    assert (
        b"Geheime eerste versie" in client_for("lead").get(f"/ateliers/{held_atelier.pk}/").content
    )


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("staff", True), ("lead", True), ("partner", True), ("outsider", False), ("chair", False)],
)
def test_who_may_cancel_someone_elses_registration(client_for, role, allowed, atelier, vdab):
    # A VDAB colleague of the partner fixture registered.
    registration = RegistrationFactory(atelier=atelier, user__organisation=vdab, organisation=vdab)
    client = client_for(role)
    response = client.post(f"/ateliers/{atelier.pk}/registrations/{registration.pk}/cancel/")
    registration.refresh_from_db()
    if allowed:
        assert response.status_code == 302
        assert registration.status == RegistrationStatus.CANCELLED
    else:
        assert response.status_code == 403
        assert registration.status == RegistrationStatus.REGISTERED


def test_registration_of_another_atelier_by_id_is_404(client_for, atelier, other_atelier, staff):
    registration = RegistrationFactory(atelier=other_atelier)
    response = client_for("staff").post(
        f"/ateliers/{atelier.pk}/registrations/{registration.pk}/cancel/"
    )
    assert response.status_code == 404
    assert Registration.objects.get(pk=registration.pk).status == RegistrationStatus.REGISTERED


def test_buttons_show_only_to_those_who_may_press_them(client_for, atelier):
    url = f"/ateliers/{atelier.pk}/"
    lead_page = client_for("lead").get(url).content.decode()
    partner_page = client_for("partner").get(url).content.decode()
    for path in [f"/ateliers/{atelier.pk}/edit/", f"/ateliers/{atelier.pk}/cancel/"]:
        assert path in lead_page
        assert path not in partner_page


def test_a_lead_of_one_sector_gets_it_preselected(client_for, chemie):
    form = client_for("lead").get("/ateliers/new/").context["form"]
    assert form.initial["sector"] == chemie


def _management_post(action, atelier, cast):
    """A valid POST for each management action, and how to see that it took effect."""
    if action == "edit":
        data = _atelier_post(atelier.sector, title="Nieuwe titel")

        def happened():
            return Atelier.objects.filter(pk=atelier.pk, title="Nieuwe titel").exists()

    elif action == "cancel":
        data = {"message": "Helaas gaat het niet door."}

        def happened():
            return Atelier.objects.filter(pk=atelier.pk, status=AtelierStatus.CANCELLED).exists()

    elif action == "duplicate":
        data = _atelier_post(atelier.sector, title="Kopie van het atelier")

        def happened():
            return Atelier.objects.filter(title="Kopie van het atelier").exists()

    else:  # invite a guest
        data = {
            "guest-name": "Gast Extern",
            "guest-email": "gast@extern.test",
            "guest-role": "speaker",
            "invite_guest": "",  # the button a person presses
        }

        def happened():
            return atelier.registrations.filter(guest_email="gast@extern.test").exists()

    return data, happened


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ["edit", "cancel", "duplicate", "invite"])
def test_management_actions_take_effect_only_for_managers(
    client_for, cast, role, action, atelier, mailoutbox, django_capture_on_commit_callbacks
):
    RegistrationFactory(atelier=atelier)  # someone to tell about a cancellation
    data, happened = _management_post(action, atelier, cast)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(role).post(f"/ateliers/{atelier.pk}/{action}/", data)
    allowed = role in MANAGERS
    if role == "anonymous":
        assert "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == (302 if allowed else 403), response.status_code
    assert happened() == allowed
    if action in ("cancel", "invite"):
        assert bool(mailoutbox) == allowed  # the participants or the guest are told
