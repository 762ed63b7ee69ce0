"""Insight page times at scale (default 10,000 proposals), with a cold and a warm chart cache.

    python -m benchmarks insight [--proposals N] [--ateliers A] [--runs R]

Works on a throw-away test database (never the real one): creates it, fills it with
`seed_scale` plus A held ateliers with attendance (seed_scale makes none) and proposals captured
in them, measures, drops it. "cold" empties the cache before every request (every chart is
built: queries and SVG rendering), "warm" is the page as it is served until the data changes
(one query for the data version, the charts from the cache). Reports median and p95 of R runs.
"""

import argparse
import os
import random
import statistics
import time
from datetime import timedelta


def _setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "streekpact.settings_test")
    import django

    django.setup()


def _p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def _measure(client, url: str, runs: int, *, cold: bool) -> tuple[float, float, int]:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    response = client.get(url)  # warm-up (templates, vl-convert's engine)
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(runs):
        if cold:
            cache.clear()
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(times), _p95(times), len(queries)


def _ateliers(count: int, rng: random.Random) -> None:
    from django.utils import timezone

    from ateliers.models import Atelier, AtelierStatus, Registration
    from proposals.models import Proposal
    from sectors.models import Sector
    from streekpact.partners.models import User

    sectors = list(Sector.objects.all())
    members = list(User.objects.filter(organisation__isnull=False))
    now = timezone.now()
    ateliers = []
    for i in range(count):
        start = now - timedelta(days=rng.randint(10, 700))
        ateliers.append(
            Atelier(
                sector=rng.choice(sectors),
                title=f"Inspiratieatelier {i + 1}",
                starts_at=start,
                ends_at=start + timedelta(hours=3),
                status=AtelierStatus.HELD,
            )
        )
    for atelier in ateliers:
        atelier.render_markdown_fields()
    Atelier.objects.bulk_create(ateliers)
    registrations = []
    for atelier in ateliers:
        for user in rng.sample(members, k=min(len(members), rng.randint(10, 30))):
            registrations.append(
                Registration(
                    atelier=atelier, user=user, organisation_id=user.organisation_id, attended=True
                )
            )
    Registration.objects.bulk_create(registrations, ignore_conflicts=True)
    # About one proposal in five was captured in an atelier of its sector.
    by_sector = {}
    for atelier in ateliers:
        by_sector.setdefault(atelier.sector_id, []).append(atelier.pk)
    for pk, sector_id in Proposal.objects.values_list("pk", "sector_id"):
        if sector_id in by_sector and rng.random() < 0.2:
            Proposal.objects.filter(pk=pk).update(atelier_id=rng.choice(by_sector[sector_id]))


def run(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="benchmarks insight", description=__doc__)
    parser.add_argument("--proposals", type=int, default=10_000)
    parser.add_argument("--ateliers", type=int, default=60)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args(argv)

    _setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from proposals.management.commands.seed_scale import seed_scale
        from proposals.models import Proposal
        from sectors.models import Sector
        from streekpact.partners.models import Role, User

        rng = random.Random(42)
        start = time.perf_counter()
        seed_scale(args.proposals, rng=rng)
        _ateliers(args.ateliers, rng)
        seeded_in = time.perf_counter() - start
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ANALYZE")
        chair = User.objects.create_user("bench-chair@resoc.test", name="Bench", role=Role.CHAIR)
        client = Client()
        client.force_login(chair)
        sector = Sector.objects.first()
        pages = {
            "insight page": "/insight/",
            "insight, one sector": f"/insight/?sector={sector.pk}",
            "insight, one year": "/insight/?start=2026-01-01&end=2026-12-31",
            "CSV of the funnel": "/insight/funnel.csv",
        }
        proposals = Proposal.objects.count()
        print(f"database: {connection.vendor}; {proposals} proposals, {args.ateliers} held "
              f"ateliers (seeded in {seeded_in:.1f} s); {args.runs} runs")  # fmt: skip
        print(f"{'page':24} {'cache':6} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
        for name, url in pages.items():
            for cold in (True, False):
                median, p95, queries = _measure(client, url, args.runs, cold=cold)
                label = "cold" if cold else "warm"
                print(f"{name:24} {label:6} {median:10.1f} {p95:8.1f} {queries:8d}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
