"""A page of the proposal list from the shared cache, kept until the list's data change.

With a shared cache (Redis in production: `settings.SHARED_CACHE`), a page of the list is
stored once per viewer, filters, page number and language: its total count, its rows' HTML and
the filter form's fields. Serving it again costs two cache reads in one round trip instead of
the filter set, the count, the page and themes queries and compiling them (≈ 6 ms of CPU at
10,000 proposals: 10 → 3.6 ms per page). A page after a write costs what it did, plus ≈ 0.4 ms
to look it up and store it. Code behind the page that no template hash covers (a widget's
Python) changes with a deploy: its pages live out their ten minutes.

**When it is stale.** Every entry carries the *proposals' data version*, a random token held
in the shared cache. Any write that can change what a list shows, which proposals it holds,
their order or their count gives a new token, so every stored page is outdated at once:
a proposal created, changed (status, text, sector, organisation…) or deleted, its themes or
authors changed, a support declared, changed or withdrawn, an organisation, sector, theme or
atelier renamed or removed. The token changes from Django's model signals, not from the
services: the house keeps business logic out of signals, but this is cache bookkeeping, and
only signals also see the admin, fixtures, cascades and any write path added later. A bulk
`QuerySet.update()` or `bulk_create()` sends no signal: `seed_scale`, which writes that way,
calls `data_changed()` itself, a migration outdates every page (`post_migrate`), and an entry
lives ten minutes at most (`PAGE_TIMEOUT`) should a write ever go around them (a fix by hand
in SQL).

The token changes twice per write: at once (so the writing request, and a test inside one
transaction, see their own change) and again after the commit. Without the second, a request
reading between the first change and the commit could store the data from before the write
under the new token.

**Who sees what.** The key holds the viewer (their id, organisation and whether they are
active: everything `Proposal.objects.visible_to` decides with), so a page holding a draft is
only ever served to the one who saw it; nobody else's request can reach that key. The rows
themselves show nothing of the viewer (see `proposals.rows`).

With the per-process memory cache nothing is stored: a token in one gunicorn worker's memory
cannot tell the others about a write.
"""

import hashlib
import logging
import secrets

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from . import rows

logger = logging.getLogger(__name__)

VERSION_KEY = "proposals:list:version"
FILTERS_TEMPLATE = "proposals/includes/list_filters.html"
#: An entry lives ten minutes at most: the bound on a write no signal saw.
PAGE_TIMEOUT = 600


def enabled() -> bool:
    """Whether pages are cached: only with a cache every web process shares, unless switched
    off (`PROPOSALS_LIST_CACHE`)."""
    return settings.SHARED_CACHE and settings.PROPOSALS_LIST_CACHE


def _new_version() -> str:
    return secrets.token_hex(8)


def data_changed(**kwargs) -> None:
    """Outdate every cached page, now and again when the current transaction commits."""
    using = kwargs.get("using")
    _bump()
    transaction.on_commit(_bump, using=using)


def _cache():
    # The rows' cache (settings): the shared cache under its own prefix.
    return caches["rows"]


def _bump() -> None:
    # A write never fails for the cache: should the cache be out of reach, a page it still
    # holds is served ten minutes at most (PAGE_TIMEOUT).
    try:
        _cache().set(VERSION_KEY, _new_version(), None)
    except Exception:
        logger.warning("The proposal list's data version could not be changed", exc_info=True)


def _m2m_changed(action: str, **kwargs) -> None:
    if action.startswith("post_"):
        data_changed(**kwargs)


def connect() -> None:
    """Connect `data_changed` to every write that changes what a list shows (see the module)."""
    from ateliers.models import Atelier
    from sectors.models import Sector, Theme
    from streekpact.partners.models import Organisation

    from .models import Proposal, Support

    throughs = (Proposal.themes.through, Proposal.authors.through)
    for model in (Proposal, Support, Organisation, Sector, Theme, Atelier, *throughs):
        uid = f"proposals.listing:{model._meta.label}"
        post_save.connect(data_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(data_changed, sender=model, dispatch_uid=uid)
    for through in throughs:
        m2m_changed.connect(
            _m2m_changed, sender=through, dispatch_uid=f"proposals.listing:{through._meta.label}"
        )
    # A data migration writes through historical models, whose signals nobody hears.
    post_migrate.connect(data_changed, dispatch_uid="proposals.listing:migrate")


def page_key(*, user, data, names) -> str:
    """The key of one page: the viewer, the query's values of these names (the filters and
    the page number, as typed: the page also shows the filter form as filled in), the page
    size, the language with its date format, and the versions of the row and filter
    templates (their source and the translations)."""
    asked = sorted((name, tuple(data.getlist(name))) for name in names if name in data)
    shown = (
        (user.pk, user.organisation_id, user.is_active),
        asked,
        settings.PROPOSALS_PER_PAGE,
        rows.list_rows_version(),
        rows.template_version(FILTERS_TEMPLATE),
    )
    digest = hashlib.sha256(repr(shown).encode()).hexdigest()[:32]
    return f"proposals:list:page:{digest}"


def lookup(key: str) -> tuple[dict | None, str]:
    """`(entry, version)`: the stored page when it is as new as the data (None otherwise), and
    the data version to store a page computed now under. One round trip."""
    cache = _cache()
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY)
    if version is None:
        version = _new_version()
        if not cache.add(VERSION_KEY, version, None):
            version = cache.get(VERSION_KEY, version)
    entry = found.get(key)
    if entry is not None and entry.get("version") == version:
        return entry, version
    return None, version


def store(key: str, version: str, **entry) -> None:
    _cache().set(key, {**entry, "version": version}, PAGE_TIMEOUT)
