"""The atelier pages' forms, filled as rendered and submitted with the button a person presses."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from webtest import Upload

from ateliers.models import Atelier, AtelierStatus, Attachment, Registration
from tests.factories import RegistrationFactory, ThemeFactory, UserFactory
from tests.webforms import choose, form_for, form_with_button, form_with_field, tick

from .test_day_and_report import PNG


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_plan_an_atelier(app_for, chemie, voka):
    form = form_with_button(app_for("lead").get(reverse("ateliers:create")), "submit")
    start = timezone.now() + dt.timedelta(days=20)
    form["sector"] = str(chemie.pk)
    form["title"] = "Inspiratieatelier procesoperatoren"
    form["starts_at"] = _local(start)
    form["ends_at"] = _local(start + dt.timedelta(hours=2))
    form["location"] = "Nekkerhal, Mechelen"
    form["capacity"] = "30"
    # Lead organisations are searched on the server: the page lists none in advance.
    assert form["lead_organisations"].options == []
    choose(form, "lead_organisations", voka.pk)
    form["ends_at"] = _local(start - dt.timedelta(hours=2))  # refused: the form comes back
    page = form.submit("submit")
    assert page.status_code == 200 and not Atelier.objects.exists()
    form = form_with_button(page, "submit")
    assert form["lead_organisations"].value == [str(voka.pk)]  # what was chosen stays
    form["ends_at"] = _local(start + dt.timedelta(hours=2))
    form.submit("submit").follow()
    atelier = Atelier.objects.get(title="Inspiratieatelier procesoperatoren")
    assert (atelier.sector, atelier.capacity) == (chemie, 30)
    assert list(atelier.lead_organisations.all()) == [voka]


def test_edit_duplicate_and_cancel_an_atelier(
    app_for, atelier, mailoutbox, django_capture_on_commit_callbacks
):
    app = app_for("lead")
    form = form_with_button(app.get(reverse("ateliers:update", args=[atelier.pk])), "submit")
    form["location"] = "Technopolis, Mechelen"
    form.submit("submit").follow()
    atelier.refresh_from_db()
    assert atelier.location == "Technopolis, Mechelen"

    form = form_with_button(app.get(reverse("ateliers:duplicate", args=[atelier.pk])), "submit")
    form["title"] = "Tweede editie"
    form.submit("submit").follow()
    assert Atelier.objects.get(title="Tweede editie").location == "Technopolis, Mechelen"

    RegistrationFactory(atelier=atelier)
    form = form_with_field(app.get(reverse("ateliers:cancel", args=[atelier.pk])), "message")
    form["message"] = "De spreker is ziek."
    with django_capture_on_commit_callbacks(execute=True):
        form.submit().follow()
    atelier.refresh_from_db()
    assert atelier.status == AtelierStatus.CANCELLED
    assert "De spreker is ziek." in mailoutbox[-1].body


def test_register_and_cancel_own_registration(app_for, atelier, partner):
    app = app_for("partner")
    page = app.get(atelier.get_absolute_url())
    form_for(page, reverse("ateliers:register", args=[atelier.pk])).submit().follow()
    registration = Registration.objects.get(atelier=atelier, user=partner)
    assert registration.status == "registered"
    page = app.get(atelier.get_absolute_url())
    cancel = reverse("ateliers:registration_cancel", args=[atelier.pk, registration.pk])
    form_for(page, cancel).submit().follow()
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_register_a_colleague(app_for, atelier, voka):
    colleague = UserFactory(organisation=voka, name="Karel Collega")
    page = app_for("lead").get(reverse("ateliers:register_colleague", args=[atelier.pk]))
    form = form_with_button(page, "submit")
    form["user"] = str(colleague.pk)
    form.submit("submit").follow()
    assert Registration.objects.active().filter(atelier=atelier, user=colleague).exists()


def test_attendance_and_walk_in(app_for, held_atelier):
    present = RegistrationFactory(atelier=held_atelier)
    absent = RegistrationFactory(atelier=held_atelier)
    app = app_for("lead")
    page = app.get(reverse("ateliers:attendance", args=[held_atelier.pk]))
    form = form_with_field(page, "attended")
    tick(form, "attended", present.pk)
    form.submit().follow()
    present.refresh_from_db()
    absent.refresh_from_db()
    assert (present.attended, absent.attended) == (True, False)

    page = app.get(reverse("ateliers:attendance", args=[held_atelier.pk]))
    form = form_for(page, reverse("ateliers:walk_in", args=[held_atelier.pk]))
    form["walkin-guest_name"] = "Walter Binnenloper"
    form["walkin-guest_email"] = "walter@x.example"
    form.submit("submit").follow()
    walk_in = Registration.objects.get(atelier=held_atelier, guest_name="Walter Binnenloper")
    assert walk_in.attended


def test_report_attachments_and_publishing(app_for, held_atelier):
    theme = ThemeFactory(name="Talentontwikkeling")
    app = app_for("lead")
    url = reverse("ateliers:report", args=[held_atelier.pk])
    form = app.get(url).forms["report-form"]
    form["summary"] = "Een geslaagde namiddag."
    form["conclusions-0-text"] = "Meer stageplaatsen in de chemie."
    form["conclusions-0-theme"] = str(theme.pk)
    response = form.submit()
    assert response.status_code == 302, response.html.select(".alert, .invalid-feedback")
    response.follow()
    held_atelier.refresh_from_db()
    assert held_atelier.report_summary == "Een geslaagde namiddag."
    assert [c.text for c in held_atelier.conclusions.all()] == ["Meer stageplaatsen in de chemie."]

    form = form_for(app.get(url), reverse("ateliers:attachment_create", args=[held_atelier.pk]))
    form["file"] = Upload("foto.png", PNG, "image/png")
    form["title"] = "Groepsfoto"
    form.submit().follow()
    attachment = Attachment.objects.get()
    assert attachment.title == "Groepsfoto"

    delete = reverse("ateliers:attachment_delete", args=[held_atelier.pk, attachment.pk])
    form_for(app.get(url), delete).submit().follow()
    assert not Attachment.objects.exists()

    form_for(app.get(url), reverse("ateliers:report_publish", args=[held_atelier.pk])).submit()
    held_atelier.refresh_from_db()
    assert held_atelier.report_is_published


def test_atelier_list_filter(app_for, atelier, other_atelier):
    page = app_for("partner").get(reverse("ateliers:list"))
    form = form_with_field(page, "sector")
    form["sector"] = str(atelier.sector.pk)
    page = form.submit()
    assert atelier.title in page.text
    assert other_atelier.title not in page.text
