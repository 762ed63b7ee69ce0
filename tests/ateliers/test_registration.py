"""Registration: deadline and capacity edges, the waiting list, colleagues, e-mails."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ateliers import services
from ateliers.models import AtelierStatus, Registration, RegistrationStatus

from .factories import AtelierFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def small(chemie, voka):
    """Room for two."""
    return AtelierFactory(sector=chemie, leads=[voka], capacity=2)


def _register(atelier, user, by=None):
    return services.registration_register(atelier=atelier, user=user, by=by or user)


def test_registration_until_capacity_then_waiting_list(small, django_capture_on_commit_callbacks):
    people = UserFactory.create_batch(4)
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [_register(small, p).status for p in people]
    assert statuses == [
        RegistrationStatus.REGISTERED,
        RegistrationStatus.REGISTERED,
        RegistrationStatus.WAITLISTED,
        RegistrationStatus.WAITLISTED,
    ]


def test_cancel_promotes_the_first_on_the_waiting_list(
    small, mailoutbox, django_capture_on_commit_callbacks
):
    first, second, third, fourth = UserFactory.create_batch(4)
    for person in (first, second, third, fourth):
        _register(small, person)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(
            registration=Registration.objects.get(atelier=small, user=second), by=second
        )
    statuses = dict(Registration.objects.filter(atelier=small).values_list("user", "status"))
    assert statuses[second.pk] == RegistrationStatus.CANCELLED
    assert statuses[third.pk] == RegistrationStatus.REGISTERED  # first come, first served
    assert statuses[fourth.pk] == RegistrationStatus.WAITLISTED
    assert [m.to for m in mailoutbox] == [[third.email]]
    assert "plaats" in mailoutbox[0].subject.lower()


def test_reregistering_after_cancelling_goes_to_the_back(small):
    first, second, third = UserFactory.create_batch(3)
    for person in (first, second, third):
        _register(small, person)
    services.registration_cancel(
        registration=Registration.objects.get(atelier=small, user=first), by=first
    )  # third is promoted
    again = _register(small, first)
    assert again.status == RegistrationStatus.WAITLISTED
    assert Registration.objects.filter(atelier=small, user=first).count() == 1


def test_cannot_register_twice(atelier, partner):
    _register(atelier, partner)
    with pytest.raises(ValidationError, match="al ingeschreven"):
        _register(atelier, partner)


def test_registration_closes_exactly_at_the_deadline(atelier, partner, outsider):
    deadline = timezone.now() + dt.timedelta(minutes=5)
    atelier.registration_deadline = deadline
    atelier.save()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(timezone, "now", lambda: deadline - dt.timedelta(seconds=1))
        assert _register(atelier, partner).status == RegistrationStatus.REGISTERED
        mp.setattr(timezone, "now", lambda: deadline)
        with pytest.raises(ValidationError, match="deadline"):
            _register(atelier, outsider)


def test_without_a_deadline_registration_closes_at_the_start(chemie, partner):
    atelier = AtelierFactory(
        sector=chemie,
        starts_at=timezone.now() - dt.timedelta(minutes=1),
        ends_at=timezone.now() + dt.timedelta(hours=2),
    )
    with pytest.raises(ValidationError, match="deadline"):
        _register(atelier, partner)


@pytest.mark.parametrize("status", [AtelierStatus.CANCELLED, AtelierStatus.HELD])
def test_no_registration_unless_planned(atelier, partner, status):
    atelier.status = status
    atelier.save()
    with pytest.raises(ValidationError):
        _register(atelier, partner)


def test_register_a_colleague_of_ones_own_organisation(
    atelier, partner, vdab, mailoutbox, django_capture_on_commit_callbacks
):
    colleague = UserFactory(organisation=vdab, name="Cora Collega")
    with django_capture_on_commit_callbacks(execute=True):
        registration = _register(atelier, colleague, by=partner)
    assert registration.registered_by == partner
    assert registration.organisation == vdab
    assert mailoutbox[0].to == [colleague.email]
    assert partner.name in mailoutbox[0].body


def test_cannot_register_someone_of_another_organisation(atelier, partner, outsider):
    with pytest.raises(ValidationError):
        _register(atelier, outsider, by=partner)
    assert not Registration.objects.filter(user=outsider).exists()


def test_register_colleague_form_lists_only_colleagues(client_for, atelier, vdab, acv, partner):
    colleague = UserFactory(organisation=vdab)
    UserFactory(organisation=acv)
    form = client_for("partner").get(f"/ateliers/{atelier.pk}/register-colleague/").context["form"]
    assert set(form.fields["user"].queryset) == {partner, colleague}


def test_register_colleague_by_guessing_an_outsiders_id_is_refused(client_for, atelier, outsider):
    response = client_for("partner").post(
        f"/ateliers/{atelier.pk}/register-colleague/", {"user": outsider.pk}
    )
    assert response.status_code == 200
    assert "user" in response.context["form"].errors
    assert not Registration.objects.filter(user=outsider).exists()


def test_register_through_the_page(client_for, atelier, partner, mailoutbox):
    client = client_for("partner")
    response = client.post(f"/ateliers/{atelier.pk}/register/", follow=True)
    assert Registration.objects.get(atelier=atelier, user=partner).status == "registered"
    assert "Je bent ingeschreven" in response.content.decode() or "ingeschreven" in str(
        list(response.context["messages"])[0]
    )


def test_register_after_deadline_shows_a_clear_message(client_for, atelier, partner):
    atelier.registration_deadline = timezone.now() - dt.timedelta(minutes=1)
    atelier.save()
    response = client_for("partner").post(f"/ateliers/{atelier.pk}/register/", follow=True)
    assert not Registration.objects.filter(user=partner).exists()
    assert "deadline" in str(list(response.context["messages"])[0]).lower()


def test_raising_the_capacity_promotes_from_the_waiting_list(small, staff):
    people = UserFactory.create_batch(3)
    for person in people:
        _register(small, person)
    services.atelier_update(atelier=small, by=staff, capacity=3)
    assert Registration.objects.get(user=people[2]).status == RegistrationStatus.REGISTERED


def test_capacity_below_current_registrations_is_refused(small, staff):
    for person in UserFactory.create_batch(2):
        _register(small, person)
    with pytest.raises(ValidationError, match="capaciteit kan niet lager"):
        services.atelier_update(atelier=small, by=staff, capacity=1)
    small.refresh_from_db()
    assert small.capacity == 2


def test_cancelling_the_atelier_mails_everyone_with_the_message(
    small, staff, mailoutbox, django_capture_on_commit_callbacks
):
    people = UserFactory.create_batch(3)  # two registered, one waiting
    for person in people:
        _register(small, person)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.atelier_cancel(atelier=small, by=staff, message="De zaal is niet beschikbaar.")
    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.email for p in people)
    assert "De zaal is niet beschikbaar." in mailoutbox[0].body
    small.refresh_from_db()
    assert small.status == AtelierStatus.CANCELLED
    assert small.sequence == 1


def test_cancel_without_message_is_refused(client_for, atelier):
    response = client_for("lead").post(f"/ateliers/{atelier.pk}/cancel/", {"message": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors
    atelier.refresh_from_db()
    assert atelier.status == AtelierStatus.PLANNED


def test_mails_are_in_the_recipients_language(
    atelier, mailoutbox, django_capture_on_commit_callbacks
):
    english = UserFactory(language="en")
    dutch = UserFactory(language="nl-be")
    with django_capture_on_commit_callbacks(execute=True):
        _register(atelier, english)
        _register(atelier, dutch)
    assert mailoutbox[0].subject.startswith("[Streekpact] You are registered")
    assert mailoutbox[1].subject.startswith("[Streekpact] Je bent ingeschreven")


def test_no_mail_when_the_transaction_rolls_back(atelier, partner, mailoutbox):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        _register(atelier, partner)
        raise RuntimeError
    assert mailoutbox == []
    assert not Registration.objects.filter(user=partner).exists()


def test_a_new_time_or_place_is_mailed_to_those_registered(
    atelier, staff, mailoutbox, django_capture_on_commit_callbacks
):
    person = UserFactory()
    _register(atelier, person)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.atelier_update(atelier=atelier, by=staff, description="Alleen de tekst")
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        services.atelier_update(atelier=atelier, by=staff, location="De Nekkerhal, Mechelen")
    assert [m.to for m in mailoutbox] == [[person.email]]
    assert "De Nekkerhal, Mechelen" in mailoutbox[0].body
    assert "Gewijzigd" in mailoutbox[0].subject
