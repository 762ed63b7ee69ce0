"""The insight page's charts: the numbers from the owning apps' QuerySet methods, drawn by
`streekpact.core.charts`, cached per data version.

Every chart is built with a fixed number of grouped queries (one `values().annotate()` per
kind of number), whatever the data size; `build_charts` makes 13 queries, the data version
included. See docs/insight.md for what each chart answers.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import date

from django.core.cache import cache
from django.utils import formats, timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ateliers.models import Atelier, Registration, attendance_kinds
from monitoring.charts import indicator_chart, status_chart
from monitoring.models import ReportingPeriod
from monitoring.selectors import indicators_by_chapter, status_by_chapter
from pact.models import Action
from proposals.models import Proposal, Stance, Support
from sectors.models import Sector
from streekpact.core.charts import Chart, bar_chart, heatmap
from streekpact.partners.models import Organisation, OrganisationKind

from .versions import data_version

CACHE_SECONDS = 24 * 60 * 60
#: Raised by hand when what a chart holds changes (a new field, a bound), so a deploy never
#: serves a chart cached by the old code for the same data.
CHART_FORMAT = 2
#: The involvement chart's organisations with a row of their own; the others are added up.
TOP_ORGANISATIONS = 12
#: The charts of the insight page, in the page's order.
CHART_SLUGS = (
    "participation",
    "involvement",
    "draagvlak",
    "objections",
    "funnel",
    "action-status",
    "indicators",
)


@dataclass(frozen=True)
class Filters:
    sector: Sector | None = None
    start: date | None = None
    end: date | None = None

    def key(self) -> str:
        return f"{self.sector.pk if self.sector else '-'}:{self.start or '-'}:{self.end or '-'}"


def _pct(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)} %" if whole else "0 %"


def _short(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Data:
    """The querysets a set of filters selects, shared by the charts."""

    def __init__(self, filters: Filters):
        self.filters = filters
        sectors = Sector.objects.all()  # in the pact's order
        if filters.sector is not None:
            sectors = sectors.filter(pk=filters.sector.pk)
        self.sectors = list(sectors)
        self.sector_names = {s.pk: s.name for s in self.sectors}
        self.organisations = {o.pk: o for o in Organisation.objects.all()}
        ateliers = Atelier.objects.held().in_period(filters.start, filters.end)
        proposals = Proposal.objects.in_period(filters.start, filters.end)
        if filters.sector is not None:
            ateliers = ateliers.for_sector(filters.sector)
            proposals = proposals.for_sector(filters.sector)
        self.ateliers_qs = ateliers
        self.proposals = proposals
        self.registrations = Registration.objects.filter(atelier__in=ateliers.values("pk"))
        self.supports = Support.objects.filter(proposal__in=proposals.public().values("pk"))

    @cached_property
    def latest_period(self) -> ReportingPeriod | None:
        """The latest reporting period (by start), shared by the monitoring charts (one query)."""
        return ReportingPeriod.objects.order_by("-starts_on", "-pk").first()


def participation(data: _Data) -> Chart:
    """People per held atelier, by kind of organisation, in the order of the dates."""
    ateliers = list(data.ateliers_qs.select_related("sector").order_by("starts_at", "pk"))
    per_atelier = defaultdict(Counter)
    for atelier_id, key, n in data.registrations.attendance_by_atelier_and_kind():
        per_atelier[atelier_id][key] += n
    organisations = data.registrations.organisations_by_atelier()
    kinds = [(key, str(label)) for key, label in attendance_kinds()]
    used = [(key, label) for key, label in kinds if any(c[key] for c in per_atelier.values())]
    triples, rows, totals = [], [], Counter()
    for atelier in ateliers:
        counts = per_atelier.get(atelier.pk, Counter())
        day = formats.date_format(timezone.localtime(atelier.starts_at).date(), "SHORT_DATE_FORMAT")
        label = f"{day} · {_short(atelier.title, 40)}"
        for key, kind_label in used:
            if counts[key]:
                triples.append((label, kind_label, counts[key]))
        totals.update(counts)
        rows.append(
            [day, atelier.title, atelier.sector.name]
            + [counts[key] for key, _label in used]
            + [sum(counts.values()), organisations.get(atelier.pk, 0)]
        )
    people = sum(totals.values())
    if people:
        top_key, top_n = totals.most_common(1)[0]
        top_label = dict(kinds)[top_key]
        summary = _(
            "%(ateliers)s held ateliers, %(people)s participants in all. Most came from: "
            "%(kind)s (%(share)s)."
        ) % {
            "ateliers": len(ateliers),
            "people": people,
            "kind": top_label,
            "share": _pct(top_n, people),
        }
    else:
        summary = _("No attendance recorded at held ateliers for this selection.")
    return bar_chart(
        slug="participation",
        title=_("Participation per atelier, by kind of organisation"),
        summary=summary,
        header=[_("Date"), _("Atelier"), _("Sector")]
        + [label for _key, label in used]
        + [_("Participants"), _("Organisations")],
        rows=rows if people else [],
        data=triples,
        value_title=_("Participants"),
        horizontal=True,
    )


def involvement(data: _Data) -> Chart:
    """Organisations x sectors: ateliers attended, proposals submitted, proposals supported.

    The most involved organisations (`TOP_ORGANISATIONS`, by their total over the sectors) have
    a row each, the others one row that adds them up, so the page stays the same size however
    many partners take part; the CSV download has every organisation (`full_rows`).
    """
    cells = defaultdict(lambda: [0, 0, 0])
    for org, sector, n in data.registrations.ateliers_by_organisation_and_sector():
        cells[(org, sector)][0] += n
    for org, sector, n in data.proposals.public().counts_by_organisation_and_sector():
        cells[(org, sector)][1] += n
    for org, sector, n in data.supports.supports_by_organisation_and_sector():
        cells[(org, sector)][2] += n
    # org -> sector -> [ateliers, proposals, supports], for the sectors of the selection
    by_org = defaultdict(dict)
    for (org_id, sector_id), values in cells.items():
        if sector_id in data.sector_names and org_id in data.organisations:
            by_org[org_id][sector_id] = values
    names = {pk: data.organisations[pk].short_name for pk in by_org}
    totals = {pk: sum(sum(v) for v in per_sector.values()) for pk, per_sector in by_org.items()}
    # The most involved first; equals by name, so the same data gives the same chart.
    ranked = sorted(by_org, key=lambda pk: (-totals[pk], names[pk].lower(), pk))
    # One organisation is never added up on its own: it has its own row instead.
    shown = ranked if len(ranked) <= TOP_ORGANISATIONS + 1 else ranked[:TOP_ORGANISATIONS]
    others = ranked[len(shown) :]

    def _rows(label: str, per_sector: dict) -> list[list]:
        rows = []
        for sector in data.sectors:  # in the pact's order
            if sector.pk in per_sector:
                a, p, s = per_sector[sector.pk]
                rows.append([label, sector.name, a, p, s, a + p + s])
        return rows

    rows = [row for pk in shown for row in _rows(names[pk], by_org[pk])]
    full_rows = rows + [row for pk in others for row in _rows(names[pk], by_org[pk])]
    # The colours run up to the busiest cell of the organisations shown: the added-up row,
    # darker than any, would pale every other cell.
    scale_max = max((row[5] for row in rows), default=0) if others else None
    if others:
        added = defaultdict(lambda: [0, 0, 0])
        for pk in others:
            for sector_id, values in by_org[pk].items():
                added[sector_id] = [x + y for x, y in zip(added[sector_id], values, strict=True)]
        other_label = _("Other organisations (%(n)s)") % {"n": len(others)}
        rows += _rows(other_label, added)
        notes = (_("The CSV download has every organisation, one by one."),)
    triples = [(row[0], row[1], row[5]) for row in rows]
    if rows:
        most = ", ".join(f"{names[pk]} ({totals[pk]})" for pk in ranked[:3])
        summary = _(
            "%(organisations)s organisations took part in %(sectors)s sectors. "
            "Most involved: %(most)s."
        ) % {
            "organisations": len(ranked),
            "sectors": len({row[1] for row in full_rows}),
            "most": most,
        }
        if others:
            summary += " " + _(
                "The chart shows the %(top)s most involved; the other %(others)s are added up "
                "in one row."
            ) % {"top": len(shown), "others": len(others)}
    else:
        summary = _("No organisation took part in this selection.")
    chart = heatmap(
        slug="involvement",
        title=_("Involvement of the partners per sector"),
        summary=summary
        + " "
        + _("Each cell adds up ateliers attended, proposals submitted and proposals supported."),
        header=[
            _("Organisation"),
            _("Sector"),
            _("Ateliers attended"),
            _("Proposals"),
            _("Supports"),
            _("Total"),
        ],
        rows=rows,
        data=triples,
        row_title=_("Organisation"),
        column_title=_("Sector"),
        scale_max=scale_max,
    )
    if not others:
        return chart
    return replace(chart, full_rows=tuple(tuple(r) for r in full_rows), notes=notes)


def draagvlak(data: _Data) -> Chart:
    """Sectors x kinds of organisation: supports, objections and abstentions."""
    counts = Counter()
    for sector, kind, stance, n in data.supports.stances_by_sector_and_kind():
        if sector in data.sector_names:
            counts[(sector, kind, stance)] += n
    sectors = [s for s in data.sectors if any(k[0] == s.pk for k in counts)]
    kinds = [k for k in OrganisationKind if any(key[1] == k.value for key in counts)]
    stances = list(Stance)
    rows, triples, facets = [], [], []
    for sector in sectors:
        for kind in kinds:
            values = [counts[(sector.pk, kind.value, stance.value)] for stance in stances]
            if any(values):
                rows.append([sector.name, str(kind.label), *values])
    for stance in stances:
        for sector in sectors:
            for kind in kinds:
                triples.append(
                    (sector.name, str(kind.label), counts[(sector.pk, kind.value, stance.value)])
                )
                facets.append(str(stance.label))
    total = sum(counts.values())
    if total:
        by_stance = Counter()
        for (_s, _k, stance), n in counts.items():
            by_stance[stance] += n
        objections = {k: n for k, n in counts.items() if k[2] == Stance.OBJECTION}
        summary = _(
            "%(total)s positions: %(support)s support (%(share)s), %(objection)s objections, "
            "%(abstention)s abstentions."
        ) % {
            "total": total,
            "support": by_stance[Stance.SUPPORT],
            "share": _pct(by_stance[Stance.SUPPORT], total),
            "objection": by_stance[Stance.OBJECTION],
            "abstention": by_stance[Stance.ABSTENTION],
        }
        if objections:
            (sector_id, kind, _stance), n = max(objections.items(), key=lambda i: (i[1], -i[0][0]))
            summary += " " + _("Most objections: %(kind)s in %(sector)s (%(n)s).") % {
                "kind": OrganisationKind(kind).label,
                "sector": data.sector_names[sector_id],
                "n": n,
            }
    else:
        summary = _("No positions on proposals in this selection.")
    return heatmap(
        slug="draagvlak",
        title=_("Draagvlak: positions per sector and kind of organisation"),
        summary=summary,
        header=[_("Sector"), _("Kind of organisation")] + [str(s.label) for s in stances],
        rows=rows,
        data=triples if total else [],
        facet=facets if total else None,
        row_title=_("Sector"),
        column_title=_("Kind of organisation"),
        cell=28,
    )


def objections(data: _Data) -> Chart:
    """The proposals with the most objections."""
    proposals = list(data.proposals.most_objected(10))
    rows, triples = [], []
    stances = [
        (_("Objections"), "objection_count"),
        (_("Supports"), "support_count"),
        (_("Abstentions"), "abstention_count"),
    ]
    for p in proposals:
        label = f"{p.reference} {_short(p.title, 40)}"
        for stance_label, attr in stances:
            triples.append((label, str(stance_label), getattr(p, attr)))
        rows.append(
            [
                p.reference,
                p.title,
                p.sector.name,
                p.organisation.short_name if p.organisation else "",
                p.objection_count,
                p.support_count,
                p.abstention_count,
            ]
        )
    if proposals:
        first = proposals[0]
        summary = ngettext(
            "%(n)s proposal with objections shown. "
            "Most objections: %(ref)s “%(title)s” (%(count)s).",
            "%(n)s proposals with objections shown. "
            "Most objections: %(ref)s “%(title)s” (%(count)s).",
            len(proposals),
        ) % {
            "n": len(proposals),
            "ref": first.reference,
            "title": first.title,
            "count": first.objection_count,
        }
    else:
        summary = _("No proposal in this selection has objections.")
    return bar_chart(
        slug="objections",
        title=_("Proposals with the most objections"),
        summary=summary,
        header=[
            _("Reference"),
            _("Title"),
            _("Sector"),
            _("Organisation"),
            _("Objections"),
            _("Supports"),
            _("Abstentions"),
        ],
        rows=rows,
        data=triples,
        value_title=_("Positions"),
        horizontal=True,
    )


def funnel(data: _Data) -> Chart:
    """Per sector: captured in ateliers, submitted, approved, placed as actions."""
    by_sector = data.proposals.funnel_by_sector()
    placed = Action.objects.for_proposals(data.proposals).placed_by_sector()
    stages = [_("Captured in ateliers"), _("Submitted"), _("Approved"), _("Placed as action")]
    rows, triples = [], []
    totals = [0, 0, 0, 0]
    for sector in data.sectors:
        counts = by_sector.get(sector.pk, {})
        values = [
            counts.get("captured", 0),
            counts.get("submitted", 0),
            counts.get("approved", 0),
            placed.get(sector.pk, 0),
        ]
        if not any(values):
            continue
        rows.append([sector.name, *values])
        totals = [t + v for t, v in zip(totals, values, strict=True)]
        for stage, value in zip(stages, values, strict=True):
            triples.append((sector.name, str(stage), value))
    if rows:
        summary = _(
            "%(submitted)s proposals submitted, %(approved)s approved (%(share)s), "
            "%(placed)s placed as actions; %(captured)s were captured in ateliers."
        ) % {
            "captured": totals[0],
            "submitted": totals[1],
            "approved": totals[2],
            "share": _pct(totals[2], totals[1]),
            "placed": totals[3],
        }
    else:
        summary = _("No proposals in this selection.")
    return bar_chart(
        slug="funnel",
        title=_("From idea to action, per sector"),
        summary=summary,
        header=[_("Sector"), *[str(s) for s in stages]],
        rows=rows,
        data=triples,
        value_title=_("Proposals"),
        stacked=False,
        horizontal=True,
    )


def action_status(data: _Data) -> Chart:
    """The latest reporting period: per chapter, how many actions have each progress status
    (the period's overview counts the same). The date filters do not apply: a period is one."""
    period = data.latest_period
    rows = status_by_chapter(period, sector=data.filters.sector) if period else []
    return status_chart(
        period.title if period else None, [(chapter.title, counts) for chapter, counts in rows]
    )


def indicators(data: _Data) -> Chart:
    """The latest reporting period: per chapter, how many reported indicator values are on
    track, behind the line from baseline to target, or cannot tell (the overview's test)."""
    period = data.latest_period
    rows = indicators_by_chapter(period, sector=data.filters.sector) if period else []
    return indicator_chart(
        period.title if period else None, [(chapter.title, counts) for chapter, counts in rows]
    )


BUILDERS = {
    "participation": participation,
    "involvement": involvement,
    "draagvlak": draagvlak,
    "objections": objections,
    "funnel": funnel,
    "action-status": action_status,
    "indicators": indicators,
}


def build_charts(filters: Filters, *, only: str | None = None) -> dict[str, Chart]:
    """The charts for these filters, from the cache when the data has not changed since."""
    version = data_version()
    names = [only] if only else list(CHART_SLUGS)
    language = translation.get_language() or "nl"
    keys = {
        name: f"insight:{CHART_FORMAT}:{version}:{language}:{filters.key()}:{name}"
        for name in names
    }
    found = cache.get_many(list(keys.values()))
    charts = {name: found[key] for name, key in keys.items() if key in found}
    missing = [name for name in names if name not in charts]
    if missing:
        data = _Data(filters)
        made = {name: BUILDERS[name](data) for name in missing}
        cache.set_many({keys[name]: chart for name, chart in made.items()}, CACHE_SECONDS)
        charts |= made
    return {name: charts[name] for name in names}


@dataclass(frozen=True)
class Involvement:
    """One organisation's part in the Streekpact, for its own page."""

    ateliers: int
    proposals: int
    supports: int
    actions_as_trekker: int
    actions_as_partner: int
    chart: Chart


def organisation_involvement(organisation: Organisation) -> Involvement:
    """Ateliers attended, proposals, supports (per sector, as the matrix counts them) and
    actions as trekker or partner; cached per data version."""
    language = translation.get_language() or "nl"
    key = f"insight:{CHART_FORMAT}:{data_version()}:{language}:organisation:{organisation.pk}"
    found = cache.get(key)
    if found is not None:
        return found
    per_sector = defaultdict(lambda: [0, 0, 0])
    registrations = Registration.objects.filter(organisation=organisation)
    for _org, sector, n in registrations.ateliers_by_organisation_and_sector():
        per_sector[sector][0] += n
    proposals = Proposal.objects.public().filter(organisation=organisation)
    for _org, sector, n in proposals.counts_by_organisation_and_sector():
        per_sector[sector][1] += n
    supports = Support.objects.filter(
        organisation=organisation, proposal__in=Proposal.objects.public().values("pk")
    )
    for _org, sector, n in supports.supports_by_organisation_and_sector():
        per_sector[sector][2] += n
    measures = [_("Ateliers attended"), _("Proposals"), _("Supports")]
    rows, triples = [], []
    for sector in Sector.objects.all():
        values = per_sector.get(sector.pk)
        if not values or not any(values):
            continue
        rows.append([sector.name, *values])
        for measure, value in zip(measures, values, strict=True):
            triples.append((sector.name, str(measure), value))
    totals = [sum(r[i] for r in rows) for i in (1, 2, 3)]
    summary = _(
        "%(org)s attended %(ateliers)s ateliers, submitted %(proposals)s proposals and "
        "supports %(supports)s proposals."
    ) % {
        "org": organisation.short_name,
        "ateliers": totals[0],
        "proposals": totals[1],
        "supports": totals[2],
    }
    chart = bar_chart(
        slug=f"organisation-{organisation.pk}",
        title=_("Involvement of %(org)s per sector") % {"org": organisation.short_name},
        summary=summary,
        header=[_("Sector"), *[str(m) for m in measures]],
        rows=rows,
        data=triples,
        stacked=False,
        horizontal=True,
        width=480,
        height=120,
    )
    involvement = Involvement(
        ateliers=totals[0],
        proposals=totals[1],
        supports=totals[2],
        actions_as_trekker=Action.objects.filter(trekker=organisation).count(),
        actions_as_partner=Action.objects.filter(partners=organisation).count(),
        chart=chart,
    )
    cache.set(key, involvement, CACHE_SECONDS)
    return involvement
