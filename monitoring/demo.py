"""Demo monitoring: indicators with numbers and two reporting periods (2014 published, 2015
open) with realistic reports, so the demo shows trends, a delay and a missing report.

Idempotent: a period that exists is left alone.
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from pact.models import Action, Pact
from streekpact.partners.models import Role, User

from . import services
from .models import (
    Direction,
    PeriodStatus,
    ProgressReport,
    ReportingPeriod,
    pact_can_be_monitored,
)

#: Per action (a word of its title): the numbers staff completed for each named indicator.
INDICATORS = {
    "Stagebank": [
        ("stageplaatsen", "plaatsen", "40", "120", Direction.HIGHER),
        ("bedrijven", "bedrijven", "15", "50", Direction.HIGHER),
    ],
    "Korte keten": [("telers", "telers en afnemers", "0", "80", Direction.HIGHER)],
    "heftruck": [("Uitstroom", "%", "55", "75", Direction.HIGHER)],
}
BASELINE_DATE, TARGET_DATE = dt.date(2014, 1, 1), dt.date(2020, 12, 31)

#: Per period and action word: status, narrative, reason, spent, values per indicator word.
REPORTS = {
    "2014": {
        "Stagebank": (
            "started",
            "De stagebank is online. Twaalf bedrijven boden de eerste stageplaatsen aan.",
            "",
            "9500",
            {"stageplaatsen": "52", "bedrijven": "18"},
        ),
        "heftruck": (
            "on_track",
            "Twee groepen van twaalf werkzoekenden volgden het traject bij VDAB in Mechelen.",
            "",
            "31000",
            {"Uitstroom": "61"},
        ),
        "Korte keten": (
            "not_started",
            "De haalbaarheidsstudie voor het distributieplatform loopt nog.",
            "",
            "0",
            {},
        ),
    },
    "2015": {
        "Stagebank": (
            "delayed",
            "Minder nieuwe stageplaatsen dan gepland; de bestaande plaatsen bleven wel bezet.",
            "Twee grote farmabedrijven stelden hun deelname uit na een reorganisatie.",
            "8200",
            {"stageplaatsen": "58", "bedrijven": "21"},
        ),
        "heftruck": (
            "on_track",
            "Drie groepen; de uitstroom naar werk steeg dankzij de samenwerking met Voka.",
            "",
            "38500",
            {"Uitstroom": "68"},
        ),
        # Korte keten (Boerenbond) has not reported 2015: the overview shows it missing.
    },
}


def _action(word: str) -> Action | None:
    return Action.objects.filter(title__icontains=word).select_related("trekker").first()


def _complete_indicators(staff) -> None:
    for word, specs in INDICATORS.items():
        action = _action(word)
        if action is None:
            continue
        services.indicators_from_wording(action=action, by=staff)
        for name_word, unit, baseline, target, direction in specs:
            indicator = action.monitoring_indicators.filter(name__icontains=name_word).first()
            if indicator is None or indicator.is_complete:
                continue
            services.indicator_save(
                action=action,
                indicator=indicator,
                by=staff,
                unit=unit,
                baseline=Decimal(baseline),
                baseline_date=BASELINE_DATE,
                target=Decimal(target),
                target_date=TARGET_DATE,
                direction=direction,
            )


def _report_period(period: ReportingPeriod, reports: dict) -> None:
    for word, (status, narrative, obstacles, spent, values) in reports.items():
        action = _action(word)
        if action is None or action.trekker_id is None:
            continue
        member = User.objects.filter(organisation=action.trekker, is_active=True).first()
        if member is None:
            continue
        indicator_values = {}
        for indicator in action.monitoring_indicators.all():
            for name_word, value in values.items():
                if name_word.lower() in indicator.name.lower():
                    indicator_values[indicator] = (Decimal(value), period.ends_on)
        report = services.report_save(
            period=period,
            action=action,
            status=status,
            narrative=narrative,
            obstacles=obstacles,
            spent=Decimal(spent),
            partners_involved=list(action.partners.all()),
            values=indicator_values,
            submit=True,
            by=member,
        )
        # Backdated, as seeds do: submitted two weeks before the deadline.
        submitted = timezone.make_aware(
            dt.datetime.combine(period.deadline - dt.timedelta(days=14), dt.time(10))
        )
        ProgressReport.objects.filter(pk=report.pk).update(submitted_at=submitted)


def seed(*, password: str) -> list[str]:
    pact = Pact.objects.current()
    staff = User.objects.filter(role=Role.STAFF, is_active=True).order_by("pk").first()
    if staff is None:
        return ["Monitoring: no staff account, nothing seeded."]
    if not pact_can_be_monitored(pact):
        # The adoption demo (an app below, seeded first) adopts the pact; without it, no periods.
        return ["Monitoring: the pact is not adopted, no reporting periods seeded."]
    _complete_indicators(staff)
    added = []
    for year, reports in REPORTS.items():
        if ReportingPeriod.objects.filter(pact=pact, title=year).exists():
            continue
        number = int(year)
        period = services.period_create(
            pact=pact,
            title=year,
            starts_on=dt.date(number, 1, 1),
            ends_on=dt.date(number, 12, 31),
            deadline=dt.date(number + 1, 1, 31),
            by=staff,
        )
        _report_period(period, reports)
        if year == "2014":
            services.period_set_status(period=period, status=PeriodStatus.CLOSED, by=staff)
            services.period_set_status(period=period, status=PeriodStatus.PUBLISHED, by=staff)
        added.append(year)
    return [
        "Monitoring: reporting periods 2014 (published) and 2015 (open)"
        + (f", {', '.join(added)} new." if added else " already there.")
    ]
