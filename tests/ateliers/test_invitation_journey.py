"""Browser journey (real Chromium): staff invite VDAB and Voka to a new atelier, both receive the
mail, and a VDAB member registers from the link in it."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from ateliers.models import Atelier, Registration, RegistrationStatus
from tests.browser import login, logout
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_invite_vdab_and_voka_and_vdab_registers_from_the_mail(
    page, staff, lead, partner, chemie, mailoutbox
):
    """The organisations are chosen by searching, as staff do in the browser."""
    # Staff plan a new atelier of Chemie en farma.
    login(page, staff.email)
    page.goto("/ateliers/new/")
    start = (timezone.now() + dt.timedelta(days=10)).replace(minute=0, second=0, microsecond=0)
    page.get_by_label("Sector").select_option(label="Chemie en farma")
    page.get_by_label("Titel").fill("Procesoperatoren van morgen")
    page.get_by_label("Begint om").fill(timezone.localtime(start).strftime("%Y-%m-%dT%H:%M"))
    end = timezone.localtime(start + dt.timedelta(hours=2))
    page.get_by_label("Eindigt om").fill(end.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Locatie (adres)").fill("Nekkerhal, Mechelen")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_role("heading", name="Procesoperatoren van morgen").wait_for()
    atelier = Atelier.objects.get(title="Procesoperatoren van morgen")

    # They invite VDAB and Voka with the organisation form's own button.
    page.get_by_role("link", name="Uitnodigen").first.click()
    # The organisation picker lists no one in advance: staff type part of a name and choose
    # from what the server suggests (Tom Select).
    organisations = page.get_by_role("region", name="Partnerorganisaties")
    assert page.locator("select[name=org-organisations] option").count() == 0
    for typed, name in (("vda", "VDAB"), ("vok", "Voka")):
        page.locator("#id_org-organisations-ts-control").fill(typed)
        page.locator("#id_org-organisations-ts-dropdown .option", has_text=name).click()
    organisations.get_by_label("Persoonlijk bericht").fill("We rekenen op jullie!")
    page.get_by_role("button", name="Organisaties uitnodigen").click()
    page.get_by_text(re.compile(r"2 organisatie.* uitgenodigd")).wait_for()
    assert page.locator(".invalid-feedback").count() == 0
    invited = atelier.invitations.values_list("organisation__short_name", flat=True)
    assert sorted(invited) == ["VDAB", "Voka"]
    logout(page)

    deadline = dt.datetime.now() + dt.timedelta(seconds=10)
    while len(mailoutbox) < 2 and dt.datetime.now() < deadline:
        page.wait_for_timeout(100)
    recipients = sorted(to for mail in mailoutbox for to in mail.to)
    assert recipients == sorted([lead.email, partner.email])
    to_vdab = next(mail for mail in mailoutbox if mail.to == [partner.email])
    assert "We rekenen op jullie!" in to_vdab.body

    # The VDAB member follows the link in the mail, logs in and registers.
    link = re.search(r"https?://\S+(/ateliers/\d+/)", to_vdab.body).group(1)
    page.goto(link)
    page.locator("input[name=login]").fill(partner.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form#login-form button[type=submit]").click()
    page.get_by_role("heading", name="Procesoperatoren van morgen").wait_for()
    page.get_by_role("button", name="Inschrijven").click()
    page.get_by_text("Je bent ingeschreven.").wait_for()
    registration = Registration.objects.get(atelier=atelier, user=partner)
    assert registration.status == RegistrationStatus.REGISTERED
