"""The monitoring report: frozen content, rendered through the pact's pipeline (PDF/UA), the
status guard, stale recovery, download rights, and the real worker."""

import datetime as dt
import shutil
import subprocess
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from monitoring import services
from monitoring.models import MonitoringReport, PeriodStatus, RenderStatus

from ..pdfua import pdfua_problems
from .conftest import save_report

pytestmark = pytest.mark.django_db

if not shutil.which("pdftotext"):
    pytest.skip("poppler-utils is needed", allow_module_level=True)


def pdftotext(path) -> str:
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def reported(world, lead, partner):
    save_report(
        world["period"],
        world["voka"],
        lead,
        values={world["indicator"]: (Decimal("25"), dt.date(2015, 12, 31))},
        spent=Decimal("8000"),
    )
    save_report(
        world["period"],
        world["vdab"],
        partner,
        status="delayed",
        narrative="De opleiding start later.",
        obstacles="Geen lesgevers gevonden",
    )
    return world


def test_the_report_shows_both_actions_and_is_tagged(
    reported, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report, created = services.monitoring_report_request(period=reported["period"], by=staff)
    assert created
    report.refresh_from_db()
    assert report.status == RenderStatus.READY, report.failure_reason
    text = " ".join(pdftotext(report.pdf.path).split())
    assert "Monitoringrapport 2015" in text
    assert "Stagebank chemie" in text and "Op schema" in text
    assert "Aantal stageplaatsen" in text and "25 plaatsen" in text and "niet op koers" in text
    assert "€ 25.000,00" in text and "€ 8.000,00" in text
    assert "Opleiding heftruckchauffeur" in text and "Vertraagd" in text
    assert "Geen lesgevers gevonden" in text  # in the list of delayed actions with reasons
    assert pdfua_problems(report.pdf.path) == []


def test_the_report_draws_the_status_per_chapter_as_a_figure_with_alt_text(
    reported, staff, django_capture_on_commit_callbacks
):
    import pikepdf

    with django_capture_on_commit_callbacks(execute=True):
        report, _created = services.monitoring_report_request(period=reported["period"], by=staff)
    report.refresh_from_db()
    assert report.status == RenderStatus.READY, report.failure_reason
    text = " ".join(pdftotext(report.pdf.path).split())
    assert "Figuur 1. Status van de acties per hoofdstuk." in text
    with pikepdf.open(report.pdf.path) as pdf:
        figures = [
            o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/S") == "/Figure"
        ]
        alts = [str(f.get("/Alt", "")) for f in figures]
    # The alt text is the chart's title and its summary, with the numbers of the table.
    summary = (
        "Status van de acties per hoofdstuk. 2015: van 2 acties zijn er 0 uitgevoerd, "
        "1 op schema, 1 vertraagd of stopgezet en 0 niet gerapporteerd."
    )
    assert summary in alts
    assert all(alts), "every figure has alternative text"
    assert pdfua_problems(report.pdf.path) == []


def test_a_second_request_of_the_same_content_is_the_first(reported, staff):
    first, created = services.monitoring_report_request(period=reported["period"], by=staff)
    second, created_again = services.monitoring_report_request(period=reported["period"], by=staff)
    assert created and not created_again and first == second


def test_the_status_guard_renders_once(reported, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report, _ = services.monitoring_report_request(period=reported["period"], by=staff)
    assert services.monitoring_report_render(report_pk=report.pk) is None  # already ready


def test_a_stale_render_is_queued_again_then_given_up(reported, staff, settings):
    report, _ = services.monitoring_report_request(period=reported["period"], by=staff)
    long_ago = timezone.now() - timedelta(hours=1)
    MonitoringReport.objects.filter(pk=report.pk).update(
        status=RenderStatus.RENDERING, started_at=long_ago, heartbeat_at=long_ago, attempts=1
    )
    assert services.monitoring_reports_recover_stale() == [report]
    report.refresh_from_db()
    assert report.status == RenderStatus.QUEUED
    MonitoringReport.objects.filter(pk=report.pk).update(
        status=RenderStatus.RENDERING,
        heartbeat_at=long_ago,
        attempts=settings.PACT_MAX_RENDER_ATTEMPTS,
    )
    services.monitoring_reports_recover_stale()
    report.refresh_from_db()
    assert report.status == RenderStatus.FAILED and report.failure_reason


ROLES = ["staff", "chair", "lead", "partner", "outsider", "anonymous"]


@pytest.mark.parametrize("role", ROLES)
def test_request_matrix(client_for, role, reported):
    response = client_for(role).post(
        reverse("monitoring:monitoring_report_request", args=[reported["period"].pk])
    )
    if role == "anonymous":
        assert response.status_code == 302 and "login" in response["Location"]
    else:
        assert response.status_code == (302 if role == "staff" else 403)
    assert MonitoringReport.objects.exists() is (role == "staff")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("published", [False, True])
def test_download_matrix(
    client_for, role, published, reported, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report, _ = services.monitoring_report_request(period=reported["period"], by=staff)
    if published:
        services.period_set_status(period=reported["period"], status=PeriodStatus.CLOSED, by=staff)
        services.period_set_status(
            period=reported["period"], status=PeriodStatus.PUBLISHED, by=staff
        )
    response = client_for(role).get(
        reverse("monitoring:monitoring_report_download", args=[report.pk])
    )
    allowed = role in ("staff", "chair") or (published and role != "anonymous")
    if role == "anonymous":
        assert response.status_code == 302
    elif allowed:
        assert response.status_code == 200
        assert b"".join(response.streaming_content)[:5] == b"%PDF-"
    else:
        assert response.status_code == 404


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_real_worker_renders_the_report(celery_worker, settings, reported, staff):
    from pact.services import pact_prepare

    pact_prepare()
    settings.MEDIA_ROOT = celery_worker.media_root
    report, _ = services.monitoring_report_request(period=reported["period"], by=staff)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if report.status in (RenderStatus.READY, RenderStatus.FAILED):
            break
        time.sleep(0.3)
    assert report.status == RenderStatus.READY, report.failure_reason
    assert "Stagebank chemie" in pdftotext(report.pdf.path)
