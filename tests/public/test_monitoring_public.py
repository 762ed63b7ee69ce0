"""The public site shows the published monitoring: every action's latest published status (mapped
by the action's id in the adopted snapshot, not its number), and the monitoring reports of
published periods for anonymous download; open, closed or unpublished results, remarks and
staff's remarks never reach it. Publishing renews the cached pages."""

import datetime as dt
import subprocess
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from adoption import services as adoption_services
from monitoring import services
from monitoring.models import MonitoringReport, PeriodStatus, RenderStatus
from pact.models import Action

from .test_public import EMAIL, _crawl

pytestmark = pytest.mark.django_db

ACTION_1, ACTION_2 = "/pact/2014-2020/acties/1.1.1.1/", "/pact/2014-2020/acties/1.1.1.2/"
SECRETS = [
    "OPEN-PERIODE-CONCEPT",  # a draft report of the open period
    "GESLOTEN-NIET-GEPUBLICEERD",  # a submitted report of a closed, unpublished period
    "OPMERKING-VAN-PARTNER",  # a partner's remark
    "TERUGGESTUURD-DOOR-STAFF",  # staff's remark when sending a report back
]


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def _period(pact, year, staff):
    return services.period_create(
        pact=pact,
        title=str(year),
        starts_on=dt.date(year, 1, 1),
        ends_on=dt.date(year, 12, 31),
        deadline=dt.date(2099, 1, 31),
        by=staff,
    )


def _report(period, action, by, *, status, narrative, submit=True, obstacles=""):
    return services.report_save(
        period=period,
        action=action,
        status=status,
        narrative=narrative,
        obstacles=obstacles,
        spent=Decimal("1000"),
        partners_involved=[],
        values={},
        submit=submit,
        by=by,
    )


@pytest.fixture
def monitored(
    adopted, signatories, placed, lead, partner, staff, django_capture_on_commit_callbacks
):
    """2014 published (with its monitoring report), 2015 closed, 2016 open; live actions
    renumbered after adoption (so a number on the public site is not the live number)."""
    first, second = placed  # 1.1.1.1 and 1.1.1.2 in the adopted snapshot
    for action in placed:
        action.trekker = lead.organisation
        action.partners.add(partner.organisation)
        action.save()
    pact = adopted.pact
    with django_capture_on_commit_callbacks(execute=True):
        adoption_services.rendition_request(adoption=adopted, by=staff)
        y2014, y2015, y2016 = (_period(pact, year, staff) for year in (2014, 2015, 2016))
        returned = _report(
            y2014,
            first,
            lead,
            status="delayed",
            narrative="Eerst fout.",
            obstacles="Te weinig bedrijven.",
        )
        services.report_send_back(report=returned, remark="TERUGGESTUURD-DOOR-STAFF", by=staff)
        first_report = _report(
            y2014,
            first,
            lead,
            status="delayed",
            narrative="De stagebank loopt vertraging op.",
            obstacles="Twee bedrijven haakten af.",
        )
        services.remark_add(report=first_report, body="OPMERKING-VAN-PARTNER", by=partner)
        _report(y2014, second, lead, status="on_track", narrative="Het kamp is volzet.")
        _report(y2015, first, lead, status="done", narrative="GESLOTEN-NIET-GEPUBLICEERD")
        _report(
            y2016, first, lead, status="stopped", narrative="OPEN-PERIODE-CONCEPT", submit=False
        )
        for period in (y2014, y2015):
            services.period_set_status(period=period, status=PeriodStatus.CLOSED, by=staff)
        services.monitoring_report_request(period=y2014, by=staff)
        services.period_set_status(period=y2014, status=PeriodStatus.PUBLISHED, by=staff)
    # After adoption the live pact moves on: the two actions swap places.
    Action.objects.filter(pk=first.pk).update(position=99)
    Action.objects.filter(pk=second.pk).update(position=0)
    assert MonitoringReport.objects.get(period=y2014).status == RenderStatus.READY
    return {"2014": y2014, "2015": y2015, "2016": y2016, "first": first, "second": second}


