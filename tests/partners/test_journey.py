"""Browser journey: staff invite a partner, who accepts, logs in and sees the sectors in Dutch."""

import re

import pytest

from sectors import demo as sectors_demo
from streekpact.partners import demo as partners_demo
from tests.browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_invites_a_partner_who_joins_and_sees_the_sectors(page, mailoutbox):
    partners_demo.seed(password="streekpact-demo")
    sectors_demo.seed(password="streekpact-demo")

    login(page, "staff@demo.streekpact.be", "streekpact-demo")
    page.get_by_role("link", name="Partners").first.click()
    page.get_by_role("link", name="Iemand uitnodigen").click()
    page.get_by_label("E-mailadres").fill("jan.vdab@example.be")
    page.get_by_label("Volledige naam").fill("Jan Peeters")
    # The organisation picker searches on the server as staff type (Tom Select).
    page.locator("#id_organisation-ts-control").fill("vdab")
    page.locator("#id_organisation-ts-dropdown .option", has_text="VDAB").click()
    page.get_by_role("button", name="Uitnodiging versturen").click()
    page.get_by_text("Uitnodiging verstuurd naar jan.vdab@example.be").wait_for()
    page.context.clear_cookies()

    assert len(mailoutbox) == 1
    link = re.search(r"https?://\S+(/accounts/invitation/\S+/)", mailoutbox[0].body).group(1)
    page.goto(link)
    page.get_by_text("Je bent uitgenodigd als lid van VDAB").wait_for()
    page.locator("#id_password1").fill("Logistiek-Mechelen-2014")
    page.get_by_label("Wachtwoord (opnieuw)").fill("Logistiek-Mechelen-2014")
    page.get_by_role("button", name="Mijn account aanmaken").click()
    page.get_by_text("Welkom! Je account is klaar.").wait_for()
    page.context.clear_cookies()

    login(page, "jan.vdab@example.be", "Logistiek-Mechelen-2014")
    page.get_by_role("link", name="Sectoren").click()
    page.get_by_role("heading", name="Sectoren").wait_for()
    names = page.locator("ol.list-group a.fw-semibold").all_inner_texts()
    assert names == [
        "Chemie en farma",
        "Land- en tuinbouw",
        "Logistiek en transport",
        "Onderwijs en arbeidsmarkt",
    ]
    assert page.locator("html").get_attribute("lang") == "nl-be"
    assert page.get_by_text("Transversale werkgroep").count() == 1
    # A partner does not get the staff's management buttons.
    assert page.get_by_role("link", name="Nieuwe sector").count() == 0
