"""Pages of monitoring: the role x action matrix (allowed and refused, with effects), forms as
rendered, bad input kept, constant query counts on the overview pages."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from monitoring import services
from monitoring.models import (
    Indicator,
    PeriodStatus,
    ProgressReport,
    Remark,
    ReportingPeriod,
    ReportState,
)

from ..webforms import choose, form_with_button, form_with_field
from .conftest import save_report

pytestmark = pytest.mark.django_db

ROLES = ["staff", "chair", "lead", "partner", "outsider", "anonymous"]
STAFF = {"staff"}
STAFF_CHAIR = {"staff", "chair"}
EVERYONE = {"staff", "chair", "lead", "partner", "outsider"}


def expect(response, allowed: bool, role: str, refused: int = 403):
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    elif allowed:
        expected = 302 if response.request["REQUEST_METHOD"] == "POST" else 200
        assert response.status_code == expected, (role, response.status_code)
    else:
        assert response.status_code == refused, (role, response.status_code)


@pytest.fixture
def submitted(world, lead):
    return save_report(
        world["period"],
        world["voka"],
        lead,
        values={world["indicator"]: (Decimal("25"), dt.date(2015, 12, 31))},
    )


# --- GET pages ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "allowed", "refused"),
    [
        ("period_list", EVERYONE, 403),
        ("period_create", STAFF, 403),
        ("period_detail", EVERYONE, 403),
        ("period_edit", STAFF, 403),
        ("period_export", STAFF_CHAIR, 403),
        ("export", STAFF_CHAIR, 403),
        ("report_edit", {"lead"}, 403),  # only the trekker (Voka) reports
        ("report_detail", {"staff", "chair", "lead", "partner"}, 404),  # ACV: not involved
        ("action_indicators", STAFF, 403),
    ],
)
def test_page_matrix(client_for, request, role, name, allowed, refused, world):
    submitted = request.getfixturevalue("submitted") if name == "report_detail" else None
    args = {
        "period_detail": [world["period"].pk],
        "period_edit": [world["period"].pk],
        "period_export": [world["period"].pk],
        "report_edit": [world["period"].pk, world["voka"].pk],
        "report_detail": [submitted.pk if submitted else 0],
        "action_indicators": [world["voka"].pk],
    }.get(name, [])
    response = client_for(role).get(reverse(f"monitoring:{name}", args=args))
    expect(response, role in allowed, role, refused)


def test_staff_sees_the_overview_and_a_partner_only_its_actions(client_for, world, submitted):
    page = client_for("staff").get(world["period"].get_absolute_url()).content.decode()
    assert "Stagebank chemie" in page and "Opleiding heftruckchauffeur" in page
    assert 'id="off-track"' in page and "Aantal stageplaatsen" in page
    page = client_for("partner").get(world["period"].get_absolute_url()).content.decode()
    assert 'id="off-track"' not in page
    assert "Opleiding heftruckchauffeur" in page and "Stagebank chemie" in page  # trekker / partner
    page = client_for("outsider").get(world["period"].get_absolute_url()).content.decode()
    assert "Stagebank chemie" not in page


# --- Forms as rendered ----------------------------------------------------------------------------


def test_staff_open_a_period_with_yearly_defaults(app_for, pact, staff):
    page = app_for("staff").get(reverse("monitoring:period_create"))
    form = form_with_field(page, "deadline")
    assert form["title"].value == str(dt.date.today().year)
    form["title"] = "2015"
    form["starts_on"] = "2015-01-01"
    form["ends_on"] = "2015-12-31"
    form["deadline"] = "2016-01-31"
    response = form.submit("submit").follow()
    period = ReportingPeriod.objects.get(title="2015")
    assert period.status == PeriodStatus.OPEN and period.deadline == dt.date(2016, 1, 31)
    assert response.request.path == period.get_absolute_url()


def test_staff_cannot_open_a_period_before_adoption_and_are_told_why(app_for, unadopted_pact):
    page = app_for("staff").get(reverse("monitoring:period_create"))
    assert "Het pact is nog niet goedgekeurd" in page.text  # told before typing
    form = form_with_field(page, "deadline")
    form["title"] = "2015"
    form["starts_on"] = "2015-01-01"
    form["ends_on"] = "2015-12-31"
    form["deadline"] = "2016-01-31"
    response = form.submit("submit")
    assert response.status_code == 200
    assert "alleen een goedgekeurd pact kan opgevolgd worden" in response.text
    assert response.forms and 'value="2015"' in response.text  # nothing typed lost
    assert not ReportingPeriod.objects.exists()


def test_the_trekker_reports_and_bad_input_keeps_the_text(app_for, world, vdab):
    period, action, indicator = world["period"], world["voka"], world["indicator"]
    url = reverse("monitoring:report_edit", args=[period.pk, action.pk])
    page = app_for("lead").get(url)
    form = form_with_button(page, "intent")
    form["status"] = "on_track"
    form["narrative"] = "Veertig bedrijven doen mee."
    form[f"value_{indicator.pk}"] = "veel"
    form[f"date_{indicator.pk}"] = "2016-02-01"
    form["spent"] = "12.500,50"
    choose(form, "partners_involved", vdab.pk)  # a search on the server, not a list of all
    page = form.submit("intent", value="submit")
    assert page.status_code == 200
    text = page.text
    assert "Vul een getal in" in text
    assert form_with_button(page, "intent")["narrative"].value == "Veertig bedrijven doen mee."
    # The chosen partner is rendered again (and only it: the page lists no other organisation).
    assert form_with_button(page, "intent")["partners_involved"].value == [str(vdab.pk)]
    assert len(form_with_button(page, "intent")["partners_involved"].options) == 1
    assert not ProgressReport.objects.exists()

    form = form_with_button(page, "intent")
    form[f"value_{indicator.pk}"] = "32,5"
    page = form.submit("intent", value="submit")
    assert "binnen de periode" in page.text  # the date lies outside 2015
    assert form_with_button(page, "intent")["narrative"].value == "Veertig bedrijven doen mee."

    form = form_with_button(page, "intent")
    form[f"date_{indicator.pk}"] = "2015-12-15"
    page = form.submit("intent", value="submit").follow()
    report = ProgressReport.objects.get()
    assert report.state == ReportState.SUBMITTED and report.status == "on_track"
    assert report.spent == Decimal("12500.50")
    assert list(report.partners_involved.all()) == [vdab]
    assert report.values.get().value == Decimal("32.5")
    assert page.request.path == report.get_absolute_url()


def test_a_report_after_the_period_closed_keeps_the_text(app_for, world, staff):
    period, action = world["period"], world["voka"]
    page = app_for("lead").get(reverse("monitoring:report_edit", args=[period.pk, action.pk]))
    services.period_set_status(period=period, status=PeriodStatus.CLOSED, by=staff)
    form = form_with_button(page, "intent")
    form["status"] = "delayed"
    form["narrative"] = "Vertraagd door de verbouwing."
    form["obstacles"] = "Geen lokaal"
    page = form.submit("intent", value="draft")
    assert page.status_code == 200
    assert "afgesloten" in page.text
    assert form_with_button(page, "intent")["narrative"].value == "Vertraagd door de verbouwing."
    assert not ProgressReport.objects.exists()


def test_staff_send_back_and_the_trekker_resubmits(app_for, world, submitted):
    page = app_for("staff").get(submitted.get_absolute_url())
    form = form_with_button(page, "send_back")
    form["remark"] = "Graag het aantal van december."
    form.submit("send_back").follow()
    submitted.refresh_from_db()
    assert submitted.state == ReportState.RETURNED

    page = app_for("lead").get(
        reverse("monitoring:report_edit", args=[submitted.period_id, submitted.action_id])
    )
    assert "Graag het aantal van december." in page.text
    form = form_with_button(page, "intent")
    assert form["narrative"].value == "Het loopt."
    form["narrative"] = "Aangevuld met december."
    form.submit("intent", value="submit").follow()
    submitted.refresh_from_db()
    assert submitted.state == ReportState.SUBMITTED
    assert submitted.narrative == "Aangevuld met december."


def test_a_partner_on_the_action_remarks(app_for, world, submitted):
    page = app_for("partner").get(submitted.get_absolute_url())
    form = form_with_button(page, "remark")
    form["body"] = "VDAB leverde twee lesgevers."
    form.submit("remark").follow()
    assert Remark.objects.get().organisation == world["voka"].partners.get()
    # The trekker reports but does not remark; staff see no remark form either.
    assert "remark" not in str(app_for("lead").get(submitted.get_absolute_url()).forms)
    assert 'name="body"' not in app_for("staff").get(submitted.get_absolute_url()).text


def test_staff_complete_an_indicator(app_for, world):
    action = world["voka"]
    migrated = Indicator.objects.create(action=action, name="Tevredenheid", position=5)
    page = app_for("staff").get(
        reverse("monitoring:action_indicators", args=[action.pk]) + f"?indicator={migrated.pk}"
    )
    form = form_with_field(page, "baseline")
    assert form["name"].value == "Tevredenheid"
    form["unit"] = "%"
    form["baseline"] = "61,5"
    form["baseline_date"] = "2014-06-01"
    form["target"] = "80"
    form["target_date"] = "2020-06-01"
    form.submit("submit").follow()
    migrated.refresh_from_db()
    assert (migrated.unit, migrated.baseline, migrated.target) == ("%", Decimal("61.5"), 80)


def test_period_status_buttons(app_for, world):
    period = world["period"]
    page = app_for("staff").get(period.get_absolute_url())
    form_with_button(page, "status").submit("status", value="closed").follow()
    period.refresh_from_db()
    assert period.status == PeriodStatus.CLOSED
    page = app_for("staff").get(period.get_absolute_url())
    form_with_button(page, "status").submit("status", index=1).follow()
    period.refresh_from_db()
    assert period.status == PeriodStatus.PUBLISHED and period.published_at is not None


# --- POST actions: allowed and refused, with their effect -----------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_send_back_matrix(client_for, role, world, submitted):
    response = client_for(role).post(
        reverse("monitoring:report_send_back", args=[submitted.pk]), {"remark": "Aanvullen."}
    )
    allowed = role == "staff"
    expect(response, allowed, role, refused=404 if role == "outsider" else 403)
    submitted.refresh_from_db()
    assert (submitted.state == ReportState.RETURNED) is allowed


@pytest.mark.parametrize("role", ROLES)
def test_remark_matrix(client_for, role, world, submitted):
    response = client_for(role).post(
        reverse("monitoring:remark_create", args=[submitted.pk]), {"body": "Opmerking."}
    )
    allowed = role == "partner"
    expect(response, allowed, role, refused=404 if role == "outsider" else 403)
    assert Remark.objects.exists() is allowed


@pytest.mark.parametrize("role", ROLES)
def test_report_post_matrix(client_for, role, world):
    response = client_for(role).post(
        reverse("monitoring:report_edit", args=[world["period"].pk, world["voka"].pk]),
        {"status": "started", "narrative": "Gestart.", "intent": "draft"},
    )
    allowed = role == "lead"
    expect(response, allowed, role)
    assert ProgressReport.objects.exists() is allowed


@pytest.mark.parametrize("role", ROLES)
def test_period_status_matrix(client_for, role, world):
    response = client_for(role).post(
        reverse("monitoring:period_status", args=[world["period"].pk]), {"status": "closed"}
    )
    allowed = role == "staff"
    expect(response, allowed, role)
    world["period"].refresh_from_db()
    assert (world["period"].status == PeriodStatus.CLOSED) is allowed


@pytest.mark.parametrize("role", ROLES)
def test_period_create_matrix(client_for, role, pact):
    response = client_for(role).post(
        reverse("monitoring:period_create"),
        {
            "title": "2016",
            "starts_on": "2016-01-01",
            "ends_on": "2016-12-31",
            "deadline": "2017-01-31",
        },
    )
    allowed = role == "staff"
    expect(response, allowed, role)
    assert ReportingPeriod.objects.filter(title="2016").exists() is allowed


@pytest.mark.parametrize("role", ROLES)
def test_indicator_matrix(client_for, role, world):
    action = world["voka"]
    response = client_for(role).post(
        reverse("monitoring:action_indicators", args=[action.pk]),
        {"name": "Nieuw", "direction": "higher"},
    )
    expect(response, role == "staff", role)
    assert Indicator.objects.filter(name="Nieuw").exists() is (role == "staff")
    response = client_for(role).post(
        reverse("monitoring:indicator_delete", args=[world["indicator"].pk])
    )
    expect(response, role == "staff", role)
    assert Indicator.objects.filter(pk=world["indicator"].pk).exists() is (role != "staff")


def test_the_pact_export_has_one_row_per_action_per_period(client_for, world, submitted, staff):
    from io import BytesIO

    from openpyxl import load_workbook

    services.period_create(
        pact=world["period"].pact,
        title="2016",
        starts_on=dt.date(2016, 1, 1),
        ends_on=dt.date(2016, 12, 31),
        deadline=dt.date(2017, 1, 31),
        by=staff,
    )
    response = client_for("staff").get(reverse("monitoring:export"))
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [(row[0], row[2]) for row in rows[1:]] == [
        ("2015", "Stagebank chemie"),
        ("2015", "Opleiding heftruckchauffeur"),
        ("2016", "Stagebank chemie"),
        ("2016", "Opleiding heftruckchauffeur"),
    ]


def test_export_has_one_row_per_action(client_for, world, submitted):
    from io import BytesIO

    from openpyxl import load_workbook

    response = client_for("chair").get(
        reverse("monitoring:period_export", args=[world["period"].pk])
    )
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 3
    by_action = {row[2]: row for row in rows[1:]}
    assert by_action["Stagebank chemie"][5] == "Op schema"
    assert "Aantal stageplaatsen: 25" in by_action["Stagebank chemie"][10]
    assert by_action["Stagebank chemie"][11] == "Aantal stageplaatsen"
    assert by_action["Opleiding heftruckchauffeur"][5] in ("", None)


# --- Query counts ---------------------------------------------------------------------------------


def _more_actions(world, count, lead):
    from pact.models import Action
    from proposals.models import ProposalStatus

    from ..factories import ProposalFactory
    from ..pact.factories import place

    action = world["voka"]
    for n in range(count):
        proposal = ProposalFactory(
            title=f"Extra {n}", sector=action.proposal.sector, status=ProposalStatus.APPROVED
        )
        extra = place(proposal, action.operational_objective, trekker=action.trekker)
        Indicator.objects.create(action=extra, name=f"Indicator {n}")
        save_report(world["period"], Action.objects.get(pk=extra.pk), lead)


@pytest.mark.parametrize("role", ["staff", "lead"])
def test_period_page_query_count_does_not_grow(
    client_for, role, world, lead, django_assert_max_num_queries
):
    url = world["period"].get_absolute_url()
    client = client_for(role)
    _more_actions(world, 2, lead)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _more_actions(world, 8, lead)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_export_query_count_does_not_grow(client_for, world, lead, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("monitoring:period_export", args=[world["period"].pk])
    client = client_for("staff")
    _more_actions(world, 2, lead)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _more_actions(world, 8, lead)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


@pytest.mark.parametrize("role", ROLES)
def test_indicators_from_wording_matrix(client_for, role, action_voka):
    response = client_for(role).post(
        reverse("monitoring:indicators_from_wording", args=[action_voka.pk])
    )
    expect(response, role == "staff", role)
    names = list(action_voka.monitoring_indicators.values_list("name", flat=True))
    if role == "staff":
        assert names == ["Aantal stageplaatsen", "Tevredenheid van de bedrijven"]
    else:
        assert names == []


def test_staff_name_the_indicators_after_the_wording_by_the_button(app_for, action_voka):
    page = app_for("staff").get(reverse("monitoring:action_indicators", args=[action_voka.pk]))
    page = form_with_button(page, "from_wording").submit("from_wording").follow()
    assert "Tevredenheid van de bedrijven" in page.text
    assert "from_wording" not in page.text  # once named, the button is gone


# --- Attachments ----------------------------------------------------------------------------------

PDF_BYTES = b"%PDF-1.4\n%test\n"


@pytest.fixture
def draft_report(world, lead):
    return save_report(world["period"], world["voka"], lead, submit=False)


def test_the_trekker_adds_a_file_through_the_page(app_for, world, draft_report):
    page = app_for("lead").get(
        reverse("monitoring:report_edit", args=[world["period"].pk, world["voka"].pk])
    )
    form = form_with_button(page, "upload")
    form["file"] = ("foto.pdf", PDF_BYTES, "application/pdf")
    form["title"] = "Verslag van de stuurgroep"
    page = form.submit("upload").follow()
    attachment = draft_report.attachments.get()
    assert attachment.title == "Verslag van de stuurgroep" and attachment.extension == "pdf"
    assert "Verslag van de stuurgroep" in page.text


def test_a_refused_file_gets_a_dutch_message(app_for, world, draft_report):
    page = app_for("lead").get(
        reverse("monitoring:report_edit", args=[world["period"].pk, world["voka"].pk])
    )
    form = form_with_button(page, "upload")
    form["file"] = ("virus.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    page = form.submit("upload").follow()
    assert not draft_report.attachments.exists()
    assert "Dit soort bestand wordt niet aanvaard" in page.text


@pytest.mark.parametrize("role", ROLES)
def test_upload_matrix(client_for, role, draft_report):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(role).post(
        reverse("monitoring:attachment_upload", args=[draft_report.pk]),
        {"file": SimpleUploadedFile("a.pdf", PDF_BYTES, content_type="application/pdf")},
    )
    allowed = role == "lead"
    refused = 404 if role == "outsider" else 403
    expect(response, allowed, role, refused)
    assert draft_report.attachments.exists() is allowed


@pytest.mark.parametrize("role", ROLES)
def test_download_matrix(client_for, role, world, draft_report, lead):
    from django.core.files.uploadedfile import SimpleUploadedFile

    attachment = services.report_attachment_add(
        report=draft_report,
        upload=SimpleUploadedFile("a.pdf", PDF_BYTES, content_type="application/pdf"),
        title="",
        by=lead,
    )
    response = client_for(role).get(attachment.get_absolute_url())
    allowed = role in ("staff", "chair", "lead", "partner")
    expect(response, allowed, role, refused=404)
    if allowed:
        assert b"".join(response.streaming_content) == PDF_BYTES
