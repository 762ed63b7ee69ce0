"""Browser journey (real Chromium, real Celery worker) on the demo pact: staff open period 2015,
VDAB reports its logistics action on track with an indicator value, Voka reports a delay with a
reason, staff send Voka's report back and it is resubmitted; the monitoring report PDF
(pdftotext) and the XLSX (openpyxl) show both actions."""

import subprocess
import time

import pytest
from openpyxl import load_workbook

from adoption import demo as adoption_demo
from adoption.models import Adoption
from ateliers import demo as ateliers_demo
from monitoring.models import MonitoringReport, ProgressReport, RenderStatus, ReportState
from pact import demo as pact_demo
from pact.models import Action
from pact.snapshot import iter_actions
from proposals import demo as proposals_demo
from sectors import demo as sectors_demo
from streekpact.partners import demo as partners_demo
from tests.browser import axe_violations, login, logout

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]
PASSWORD = "streekpact-demo"
STAFF, VDAB, VOKA = (f"{name}@demo.streekpact.be" for name in ("staff", "vdab", "voka"))


def pdf_text(path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def wait_until_rendered(timeout=90) -> MonitoringReport:
    """Poll the database (as the worker tests do) until the worker finished the render."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        report = MonitoringReport.objects.order_by("-pk").first()
        if report is not None and report.status in (RenderStatus.READY, RenderStatus.FAILED):
            return report
        time.sleep(0.3)
    raise AssertionError("the monitoring report was not rendered in time")


def report_action(page, period_url, action, *, status, narrative, obstacles="", values=()):
    page.goto(period_url)
    page.locator(f'a[href$="/actions/{action.pk}/report/"]').click()
    assert axe_violations(page) == []
    page.locator("#id_status").select_option(status)
    page.locator("#id_narrative").fill(narrative)
    if obstacles:
        page.locator("#id_obstacles").fill(obstacles)
    for indicator, value, day in values:
        page.locator(f"#id_value_{indicator.pk}").fill(value)
        page.locator(f"#id_date_{indicator.pk}").fill(day)
    page.locator("button[name=intent][value=submit]").click()
    page.wait_for_url("**/monitoring/reports/*/")


def test_a_reporting_cycle_from_period_to_monitoring_report(
    page, celery_worker, settings, tmp_path
):
    settings.MEDIA_ROOT = celery_worker.media_root
    for part in (
        partners_demo,
        sectors_demo,
        ateliers_demo,
        proposals_demo,
        pact_demo,
        adoption_demo,  # staff open period 2015 on the adopted demo pact
    ):
        part.seed(password=PASSWORD)
    logistics = Action.objects.get(title__icontains="heftruck")
    internships = Action.objects.get(title__icontains="Stagebank")
    assert logistics.trekker.short_name == "VDAB" and internships.trekker.short_name == "Voka"

    # Staff name the logistics action's indicators after the pact and complete one.
    login(page, STAFF, PASSWORD)
    page.goto(f"/monitoring/actions/{logistics.pk}/indicators/")
    assert axe_violations(page) == []
    page.locator("button[name=from_wording]").click()
    page.locator("#indicators a", has_text="Bewerken").first.click()
    page.locator("#id_unit").fill("%")
    page.locator("#id_baseline").fill("55")
    page.locator("#id_baseline_date").fill("2014-01-01")
    page.locator("#id_target").fill("75")
    page.locator("#id_target_date").fill("2020-12-31")
    page.locator("input[type=submit][name=submit]").click()
    page.wait_for_url(f"**/monitoring/actions/{logistics.pk}/indicators/")
    indicator = logistics.monitoring_indicators.get()
    assert indicator.target == 75

    # 1. Staff open period 2015.
    page.goto("/monitoring/")
    page.locator('a[href="/monitoring/periods/new/"]').click()
    page.locator("#id_title").fill("2015")
    page.locator("#id_starts_on").fill("2015-01-01")
    page.locator("#id_ends_on").fill("2015-12-31")
    page.locator("#id_deadline").fill("2016-01-31")
    page.locator("input[type=submit][name=submit]").click()
    page.wait_for_url("**/monitoring/periods/*/")
    period_url = page.url
    assert axe_violations(page) == []
    logout(page)

    # 2. VDAB reports its logistics action as on track, with an indicator value.
    login(page, VDAB, PASSWORD)
    report_action(
        page,
        period_url,
        logistics,
        status="on_track",
        narrative="Drie groepen volgden het traject; 68 % vond binnen zes maanden werk.",
        values=[(indicator, "68", "2015-12-31")],
    )
    assert page.locator("#report-state").inner_text() == "Ingediend"
    logout(page)

    # 3. Voka reports a delay with a reason.
    login(page, VOKA, PASSWORD)
    page.goto(period_url)
    assert axe_violations(page) == []
    report_action(
        page,
        period_url,
        internships,
        status="delayed",
        narrative="Minder nieuwe stageplaatsen dan gepland.",
        obstacles="Twee farmabedrijven stelden hun deelname uit.",
    )
    voka_report = ProgressReport.objects.get(action=internships)
    logout(page)

    # 4. Staff send Voka's report back; Voka resubmits it.
    login(page, STAFF, PASSWORD)
    page.goto(f"/monitoring/reports/{voka_report.pk}/")
    assert axe_violations(page) == []
    page.locator("#id_remark").fill("Hoeveel stageplaatsen zijn er wel bijgekomen?")
    page.locator("button[name=send_back]").click()
    page.wait_for_url(f"**/monitoring/reports/{voka_report.pk}/")
    voka_report.refresh_from_db()
    assert voka_report.state == ReportState.RETURNED
    logout(page)

    login(page, VOKA, PASSWORD)
    page.goto(period_url)
    page.locator(f'a[href$="/actions/{internships.pk}/report/"]').click()
    assert "Hoeveel stageplaatsen" in page.locator("#return-remark").inner_text()
    assert (
        page.locator("#id_obstacles").input_value()
        == "Twee farmabedrijven stelden hun deelname uit."
    )
    page.locator("#id_narrative").fill("Zes nieuwe stageplaatsen, minder dan de geplande twintig.")
    page.locator("button[name=intent][value=submit]").click()
    page.wait_for_url("**/monitoring/reports/*/")
    voka_report.refresh_from_db()
    assert voka_report.state == ReportState.SUBMITTED
    logout(page)

    # 5. Staff make the monitoring report; the PDF and the XLSX show both actions.
    login(page, STAFF, PASSWORD)
    page.goto(period_url)
    page.locator("button[name=request_pdf]").click()
    page.wait_for_url(period_url)
    rendered = wait_until_rendered()
    assert rendered.status == RenderStatus.READY, rendered.failure_reason
    page.goto(period_url)
    with page.expect_download() as info:
        page.locator("#monitoring-reports a").first.click()
    pdf = tmp_path / "monitoring.pdf"
    info.value.save_as(pdf)
    text = pdf_text(pdf)
    assert "Monitoringrapport 2015" in text
    assert logistics.title in text and "Op schema" in text and "68 %" in text
    assert internships.title in text and "Vertraagd" in text
    assert "Twee farmabedrijven stelden hun deelname uit." in text
    assert "Zes nieuwe stageplaatsen" in text

    with page.expect_download() as info:
        page.locator('a[href$="/export.xlsx"]').click()
    xlsx = tmp_path / "monitoring.xlsx"
    info.value.save_as(xlsx)
    rows = list(load_workbook(xlsx).active.iter_rows(values_only=True))
    by_action = {row[2]: row for row in rows[1:]}
    assert by_action[logistics.title][5] == "Op schema"
    assert "68" in by_action[logistics.title][10]
    assert by_action[internships.title][5] == "Vertraagd"
    assert by_action[internships.title][7] == "Twee farmabedrijven stelden hun deelname uit."

    # 6. Staff close and publish 2015: anonymous visitors of the public site see each action's
    # status (at its number in the adopted pact) and download the monitoring report.
    page.goto(period_url)
    page.locator("button[name=status][value=closed]").click()
    page.wait_for_url(period_url)
    page.locator("button[name=status][value=published]").click()
    page.wait_for_url(period_url)
    logout(page)
    adoption = Adoption.objects.current()
    period = adoption.content["pact"]["period"]
    numbers = {item["id"]: item["number"] for _c, item in iter_actions(adoption.content)}
    page.goto(f"/pact/{period}/acties/{numbers[logistics.pk]}/")
    assert "Stand na 2015" in page.locator("#follow-up").locator("..").inner_text()
    assert "Op schema" in page.locator("#follow-up").locator("..").inner_text()
    assert axe_violations(page) == []
    page.goto(f"/pact/{period}/acties/{numbers[internships.pk]}/")
    assert "Vertraagd" in page.locator("#follow-up").locator("..").inner_text()
    page.goto(f"/pact/{period}/opvolging/")
    assert axe_violations(page) == []
    with page.expect_download() as info:
        page.locator("a", has_text="Monitoringrapport").first.click()
    public_pdf = tmp_path / "public.pdf"
    info.value.save_as(public_pdf)
    assert "Monitoringrapport 2015" in pdf_text(public_pdf)
