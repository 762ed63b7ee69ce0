"""Services of monitoring: periods, the report cycle, remarks, reminders once each, overview."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from monitoring import services
from monitoring.models import (
    IndicatorValue,
    PeriodStatus,
    ProgressReport,
    ReminderSent,
    ReportingPeriod,
    ReportState,
    pact_can_be_monitored,
)
from monitoring.selectors import (
    Standing,
    latest_published_status,
    latest_published_statuses,
    period_overview,
    published_periods,
)
from streekpact.partners.models import AuditEntry

from .conftest import save_report

pytestmark = pytest.mark.django_db


def test_period_defaults_to_the_next_calendar_year(pact, period):
    assert services.period_defaults(pact) == {
        "title": "2016",
        "starts_on": dt.date(2016, 1, 1),
        "ends_on": dt.date(2016, 12, 31),
        "deadline": dt.date(2017, 1, 31),
    }


def test_period_title_is_unique_and_dates_ordered(pact, period, staff):
    with pytest.raises(ValidationError) as caught:
        services.period_create(
            pact=pact,
            title="2015",
            starts_on=dt.date(2015, 1, 1),
            ends_on=dt.date(2014, 12, 31),
            deadline=dt.date(2016, 1, 31),
            by=staff,
        )
    assert set(caught.value.error_dict) == {"title", "ends_on"}


def test_only_an_adopted_pact_gets_periods(unadopted_pact, staff, chair):
    from adoption.models import Adoption

    from ..adoption.factories import adopt_pact

    def create():
        return services.period_create(
            pact=unadopted_pact,
            title="2016",
            starts_on=dt.date(2016, 1, 1),
            ends_on=dt.date(2016, 12, 31),
            deadline=dt.date(2017, 1, 31),
            by=staff,
        )

    assert not pact_can_be_monitored(unadopted_pact)
    with pytest.raises(ValidationError, match="niet goedgekeurd|not adopted"):
        create()
    assert not ReportingPeriod.objects.exists()
    # A version proposed but not adopted is not enough.
    adoption = adopt_pact(pact=unadopted_pact, staff=staff, chair=chair)
    Adoption.objects.filter(pk=adoption.pk).update(status="proposed")
    assert not pact_can_be_monitored(unadopted_pact)
    Adoption.objects.filter(pk=adoption.pk).update(status="adopted")
    assert pact_can_be_monitored(unadopted_pact)
    period = create()
    assert list(ReportingPeriod.objects.monitorable()) == [period]


def test_periods_of_a_pact_without_adoption_are_not_monitorable(period):
    from adoption.models import Adoption

    assert list(ReportingPeriod.objects.monitorable()) == [period]
    Adoption.objects.filter(pact=period.pact).update(status="proposed")
    assert not ReportingPeriod.objects.monitorable().exists()


def test_the_report_cycle_draft_submit_send_back_resubmit(
    world, lead, staff, django_capture_on_commit_callbacks
):
    period, action, indicator = world["period"], world["voka"], world["indicator"]
    report = save_report(
        period,
        action,
        lead,
        submit=False,
        values={indicator: (Decimal("25"), dt.date(2015, 12, 1))},
    )
    assert report.state == ReportState.DRAFT
    assert report.organisation == action.trekker
    report = save_report(
        period, action, lead, values={indicator: (Decimal("26"), dt.date(2015, 12, 1))}
    )
    assert report.state == ReportState.SUBMITTED
    assert IndicatorValue.objects.get(report=report).value == Decimal("26")
    with pytest.raises(ValidationError, match="already submitted|al ingediend"):
        save_report(period, action, lead)

    with django_capture_on_commit_callbacks(execute=True):
        services.report_send_back(report=report, remark="Graag de cijfers van december.", by=staff)
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED
    assert report.return_remark == "Graag de cijfers van december."
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [lead.email]

    report = save_report(period, action, lead, narrative="Aangevuld.")
    assert report.state == ReportState.SUBMITTED and report.narrative == "Aangevuld."
    verbs = list(
        AuditEntry.objects.filter(target_id=str(report.pk)).values_list("action", flat=True)
    )
    assert verbs.count("report_submit") == 2 and "report_send_back" in verbs


def test_a_closed_period_freezes_its_reports(world, lead, staff):
    period, action = world["period"], world["voka"]
    report = save_report(period, action, lead, submit=False)
    services.period_set_status(period=period, status=PeriodStatus.CLOSED, by=staff)
    with pytest.raises(ValidationError, match="closed|afgesloten"):
        save_report(period, action, lead, narrative="Te laat")
    report.refresh_from_db()
    assert report.narrative == "Het loopt."


def test_bad_input_is_refused_with_a_message_per_field(world, lead):
    period, action, indicator = world["period"], world["voka"], world["indicator"]
    with pytest.raises(ValidationError) as caught:
        save_report(
            period,
            action,
            lead,
            status="delayed",
            narrative="",
            values={indicator: (Decimal("3"), dt.date(2016, 3, 1))},
        )
    assert set(caught.value.error_dict) == {f"date_{indicator.pk}", "narrative", "obstacles"}
    assert not ProgressReport.objects.exists()


def test_an_action_without_trekker_cannot_be_reported_and_is_flagged(world, lead):
    action = world["vdab"]
    action.trekker = None
    action.save()
    with pytest.raises(ValidationError):
        save_report(world["period"], action, lead)
    overview = period_overview(world["period"])
    assert overview.without_trekker == [action]
    assert overview.counts[Standing.NO_TREKKER] == 1


def test_overview_reported_late_missing_and_off_track(world, lead, partner, staff):
    period, indicator = world["period"], world["indicator"]
    # The 2015 line of the indicator stands at 10 + 100 * 730/3652 ≈ 30 on 2015-12-31.
    save_report(
        period, world["voka"], lead, values={indicator: (Decimal("25"), dt.date(2015, 12, 31))}
    )
    overview = period_overview(period)
    assert {row.action: row.standing for row in overview.rows} == {
        world["voka"]: Standing.REPORTED,
        world["vdab"]: Standing.PENDING,
    }
    assert [(row.action, value.indicator) for row, value in overview.off_track] == [
        (world["voka"], indicator)
    ]
    # After the deadline: the VDAB report is missing; submitted now it is late.
    later = period.deadline + dt.timedelta(days=1)
    assert period_overview(period, today=later).counts[Standing.MISSING] == 1
    report = save_report(
        period, world["vdab"], partner, status="delayed", obstacles="Geen lesgevers"
    )
    ProgressReport.objects.filter(pk=report.pk).update(
        submitted_at=timezone.make_aware(dt.datetime(2099, 2, 5, 12))
    )
    assert period_overview(period, today=later).counts[Standing.LATE] == 1
    chemie = next(s for s in overview.chapters if s.chapter == world["voka"].chapter)
    assert chemie.by_status == {"on_track": 1}


def test_published_status_only_from_published_periods(world, lead, staff):
    period, action = world["period"], world["voka"]
    report = save_report(period, action, lead)
    assert latest_published_status(action) is None
    services.period_set_status(period=period, status=PeriodStatus.CLOSED, by=staff)
    services.period_set_status(period=period, status=PeriodStatus.PUBLISHED, by=staff)
    assert latest_published_status(action) == report
    assert latest_published_statuses([action, world["vdab"]]) == {action.pk: report}
    assert list(published_periods(period.pact)) == [period]


def test_publishing_needs_a_closed_period(world, staff):
    with pytest.raises(ValidationError):
        services.period_set_status(period=world["period"], status=PeriodStatus.PUBLISHED, by=staff)


def test_remarks_are_recorded(world, lead, partner):
    report = save_report(world["period"], world["voka"], lead)
    remark = services.remark_add(report=report, body="VDAB leverde twee lesgevers.", by=partner)
    assert remark.organisation == partner.organisation
    with pytest.raises(ValidationError):
        services.remark_add(report=report, body="   ", by=partner)


def test_reminders_go_out_once_each(
    world, lead, partner, staff, django_capture_on_commit_callbacks
):
    period = world["period"]
    period.deadline = dt.date(2016, 1, 31)
    period.save()
    save_report(period, world["voka"], lead)  # Voka submitted: no reminder for it
    today = dt.date(2016, 1, 17)  # 14 days before
    with django_capture_on_commit_callbacks(execute=True):
        due = [
            services.reminders_send_due(today=day)
            for day in (today, today, dt.date(2016, 1, 29), dt.date(2016, 1, 30))
        ]
        due += [services.reminders_send_due(today=dt.date(2016, 2, d)) for d in (1, 2)]
    # 14 days: VDAB; again (a restart): nothing; 2 days: the 3-day one; passed: staff, once.
    assert due == [1, 0, 1, 0, 1, 0]
    assert [m.to for m in mail.outbox] == [[partner.email], [partner.email], [staff.email]]
    assert "2015" in mail.outbox[0].subject
    assert ReminderSent.objects.count() == 3


def test_a_reminder_claim_is_unique_in_the_database(world):
    period = world["period"]
    assert services._claim_reminder(period=period, kind="days_3", key="action:1")
    assert services._claim_reminder(period=period, kind="days_3", key="action:1") is None


def test_an_action_reported_on_stays_in_the_pact(world, lead, staff):
    from pact import services as pact_services

    save_report(world["period"], world["voka"], lead)
    with pytest.raises(ValidationError, match="gerapporteerd|reported on"):
        pact_services.action_remove(action=world["voka"], by=staff)
    assert ProgressReport.objects.filter(action=world["voka"]).exists()


def test_the_remove_page_says_why_the_action_stays(client_for, world, lead):
    from django.urls import reverse

    save_report(world["period"], world["voka"], lead)
    response = client_for("staff").post(
        reverse("pact:action_remove", args=[world["voka"].pk]), follow=True
    )
    assert response.status_code == 200
    assert "gerapporteerd" in response.content.decode()


def test_the_audit_trail_names_the_actor_and_the_trekker(world, lead, partner, staff, voka):
    report = save_report(world["period"], world["voka"], lead)
    services.report_send_back(report=report, remark="Aanvullen.", by=staff)
    services.remark_add(report=report, body="Goed bezig.", by=partner)
    trail = {
        entry.action: (entry.actor, entry.organisation)
        for entry in AuditEntry.objects.filter(
            action__in=["report_submit", "report_send_back", "remark_add", "period_create"]
        )
    }
    assert trail["report_submit"] == (lead, voka)
    assert trail["report_send_back"] == (staff, voka)
    assert trail["remark_add"] == (partner, voka)
    assert trail["period_create"] == (staff, None)
