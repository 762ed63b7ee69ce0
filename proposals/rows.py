"""The rows of a proposal list, each rendered once per content and language, then cached.

A list row (`proposals/includes/proposal_row.html`) shows only the proposal itself: reference,
title, status, organisation, sector, atelier, themes, summary, support counts and date. Nothing
in it depends on who is looking, so the same row serves every user who may see the proposal
(which proposals a user sees is decided by the query, never by the cache). A review queue row
(`proposals/includes/queue_row.html`) also shows the reviewers, and a checkbox for those who may
act on several proposals at once: whether it has one is part of its key.

The cache key is a hash of everything the row shows, in the active language and its short date
format, plus the row template's source, the status tones, the time zone, the compiled
translations and `ROW_FORMAT`: any change to the proposal, to the name of its organisation,
sector, atelier or themes, to its supports, or a deploy that changes the template or a
translation gives a new key, so a stale row is never served and nothing needs to be
invalidated. This holds with any cache backend, the per-process memory cache included. The rows
have a cache of their own (`CACHES["rows"]`, see the settings). Rendering a page of 20 rows
costs ≈ 6 ms of CPU; reading them from the cache, well under 1 ms.
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import caches
from django.template.loader import get_template
from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from sectors.models import Theme
from streekpact.core import design

from .models import Proposal

ROW_TEMPLATE = "proposals/includes/proposal_row.html"
QUEUE_ROW_TEMPLATE = "proposals/includes/queue_row.html"
#: Rows unused for a day leave the cache; a key never needs to be removed before that.
ROW_TIMEOUT = 24 * 3600
#: Raise it when the code behind a row changes (a tag or filter it uses, `reference`): the key
#: covers the templates, the tones, the translations and the date format by itself.
ROW_FORMAT = 1


@functools.cache
def _format_version(template_name: str) -> str:
    """What, besides the data, decides a row's HTML: its template, the status badges' tones,
    the time zone of its dates and the translations."""
    digest = hashlib.sha256(f"{ROW_FORMAT}:{settings.TIME_ZONE}".encode())
    digest.update(get_template(template_name).template.source.encode())
    digest.update(repr(sorted(design.TONES.items())).encode())
    for path in settings.LOCALE_PATHS:
        for mo in sorted(path.glob("*/LC_MESSAGES/django.mo")):
            stat = mo.stat()
            digest.update(f"{mo}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:12]


def _theme_names(proposals) -> dict[int, list[str]]:
    """The names of each proposal's themes, in the themes' order: one query, no instances
    (a `prefetch_related` filters a queryset per proposal, ≈ 2 ms for a page of 20)."""
    names: dict[int, list[str]] = {proposal.pk: [] for proposal in proposals}
    ordering = [
        f"-theme__{field[1:]}" if field.startswith("-") else f"theme__{field}"
        for field in Theme._meta.ordering
    ]
    pairs = (
        Proposal.themes.through.objects.filter(proposal_id__in=names)
        .order_by(*ordering)
        .values_list("proposal_id", "theme__name")
    )
    for proposal_id, name in pairs:
        names[proposal_id].append(name)
    return names


def _locale() -> tuple[str, str]:
    """The language and its short date format (the rows' dates)."""
    return get_language() or settings.LANGUAGE_CODE, get_format("SHORT_DATE_FORMAT")


def _row_key(template_name: str, locale: tuple, shown: tuple) -> str:
    digest = hashlib.sha1(repr((locale, shown)).encode(), usedforsecurity=False).hexdigest()
    return f"proposals:row:{_format_version(template_name)}:{digest}"


def _cached_rows(items: list, *, template_name: str, shown, context) -> SafeString:
    """Each item's row from the cache, rendered (and stored) when its key is new. `shown(item)`
    gives every value the row shows, `context(item)` what its template is rendered with."""
    if not items:
        return mark_safe("")  # noqa: S308 - empty
    locale = _locale()
    keys = [_row_key(template_name, locale, shown(item)) for item in items]
    cache = caches["rows"]
    found = cache.get_many(keys)
    missing = {}
    template = None
    for item, key in zip(items, keys, strict=True):
        if key not in found:
            template = template or get_template(template_name)
            # No request: context processors do not run, so a row cannot show the viewer.
            missing[key] = found[key] = str(template.render(context(item)))
    if missing:
        cache.set_many(missing, ROW_TIMEOUT)
    return mark_safe("".join(found[key] for key in keys))  # noqa: S308 - rendered by us


def _list_row_shown(proposal) -> tuple:
    atelier = proposal.atelier
    return (
        proposal.pk,
        proposal.title,
        proposal.summary,
        proposal.status,
        proposal.status_tone,
        proposal.created_at.isoformat(),
        str(proposal.organisation) if proposal.organisation_id else None,
        proposal.sector.name,
        atelier.title if atelier is not None else None,
        proposal.theme_names,
        proposal.support_count,
        proposal.objection_count,
    )


def template_version(template_name: str) -> str:
    """A short hash of what, besides the data, decides this template's HTML (its source, the
    status tones, the time zone, the translations: see `_format_version`)."""
    return _format_version(template_name)


def list_rows_version() -> str:
    """What decides the list rows' HTML besides the data, in the active language (for a cache
    of whole pages of rows: `proposals.listing`)."""
    return repr((_locale(), _format_version(ROW_TEMPLATE)))


def row_key(proposal) -> str:
    """The cache key of one list row in the active language: a hash of every value the row
    shows (see the module)."""
    return _row_key(ROW_TEMPLATE, _locale(), _list_row_shown(proposal))


def proposal_rows(proposals) -> SafeString:
    """The `<li>` rows of these proposals (from `Proposal.objects.for_list()`), in order."""
    proposals = list(proposals)
    theme_names = _theme_names(proposals) if proposals else {}
    for proposal in proposals:
        proposal.theme_names = theme_names[proposal.pk]
    return _cached_rows(
        proposals,
        template_name=ROW_TEMPLATE,
        shown=_list_row_shown,
        context=lambda proposal: {"proposal": proposal},
    )


def queue_rows(proposals, *, selectable: bool) -> SafeString:
    """The `<tr>` rows of the review queue (`for_list()` with the reviewers prefetched);
    `selectable` adds the bulk form's checkbox (staff only: it is part of the key)."""

    def shown(proposal) -> tuple:
        return (
            selectable,
            proposal.pk,
            proposal.title,
            str(proposal.organisation) if proposal.organisation_id else None,
            proposal.sector.name,
            proposal.status,
            proposal.status_tone,
            proposal.submitted_at.isoformat() if proposal.submitted_at else None,
            proposal.support_count,
            proposal.objection_count,
            [reviewer.name for reviewer in proposal.reviewers.all()],
        )

    return _cached_rows(
        list(proposals),
        template_name=QUEUE_ROW_TEMPLATE,
        shown=shown,
        context=lambda proposal: {"proposal": proposal, "selectable": selectable},
    )
