"""Benchmark: render the full pact with 500 approved proposals placed as actions.

    python -m benchmarks pact [--proposals 500] [--runs 3]

Builds the data in a throw-away SQLite database (bulk_create, no factories), freezes the content
once (as a draft request does), then renders that snapshot in fresh subprocesses — the way a
Celery worker child does — and reports the median wall time, the pages, and the peak memory of
the rendering process (ru_maxrss of the children). Targets: under 15 s and under 1 GB.
"""

import argparse
import json
import os
import resource
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 15.0
TARGET_BYTES = 1024**3


def _setup_django(db_path: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "streekpact.settings")
    os.environ["DEBUG"] = "1"
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ["CELERY_BROKER_URL"] = ""
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def _seed(n_proposals: int) -> dict:
    """Sectors, partners, held ateliers with attendance, and n approved proposals placed."""
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from ateliers.models import Atelier, AtelierStatus, Conclusion, Registration
    from pact import services
    from pact.demo import seed as seed_pact
    from pact.models import Action, Chapter, OperationalObjective, StrategicObjective
    from proposals.models import Proposal, ProposalStatus, Stance, Support
    from sectors.demo import seed as seed_sectors
    from streekpact.partners.demo import seed as seed_partners
    from streekpact.partners.models import Organisation, User

    demo_password = secrets.token_urlsafe(16)  # accounts of a throw-away database
    seed_partners(password=demo_password)
    seed_sectors(password=demo_password)
    seed_pact(password=demo_password)  # the pact's texts and staff chapters
    orgs = list(Organisation.objects.all())
    users = list(User.objects.all())
    chapters = list(Chapter.objects.filter(sector__isnull=False).select_related("sector"))

    now = timezone.now()
    ateliers = []
    for chapter in chapters:
        for k in range(2):
            start = now - timedelta(days=60 + 7 * k)
            ateliers.append(
                Atelier(
                    sector=chapter.sector,
                    title=f"Inspiratieatelier {chapter.sector.name} {k + 1}",
                    starts_at=start,
                    ends_at=start + timedelta(hours=3),
                    location="Lamot, Mechelen",
                    status=AtelierStatus.HELD,
                )
            )
    Atelier.objects.bulk_create(ateliers)
    ateliers = list(Atelier.objects.all())
    Registration.objects.bulk_create(
        Registration(
            atelier=atelier,
            guest_name=f"Deelnemer {i}",
            organisation=orgs[i % len(orgs)],
            attended=True,
        )
        for atelier in ateliers
        for i in range(25)
    )
    Conclusion.objects.bulk_create(
        Conclusion(
            atelier=atelier,
            text=f"Conclusie {i + 1}: onderwijs en bedrijven stemmen hun aanbod beter af.",
            position=i,
        )
        for atelier in ateliers
        for i in range(5)
    )

    body = (
        "Bedrijven, scholen en VDAB werken samen aan **werkplekleren**. "
        "Zo vinden jongeren sneller hun weg naar een job in de regio.\n\n"
        "- stageplaatsen\n- opleidingen op de werkvloer\n- opvolging door een coach"
    )
    proposals = Proposal.objects.bulk_create(
        Proposal(
            title=f"Voorstel {i + 1}: samenwerking onderwijs en bedrijven",
            summary="Meer werkplekleren voor leerlingen uit de regio.",
            body=body,
            proposed_actions=body,
            sector=ateliers[i % len(ateliers)].sector,
            atelier=ateliers[i % len(ateliers)],
            organisation=orgs[i % len(orgs)],
            lead_organisation=orgs[(i + 1) % len(orgs)],
            created_by=users[0],
            status=ProposalStatus.APPROVED,
            indicators="Aantal stageplaatsen per jaar; aantal deelnemers.",
            budget_estimate=10_000 + i,
            timing_start=date(2015, 1, 1),
            timing_end=date(2017, 12, 31),
        )
        for i in range(n_proposals)
    )
    Support.objects.bulk_create(
        Support(proposal=p, organisation=orgs[(i + k) % len(orgs)], stance=Stance.SUPPORT)
        for i, p in enumerate(proposals)
        for k in range(2, 5)
    )
    operational = {}
    for chapter in chapters:
        objectives = []
        for s in range(3):
            so = StrategicObjective.objects.create(
                chapter=chapter, title=f"Strategische doelstelling {s + 1}", position=s
            )
            for o in range(3):
                objectives.append(
                    OperationalObjective.objects.create(
                        strategic_objective=so,
                        title=f"Operationele doelstelling {o + 1}",
                        position=o,
                    )
                )
        operational[chapter.sector_id] = objectives
    actions = Action.objects.bulk_create(
        Action(
            operational_objective=operational[p.sector_id][i % 9],
            proposal=p,
            title=p.title,
            description=p.proposed_actions,
            trekker=p.lead_organisation,
            timing_start=p.timing_start,
            timing_end=p.timing_end,
            indicators=p.indicators,
            budget=p.budget_estimate,
            position=i,
        )
        for i, p in enumerate(proposals)
    )
    Through = Action.partners.through
    Through.objects.bulk_create(
        Through(action_id=a.pk, organisation_id=orgs[(i + k) % len(orgs)].pk)
        for i, a in enumerate(actions)
        for k in range(3)
    )
    start = time.perf_counter()
    draft, _ = services._draft_request(user=None, chapter=None, enqueue=False)
    freeze_seconds = time.perf_counter() - start
    return {"snapshot": draft.snapshot, "freeze_seconds": freeze_seconds}


