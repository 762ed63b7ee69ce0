"""Proposal list and detail page times with many proposals (default 10,000).

    python -m benchmarks proposals [--proposals N] [--runs R]

Works on a throw-away test database (never the real one): creates it, measures the pages with
an empty database (the baseline), fills it with `seed_scale`, measures again, drops it.
Reports medians over R runs and the ratio of each page to the baseline measured alongside (the
same list page with no proposals at all), since this machine is shared and noisy.
"""

import argparse
import os
import random
import statistics
import time


def _setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "streekpact.settings_test")
    import django

    django.setup()


def _median_ms(client, url: str, runs: int) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)  # warm-up (templates, caches)
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(times), len(queries)


def run(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="benchmarks proposals", description=__doc__)
    parser.add_argument("--proposals", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)

    _setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    # Not setup_test_environment(): its template instrumentation would slow every page.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from proposals.management.commands.seed_scale import _ensure_base, seed_scale
        from proposals.models import Proposal
        from streekpact.partners.models import Role, User

        _ensure_base()
        staff = User.objects.create_user("bench-staff@resoc.test", name="Bench", role=Role.STAFF)
        client = Client()
        client.force_login(staff)
        pages = {
            "list": "/proposals/",
            "list, sorted by support": "/proposals/?order=support",
            "list, search 'opleiding'": "/proposals/?q=opleiding",
            "list, filtered (status)": "/proposals/?status=approved",
            "review queue": "/proposals/review/",
        }
        baseline, baseline_queries = _median_ms(client, "/proposals/", args.runs)

        start = time.perf_counter()
        seed_scale(args.proposals, rng=random.Random(42))
        seeded_in = time.perf_counter() - start
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ANALYZE")
        # Detail page of a proposal with support and comments.
        detail = (
            Proposal.objects.public()
            .filter(comments__isnull=False, supports__isnull=False)
            .order_by("pk")
            .first()
        )
        pages["detail"] = detail.get_absolute_url()
        print(f"database: {connection.vendor}; {Proposal.objects.count()} proposals "
              f"(seeded in {seeded_in:.1f} s); medians of {args.runs} runs")  # fmt: skip
        print(f"{'page':28} {'median ms':>10} {'x baseline':>10} {'queries':>8}")
        print(f"{'baseline (empty list)':28} {baseline:10.1f} {1:10.2f} {baseline_queries:8d}")
        for name, url in pages.items():
            ms, queries = _median_ms(client, url, args.runs)
            print(f"{name:28} {ms:10.1f} {ms / baseline:10.2f} {queries:8d}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
