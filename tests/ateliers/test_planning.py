"""Planning an atelier: validation, time zones (summer time edges), defaults, duplicate."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from ateliers import services
from ateliers.forms import AtelierForm
from ateliers.models import Atelier, AtelierStatus

from .factories import AtelierFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")


def _data(sector, start: str, end: str, **extra):
    return {"sector": sector.pk, "title": "Atelier", "starts_at": start, "ends_at": end,
            "location": "Lamot, Mechelen", **extra}  # fmt: skip


@pytest.fixture
def freeze(monkeypatch):
    """Pretend it is 1 January 2026, so the DST dates below lie in the future."""
    now = dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: now)
    return now


def test_times_are_entered_in_brussels_time_summer_and_winter(staff, chemie, freeze):
    summer = AtelierForm(_data(chemie, "2026-06-12T14:00", "2026-06-12T17:00"), user=staff)
    winter = AtelierForm(_data(chemie, "2026-12-11T14:00", "2026-12-11T17:00"), user=staff)
    assert summer.is_valid(), summer.errors
    assert winter.is_valid(), winter.errors
    assert summer.cleaned_data["starts_at"].astimezone(dt.UTC).hour == 12  # UTC+2
    assert winter.cleaned_data["starts_at"].astimezone(dt.UTC).hour == 13  # UTC+1


def test_a_time_that_does_not_exist_in_brussels_is_refused(staff, chemie, freeze):
    # On 29 March 2026 the clocks jump from 02:00 to 03:00.
    form = AtelierForm(_data(chemie, "2026-03-29T02:30", "2026-03-29T05:00"), user=staff)
    assert not form.is_valid()
    assert "starts_at" in form.errors


def test_an_ambiguous_time_in_brussels_is_refused(staff, chemie, freeze):
    # On 25 October 2026 the clocks go back: 02:30 happens twice.
    form = AtelierForm(_data(chemie, "2026-10-25T02:30", "2026-10-25T05:00"), user=staff)
    assert not form.is_valid()
    assert "starts_at" in form.errors


def test_an_atelier_across_the_autumn_change_lasts_one_hour_more(staff, chemie, freeze):
    form = AtelierForm(_data(chemie, "2026-10-25T01:00", "2026-10-25T04:00"), user=staff)
    assert form.is_valid(), form.errors
    # Python subtracts same-zone datetimes on the wall clock; the real duration is in UTC.
    starts, ends = (form.cleaned_data[k].astimezone(dt.UTC) for k in ("starts_at", "ends_at"))
    assert ends - starts == dt.timedelta(hours=4)
    assert (starts.hour, ends.hour) == (23, 3)  # 01:00 CEST = 23:00 UTC, 04:00 CET = 03:00 UTC


def test_end_before_start_is_refused_with_a_clear_error(staff, chemie, freeze):
    form = AtelierForm(_data(chemie, "2026-06-12T14:00", "2026-06-12T13:00"), user=staff)
    assert not form.is_valid()
    assert form.errors["ends_at"] == ["Het einde moet na het begin liggen."]


def test_deadline_after_start_is_refused(staff, chemie, freeze):
    form = AtelierForm(
        _data(chemie, "2026-06-12T14:00", "2026-06-12T17:00",
              registration_deadline="2026-06-12T15:00"),
        user=staff,
    )  # fmt: skip
    assert not form.is_valid()
    assert "registration_deadline" in form.errors


def test_planning_in_the_past_is_refused(staff, chemie, freeze):
    form = AtelierForm(_data(chemie, "2025-12-01T14:00", "2025-12-01T17:00"), user=staff)
    assert not form.is_valid()
    assert "starts_at" in form.errors


def test_a_place_or_a_link_is_required(staff, chemie, freeze):
    form = AtelierForm(
        _data(chemie, "2026-06-12T14:00", "2026-06-12T17:00", location=""), user=staff
    )
    assert not form.is_valid()
    assert "location" in form.errors


def test_capacity_below_registrations_is_refused_in_the_form(client_for, atelier):
    RegistrationFactory.create_batch(3, atelier=atelier)
    form_data = {
        "sector": atelier.sector.pk,
        "title": "Nieuwe titel die niet verloren mag gaan",
        "starts_at": timezone.localtime(atelier.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(atelier.ends_at).strftime("%Y-%m-%dT%H:%M"),
        "location": atelier.location,
        "capacity": 2,
    }
    response = client_for("lead").post(f"/ateliers/{atelier.pk}/edit/", form_data)
    assert response.status_code == 200
    assert "capaciteit" in response.context["form"].errors["capacity"][0]
    # Nothing typed is lost: the form shows it again.
    assert "Nieuwe titel die niet verloren mag gaan" in response.content.decode()
    atelier.refresh_from_db()
    assert atelier.capacity == 10


def test_create_through_the_page_defaults_leads_to_the_trekkers(client_for, chemie, voka, lead):
    start = timezone.localtime(timezone.now() + dt.timedelta(days=20)).replace(hour=14, minute=0)
    response = client_for("lead").post(
        "/ateliers/new/",
        {
            "sector": chemie.pk,
            "title": "Talent voor de chemie",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "location": "Mechelen",
            "capacity": 25,
        },
    )
    atelier = Atelier.objects.get(title="Talent voor de chemie")
    assert response.status_code == 302
    assert response["Location"] == atelier.get_absolute_url()
    assert list(atelier.lead_organisations.all()) == [voka]
    assert atelier.created_by == lead
    assert atelier.status == AtelierStatus.PLANNED


def test_explicit_lead_organisations_are_kept(staff, chemie, acv):
    atelier = services.atelier_create(
        by=staff,
        sector=chemie,
        title="Met ACV",
        starts_at=timezone.now() + dt.timedelta(days=3),
        ends_at=timezone.now() + dt.timedelta(days=3, hours=2),
        location="Mechelen",
        lead_organisations=[acv],
    )
    assert list(atelier.lead_organisations.all()) == [acv]


def test_changing_time_or_place_bumps_the_calendar_sequence(atelier, staff):
    services.atelier_update(atelier=atelier, by=staff, description=atelier.description)
    atelier.refresh_from_db()
    assert atelier.sequence == 0
    services.atelier_update(atelier=atelier, by=staff, location="Elders")
    atelier.refresh_from_db()
    assert atelier.sequence == 1


def test_duplicate_prefills_a_new_atelier_a_week_later_same_local_time(client_for, atelier):
    # Starting just before the end of summer time: the copy keeps 14:00 Brussels time.
    atelier.starts_at = dt.datetime(2099, 10, 20, 14, 0, tzinfo=BRUSSELS)
    atelier.ends_at = dt.datetime(2099, 10, 20, 17, 0, tzinfo=BRUSSELS)
    atelier.save()
    response = client_for("lead").get(f"/ateliers/{atelier.pk}/duplicate/")
    initial = response.context["form"].initial
    assert initial["title"] == atelier.title
    starts = timezone.localtime(initial["starts_at"])
    assert (starts.date(), starts.hour) == (dt.date(2099, 10, 27), 14)
    assert Atelier.objects.count() == 1  # nothing saved until the form is submitted


def test_duplicate_of_a_past_atelier_moves_into_the_future(client_for, held_atelier):
    response = client_for("lead").get(f"/ateliers/{held_atelier.pk}/duplicate/")
    assert response.context["form"].initial["starts_at"] > timezone.now()


def test_cancelled_atelier_cannot_be_edited(client_for, atelier):
    atelier.status = AtelierStatus.CANCELLED
    atelier.save()
    response = client_for("lead").get(f"/ateliers/{atelier.pk}/edit/")
    assert response.status_code == 302


def test_held_atelier_cannot_be_rescheduled(held_atelier, staff):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.atelier_update(
            atelier=held_atelier, by=staff, starts_at=held_atelier.starts_at + dt.timedelta(1)
        )


def test_database_refuses_end_before_start(chemie):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        AtelierFactory(sector=chemie, ends_at=timezone.now() - dt.timedelta(days=400))


def test_capacity_of_zero_is_refused(staff, chemie, freeze):
    form = AtelierForm(
        _data(chemie, "2026-06-12T14:00", "2026-06-12T17:00", capacity=0), user=staff
    )
    assert not form.is_valid()
    assert "capacity" in form.errors


# --- Dates stay within 2000–2100; duplicate never overflows (issue 15) --------------------------


@pytest.mark.parametrize("field", ["starts_at", "ends_at", "registration_deadline"])
def test_a_date_beyond_2100_is_refused_with_a_clear_message(client_for, chemie, field):
    data = _data(chemie, "2030-06-12T14:00", "2030-06-12T17:00")
    data[field] = "9999-12-31T10:00"
    response = client_for("staff").post("/ateliers/new/", data)
    assert response.status_code == 200
    assert "Kies een datum tussen 2000 en 2100" in response.text
    assert Atelier.objects.count() == 0


def test_duplicate_of_an_atelier_at_the_end_of_the_calendar_never_overflows(client_for, atelier):
    # Stored before the range check existed (or by a hand in the database).
    Atelier.objects.filter(pk=atelier.pk).update(
        starts_at=dt.datetime(9999, 12, 31, 10, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(9999, 12, 31, 12, 0, tzinfo=dt.UTC),
    )
    response = client_for("lead").get(f"/ateliers/{atelier.pk}/duplicate/")
    assert response.status_code == 200
    assert response.context["form"].initial["starts_at"] is None  # left for the planner


def test_new_atelier_ignores_a_malformed_sector(client_for, chemie):
    for slug in ("²", "chemie\x00", "x" * 500, chemie.slug):
        response = client_for("staff").get("/ateliers/new/", {"sector": slug})
        assert response.status_code == 200
    assert response.context["form"].initial["sector"] == chemie