def _render_child(snapshot_path: str) -> None:
    """In a fresh process (like a worker child): render the snapshot, print the figures."""
    start = time.perf_counter()
    from pact.rendering import render_pdf

    snapshot = json.loads(Path(snapshot_path).read_text())
    rendered = render_pdf(snapshot)
    print(
        json.dumps(
            {
                "seconds": time.perf_counter() - start,
                "pages": rendered.page_count,
                "bytes": len(rendered.content),
            }
        )
    )


def run(argv: list[str]) -> dict:
    parser = argparse.ArgumentParser(prog="benchmarks pact")
    parser.add_argument("--proposals", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="pact-bench-") as tmp:
        tmp = Path(tmp)
        _setup_django(tmp / "bench.sqlite3")
        seeded = _seed(args.proposals)
        snapshot_path = tmp / "snapshot.json"
        snapshot_path.write_text(json.dumps(seeded["snapshot"]))
        env = {**os.environ, "PACT_BENCH_CHILD": "1"}
        walls, cpus, results = [], [], []
        for _ in range(args.runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            out = subprocess.run(
                [sys.executable, "-m", "benchmarks.pact", "--render", str(snapshot_path)],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            walls.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
            results.append(json.loads(out.stdout.strip().splitlines()[-1]))
        peak_bytes = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    render_median = statistics.median(r["seconds"] for r in results)
    wall_median = statistics.median(walls)
    figures = {
        "proposals": args.proposals,
        "runs": args.runs,
        "freeze_seconds": round(seeded["freeze_seconds"], 2),
        "render_median_seconds": round(render_median, 2),
        "process_wall_median_seconds": round(wall_median, 2),
        "process_cpu_median_seconds": round(statistics.median(cpus), 2),
        "load_average_1m": round(os.getloadavg()[0], 2),
        "pages": results[0]["pages"],
        "pdf_bytes": results[0]["bytes"],
        "peak_rss_mib": round(peak_bytes / 1024**2, 1),
    }
    ok_time = wall_median < TARGET_SECONDS
    ok_memory = peak_bytes < TARGET_BYTES
    print(f"actions placed            {args.proposals}")
    print(f"freeze (snapshot)         {figures['freeze_seconds']:.2f} s")
    print(f"render, median of {args.runs}      {render_median:.2f} s (in the rendering process)")
    print(
        f"process wall, median      {wall_median:.2f} s  target < {TARGET_SECONDS:.0f} s  "
        f"{'OK' if ok_time else 'OVER'}"
    )
    print(
        f"process CPU, median       {figures['process_cpu_median_seconds']:.2f} s  "
        f"(load average {figures['load_average_1m']} on {os.cpu_count()} cores)"
    )
    print(f"pages                     {figures['pages']}")
    print(f"PDF size                  {figures['pdf_bytes'] / 1024**2:.1f} MiB")
    print(
        f"peak memory (child RSS)   {figures['peak_rss_mib']:.0f} MiB  target < 1024 MiB  "
        f"{'OK' if ok_memory else 'OVER'}"
    )
    return figures


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--render":
        import django

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "streekpact.settings")
        django.setup()
        _render_child(sys.argv[2])
    else:
        run(sys.argv[1:])
