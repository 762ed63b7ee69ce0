"""No page grows with the data: every GET page, for every role, at two sizes of data.

The pages and roles are those of the GET-never-writes walk (one table, in
test_get_never_writes.py, with the pact adopted and a period published), so a page added
there is checked here too. Each page is fetched with the walk's objects plus 200 generated
proposals (with supports, comments and status history), some organisations, people and
ateliers, and 100 more proposals written and supported by all organisations, new ones
included; and again after adding 2,000 more proposals and five times as many organisations,
people and ateliers. A page fails when its query count rises, when its HTML grows by more than
20 %, or when it answers a 500; the public pages of the adopted pact (its frozen snapshot) may
not change size at all.
"""

import random

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from proposals.management.commands.seed_scale import seed_scale

from .test_get_never_writes import ROLES, _get_urls, world  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db
#: How much a page's HTML may grow when the data grows elevenfold (dates, numbers, names).
GROWTH = 1.20
SMALL, LARGE = 200, 2_000
#: Proposals added after the first organisations, people and ateliers, from all organisations:
#: the insight page's involvement chart then already has its most involved organisations and
#: the others added up (its bound), as a paged list already has a full first page.
SPREAD = 100
#: Organisations, people and ateliers added with each size: enough that a page listing them all
#: (a picker, an unpaged list) grows past GROWTH.
#: The first walk already fills the first page of the organisation and atelier lists (and of a
#: people search), so what the second measures is growth, not a first pager.
PARTNERSHIP = {"SMALL": (60, 60, 60), "LARGE": (300, 300, 300)}
#: Pages whose size is the data by design (a download of the whole filtered list, everything the
#: portal holds about a person, a calendar feed of every upcoming atelier); their query count
#: must still stay the same.
DOWNLOADS = {"proposals:export", "public:my_data_download", "ateliers:feed", "ateliers:feed_token"}
#: The public pages of the adopted pact read its frozen snapshot: new proposals change nothing
#: on them, so their HTML must stay exactly the same size.
SNAPSHOT_PAGES = {
    "public:pact",
    "public:chapter",
    "public:action",
    "public:signatories",
    "public:process",
    "public:monitoring",
}


def _measure(client, cast, urls) -> dict[tuple[str, str], tuple[int, int, int]]:
    """(role, url name) -> (status, queries, bytes) for every role and page."""
    found = {}
    # Drawn, not served: the public pages' cache (and the charts') would answer the second
    # measurement without a query.
    cache.clear()
    for role in ROLES:
        client.logout()
        if cast[role] is not None:
            client.force_login(cast[role])
        for name, url in urls.items():
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            size = len(response.content) if not response.streaming else 0
            found[role, name] = (response.status_code, len(captured), size)
    return found


def test_no_page_grows_with_the_data(client, cast, world):  # noqa: F811
    rng = random.Random(13)
    urls = _get_urls(world, cast)
    organisations, people, ateliers = PARTNERSHIP["SMALL"]
    seed_scale(SMALL, rng=rng, organisations=organisations, people=people, ateliers=ateliers)
    # The new organisations take part too (they write and support some proposals), so the
    # insight page's involvement chart already has its most involved and the others added up.
    seed_scale(SPREAD, rng=rng)
    small = _measure(client, cast, urls)
    organisations, people, ateliers = PARTNERSHIP["LARGE"]
    seed_scale(LARGE, rng=rng, organisations=organisations, people=people, ateliers=ateliers)
    large = _measure(client, cast, urls)

    failures = []
    for key, (status, queries, size) in large.items():
        before_status, before_queries, before_size = small[key]
        where = f"{key[1]} as {key[0]} ({urls[key[1]]})"
        if status >= 500 or before_status >= 500:
            failures.append(f"{where}: answered {before_status} then {status}")
        elif status != before_status:
            failures.append(f"{where}: status {before_status} became {status}")
        elif queries > before_queries:
            failures.append(f"{where}: {before_queries} queries became {queries}")
        elif key[1] in SNAPSHOT_PAGES and size != before_size:
            failures.append(f"{where}: the frozen pact's page went from {before_size} to {size}")
        elif key[1] not in DOWNLOADS and size > before_size * GROWTH and size - before_size > 512:
            failures.append(f"{where}: {before_size} bytes became {size}")
    assert not failures, "pages that grow with the data:\n" + "\n".join(sorted(failures))


@pytest.mark.parametrize("role", ["staff", "chair", "lead", "partner", "outsider"])
def test_a_page_reads_no_model_permissions_and_loads_the_user_in_one_query(client, cast, role):
    """django-rules decides every permission: the permission tables are never read, and the
    header's organisation comes with the user (streekpact.partners.backends.LoginBackend)."""
    client.force_login(cast[role])
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/proposals/").status_code == 200
    sql = [q["sql"] for q in captured.captured_queries]
    assert not [s for s in sql if "auth_permission" in s]
    assert len([s for s in sql if 'FROM "partners_user"' in s]) == 1
