"""The chart of the actions' progress per chapter: one definition for the insight page and the
monitoring report PDF (`streekpact.core.charts.bar_chart`, docs/insight.md)."""

from collections import Counter

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from streekpact.core.charts import Chart, bar_chart

from .models import ProgressStatus

#: The key of the actions without a submitted report in the period.
UNREPORTED = ""


def _short(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def status_chart(
    period_title: str | None, chapters, *, slug: str = "action-status", width: int = 640
) -> Chart:
    """Per chapter, how many actions have each progress status (stacked bars).

    `chapters` is `[(chapter title, {status value: count})]` with `UNREPORTED` for the actions
    without a submitted report; `period_title` is None when there is no period yet."""
    statuses = [(UNREPORTED, _("Not reported")), *ProgressStatus.choices]
    rows, triples, totals = [], [], Counter()
    for title, by_status in chapters:
        values = [by_status.get(value, 0) for value, _label in statuses]
        rows.append([title, *values])
        for (value, label), n in zip(statuses, values, strict=True):
            totals[value] += n
            triples.append((_short(title), str(label), n))
    total = sum(totals.values())
    if period_title is None:
        summary = _("No reporting period yet.")
    elif not total:
        summary = _("No actions in this selection.")
    else:
        summary = _(
            "%(period)s: of %(total)s actions, %(done)s done, %(on_track)s on track, "
            "%(delayed)s delayed or stopped, %(unreported)s not reported."
        ) % {
            "period": period_title,
            "total": total,
            "done": totals[ProgressStatus.DONE],
            "on_track": totals[ProgressStatus.ON_TRACK],
            "delayed": totals[ProgressStatus.DELAYED] + totals[ProgressStatus.STOPPED],
            "unreported": totals[UNREPORTED],
        }
    return bar_chart(
        slug=slug,
        title=_("Status of the actions per chapter"),
        summary=summary,
        header=[_("Chapter"), *[str(label) for _value, label in statuses]],
        rows=rows,
        data=triples,
        value_title=_("Actions"),
        stacked=True,
        horizontal=True,
        width=width,
    )


def indicator_chart(
    period_title: str | None, chapters, *, slug: str = "indicators", width: int = 640
) -> Chart:
    """Per chapter, how many indicator values of the period are on track, behind their target
    line, or cannot tell (stacked bars).

    `chapters` is `[(chapter title, {"on_track": n, "off_track": n, "unknown": n})]`
    (`monitoring.selectors.indicators_by_chapter`); `period_title` is None without a period."""
    standings = [
        ("off_track", _("Behind")),
        ("on_track", pgettext("indicator", "On track")),
        ("unknown", _("Cannot tell (numbers missing)")),
    ]
    rows, triples, totals = [], [], Counter()
    for title, counts in chapters:
        values = [counts.get(key, 0) for key, _label in standings]
        rows.append([title, *values])
        for (key, label), n in zip(standings, values, strict=True):
            totals[key] += n
            triples.append((_short(title), str(label), n))
    total = sum(totals.values())
    if period_title is None:
        summary = _("No reporting period yet.")
    elif not total:
        summary = _("%(period)s: no indicator values reported in this selection.") % {
            "period": period_title
        }
    else:
        summary = _(
            "%(period)s: of %(total)s indicator values reported, %(on_track)s on track, "
            "%(off_track)s behind their target line, %(unknown)s cannot tell."
        ) % {
            "period": period_title,
            "total": total,
            "on_track": totals["on_track"],
            "off_track": totals["off_track"],
            "unknown": totals["unknown"],
        }
    return bar_chart(
        slug=slug,
        title=_("Indicators against their target per chapter"),
        summary=summary,
        header=[_("Chapter"), *[str(label) for _key, label in standings]],
        rows=rows,
        data=triples,
        value_title=_("Indicator values"),
        stacked=True,
        horizontal=True,
        width=width,
    )
