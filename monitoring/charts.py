"""The chart of the actions' progress per chapter: one definition for the insight page and the
monitoring report PDF (`streekpact.core.charts.bar_chart`, docs/insight.md)."""

from collections import Counter

from django.utils.translation import gettext as _

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
