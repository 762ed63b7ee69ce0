from django import template
from django.urls import NoReverseMatch

from ..models import Draft

register = template.Library()


@register.simple_tag
def latest_drafts(user, count: int = 1):
    """{% latest_drafts user as drafts %}: the newest drafts this user may see."""
    return list(Draft.objects.visible_to(user).order_by("-version")[:count])


@register.filter
def url_or_empty(obj) -> str:
    """The object's page, or "" when that page is not (yet) part of the portal."""
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:
        return ""


@register.simple_tag
def participation_chart(process: dict):
    """`{% participation_chart content.process as chart %}`: the process chapter's chart of
    who came to the ateliers, drawn from the snapshot's own numbers (the table beside it), so
    a snapshot always draws the same chart and the PDF stays reproducible."""
    from django.utils.translation import gettext as _

    from streekpact.core.charts import bar_chart

    rows = [(row["kind"], row["count"]) for row in process.get("participants_by_kind") or []]
    total = sum(count for _kind, count in rows)
    if rows:
        kind, count = max(rows, key=lambda row: row[1])
        summary = _(
            "%(total)s participants in %(ateliers)s ateliers; the largest group: %(kind)s "
            "(%(count)s)."
        ) % {
            "total": total,
            "ateliers": len(process.get("ateliers") or []),
            "kind": kind,
            "count": count,
        }
    else:
        summary = ""
    participants = _("Participants")
    return bar_chart(
        slug="pdf-participation",
        title=_("Participants in the ateliers per kind of organisation"),
        summary=summary,
        header=[_("Kind of organisation"), participants],
        rows=rows,
        data=[(kind, str(participants), count) for kind, count in rows],
        value_title=str(participants),
        horizontal=True,
        width=360,
    )