def test_actions_show_their_latest_published_status_by_id(client, monitored):
    page = client.get(ACTION_1).content.decode()
    assert "Stagebank chemie" in page
    assert "Stand na 2014" in page and "Vertraagd" in page
    assert "De stagebank loopt vertraging op." in page
    second = client.get(ACTION_2).content.decode()
    assert "Techniekacademie" in second and "Op schema" in second and "Vertraagd" not in second
    chapter = client.get(reverse("public:chapter", args=["2014-2020", "chemie-en-farma"]))
    body = chapter.content.decode()
    # Each action of the chapter with its badge, in the adopted order (not the live one).
    assert body.index("Stagebank chemie") < body.index("Vertraagd")
    assert body.index("Vertraagd") < body.index("Techniekacademie") < body.index("Op schema")


def test_without_published_results_an_action_says_so(client, adopted, placed):
    page = client.get(ACTION_1).content.decode()
    assert "Er is nog geen opvolging van deze actie gepubliceerd." in page


def test_published_monitoring_report_downloads_anonymously(client, monitored):
    page = client.get(reverse("public:monitoring", args=["2014-2020"])).content.decode()
    url = reverse("public:monitoring_pdf", args=["2014-2020", monitored["2014"].pk])
    assert url in page and "2015" not in page
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    # A closed (unpublished) period's report is not offered, even when one is ready.
    with_report = MonitoringReport.objects.get(period=monitored["2014"])
    MonitoringReport.objects.create(
        period=monitored["2015"], status="ready", pdf=with_report.pdf.name, snapshot={}
    )
    for pk in (monitored["2015"].pk, monitored["2016"].pk, 999999):
        assert (
            client.get(reverse("public:monitoring_pdf", args=["2014-2020", pk])).status_code == 404
        )
    assert (
        client.get(
            reverse("public:monitoring_pdf", args=["2030-2040", monitored["2014"].pk])
        ).status_code
        == 404
    )


def test_publishing_renews_the_cached_pages(
    client, monitored, staff, django_capture_on_commit_callbacks
):
    assert "Vertraagd" in client.get(ACTION_1).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.period_set_status(period=monitored["2014"], status=PeriodStatus.CLOSED, by=staff)
    page = client.get(ACTION_1).content.decode()
    assert "Vertraagd" not in page and "nog geen opvolging" in page
    listing = client.get(reverse("public:monitoring", args=["2014-2020"])).content.decode()
    assert "Er zijn nog geen resultaten gepubliceerd." in listing
    with django_capture_on_commit_callbacks(execute=True):
        services.period_set_status(
            period=monitored["2014"], status=PeriodStatus.PUBLISHED, by=staff
        )
    assert "Vertraagd" in client.get(ACTION_1).content.decode()


def test_anonymous_crawl_reaches_the_monitoring_and_nothing_private(client, monitored, tmp_path):
    pages = _crawl(client, "/")
    pages.update(_crawl(client, "/sitemap.xml"))
    assert "/pact/2014-2020/opvolging/" in pages
    pdf_url = reverse("public:monitoring_pdf", args=["2014-2020", monitored["2014"].pk])
    assert pdf_url in pages
    for url, body in pages.items():
        if isinstance(body, bytes):
            path = tmp_path / "page.pdf"
            path.write_bytes(body)
            body = subprocess.run(
                ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
            ).stdout
            if url == pdf_url:
                assert "De stagebank loopt vertraging op." in " ".join(body.split())
        for secret in SECRETS:
            assert secret not in body, (url, secret)
        assert not EMAIL.findall(body), (url, EMAIL.findall(body))


@pytest.mark.parametrize("role", ["staff", "chair", "lead", "partner", "outsider", "anonymous"])
def test_public_monitoring_matrix(client_for, role, monitored):
    """The published results are public: every role (and nobody logged in) reads the list and
    downloads a published period's report; nobody gets an unpublished one here."""
    client = client_for(role)
    listing = client.get(reverse("public:monitoring", args=["2014-2020"]))
    assert listing.status_code == 200
    assert "Opvolging van de acties" in listing.content.decode()
    published = client.get(
        reverse("public:monitoring_pdf", args=["2014-2020", monitored["2014"].pk])
    )
    assert published.status_code == 200
    assert b"".join(published.streaming_content).startswith(b"%PDF")
    closed = reverse("public:monitoring_pdf", args=["2014-2020", monitored["2015"].pk])
    assert client.get(closed).status_code == 404
    assert "Vertraagd" in client.get(ACTION_1).content.decode()
