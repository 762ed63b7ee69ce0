"""Browser journey as the chair: the insight page on the demo data, one sector, the tables by
keyboard, no serious or critical axe finding; and a partner's own involvement."""

import io

import pytest
from django.core.management import call_command

from insight.figures import CHART_SLUGS
from pact.services import pact_prepare
from sectors.models import Sector
from streekpact.partners.models import Organisation
from tests.browser import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "demo-password-123"


@pytest.fixture
def demo(settings, monkeypatch):
    pact_prepare()  # the transactional flush removed the pact the migration made
    monkeypatch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
    settings.DEBUG = True  # seed_demo refuses otherwise
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False


def _summary(page, slug: str) -> str:
    return page.locator(f"#chart-{slug}-summary").inner_text()


def test_the_chair_reads_the_charts_and_narrows_them_to_one_sector(page, demo):
    login(page, "voorzitter@demo.streekpact.be", DEMO_PASSWORD)
    page.goto("/")
    page.get_by_role("link", name="Inzicht", exact=True).first.click()
    page.wait_for_url("**/insight/")

    charts = page.locator("section.chart")
    # Every chart of the page is drawn on the demo data (its monitoring periods included).
    assert charts.count() == len(CHART_SLUGS)
    assert page.locator("section.chart svg[role=img]").count() == len(CHART_SLUGS)
    everything = {slug: _summary(page, slug) for slug in ("funnel", "draagvlak")}
    assert "voorstellen ingediend" in everything["funnel"]
    assert axe_violations(page) == []

    # One sector: the charts change, and so do their summaries.
    sector = Sector.objects.get(slug="chemie-en-farma")
    page.locator("#id_sector").select_option(str(sector.pk))
    page.get_by_role("button", name="Tonen").click()
    page.wait_for_url(f"**/insight/?sector={sector.pk}*")
    assert _summary(page, "funnel") != everything["funnel"]
    funnel_table = page.locator("#chart-funnel table tbody tr")
    assert funnel_table.count() == 1

    # Every chart's table opens from the keyboard: Tab to its summary, Enter.
    for slug in ("participation", "involvement", "draagvlak", "objections", "funnel"):
        details = page.locator(f"#chart-{slug} details")
        if details.count() == 0:
            continue  # no data for this chart in this sector: no table to open
        toggle = details.locator("summary")
        toggle.focus()
        assert page.evaluate("() => document.activeElement.tagName") == "SUMMARY"
        page.keyboard.press("Enter")
        assert details.evaluate("d => d.open")
        assert details.locator("table th[scope=col]").count() >= 2
    assert (
        page.locator("#chart-funnel table tbody tr")
        .first.inner_text()
        .startswith("Chemie en farma")
    )
    assert axe_violations(page) == []

    # The CSV of a chart, with the page's filter.
    with page.expect_download() as info:
        page.locator("#chart-funnel a[download]").click()
    assert info.value.suggested_filename == "inzicht-funnel-chemie-en-farma.csv"


def test_a_partner_sees_the_involvement_of_their_own_organisation(page, demo):
    login(page, "voka@demo.streekpact.be", DEMO_PASSWORD)
    page.goto(Organisation.objects.get(short_name="Voka").get_absolute_url())
    section = page.locator("#involvement")
    section.wait_for()
    assert "Bijgewoonde ateliers" in section.inner_text()
    assert axe_violations(page) == []
    # Not the insight page: that is for staff and the chair.
    assert page.get_by_role("link", name="Inzicht", exact=True).count() == 0
