from django import template
from django.urls import NoReverseMatch
from django.utils.html import format_html

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


@register.simple_tag(takes_context=True)
def toc_target(context, prefix: str, suffix="") -> str:
    """In the table of contents of the front matter laid out alone (rendering in parts): the
    link to a part laid out elsewhere carries its page number (`data-page`, shown instead of
    `target-counter`) and the target's id, so WeasyPrint writes the link (to a named
    destination that the assembly points at the real page). Otherwise nothing."""
    anchor = f"{prefix}{suffix}"
    numbers = context.get("numbers") or {}
    if anchor not in numbers:
        return ""
    return format_html(' id="{}" data-page="{}"', anchor, numbers[anchor])


@register.simple_tag(takes_context=True)
def index_page(context, number) -> str:
    """The index's page reference of action `number`: literal when laid out in parts
    (its page is known), else WeasyPrint's `target-counter` (static/pact/print.css)."""
    numbers = context.get("numbers")
    if numbers:
        return format_html('<span class="page-ref">p. {}</span>', numbers[f"actie-{number}"])
    return format_html('<span class="page-ref" data-ref="#actie-{}"></span>', number)
