"""Benchmark: render the full pact with 500 approved proposals placed as actions.

    python -m benchmarks pact [--proposals 500] [--runs 3] [--workers 2]
    python -m benchmarks pact --in-process [--proposals 500] [--runs 3]

Builds the data in a throw-away SQLite database (bulk_create, no factories), then:

- by default (issue 13), starts a Celery worker with `--workers` processes (Redis at
  CELERY_BROKER_URL, default redis://127.0.0.1:6379/15, on a queue of its own) and, in each
  run, requests three drafts as a person does and times each from the request until it is ready:
  the single pass (one task), the chord from scratch (no stored part, no earlier draft's pages),
  and the chord after rewording one action in one chapter (every other part reused, the
  previous draft's pages as the hint). Reports the medians, the
  ratios to the single pass of the same run, the load average, and the peak memory (VmHWM) of
  each worker process. Targets: chord ≤ 60 %, re-render ≤ 25 %, < 1 GB per worker process.
- with `--in-process`, renders the frozen snapshot in one pass in fresh subprocesses — the way a
  Celery worker child does — and reports the median wall time, the pages and the peak memory of
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


def _setup_django(db_path: Path, broker: str = "") -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "streekpact.settings")
    os.environ["DEBUG"] = "1"
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ["CELERY_BROKER_URL"] = broker
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
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--in-process", action="store_true")
    parser.add_argument(
        "--worker-log", help="keep the worker's log (INFO: every task and its time) in this file"
    )
    args = parser.parse_args(argv)
    if not args.in_process:
        return _run_with_workers(args)

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


# --- Single pass and chord on real workers (issue 13) --------------------------------------------

TARGET_CHORD = 0.60
TARGET_REWORDED = 0.25


def _peak_rss(pid: int) -> dict[int, int]:
    """VmHWM (peak resident memory, bytes) of the worker's pool processes."""
    import psutil

    peaks = {}
    for process in psutil.Process(pid).children(recursive=True):
        try:
            status = Path(f"/proc/{process.pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peaks[process.pid] = int(line.split()[1]) * 1024
    return peaks


def _timed_draft(in_parts: bool, timeout: float = 900) -> tuple[float, object]:
    """Request a draft (frozen as a person's request freezes it), hand it to the workers and
    wait until it is ready: the seconds from the request until ready."""
    from pact import services, tasks
    from pact.models import Draft, DraftStatus

    start = time.perf_counter()
    draft, _ = services._draft_request(user=None, chapter=None, enqueue=False)
    tasks.render_draft.apply_async(
        args=[draft.pk], kwargs={"in_parts": in_parts}, task_id=draft.task_id
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = Draft.objects.filter(pk=draft.pk).values_list("status", flat=True).get()
        if status in (DraftStatus.READY, DraftStatus.FAILED):
            break
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    draft.refresh_from_db()
    if draft.status != DraftStatus.READY:
        raise RuntimeError(f"draft {draft.pk} {draft.status}: {draft.failure_reason}")
    return seconds, draft


def _run_with_workers(args) -> dict:
    import signal

    broker = os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/15"
    queue = f"bench-pact-{os.getpid()}"
    with tempfile.TemporaryDirectory(prefix="pact-bench-") as tmp:
        tmp = Path(tmp)
        _setup_django(tmp / "bench.sqlite3", broker)
        from django.conf import settings

        from streekpact.celery import app

        settings.MEDIA_ROOT = tmp / "media"
        app.conf.task_default_queue = queue
        seeded = _seed(args.proposals)
        env = {
            **os.environ,
            "CELERY_TASK_DEFAULT_QUEUE": queue,
            "MEDIA_ROOT": str(tmp / "media"),
            "PACT_RENDER_IN_PARTS": "1",
        }
        log = Path(args.worker_log or tmp / "worker.log").open("wb")  # noqa: SIM115 - the worker's, closed with it
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "streekpact", "worker",
             "--pool=prefork", f"--concurrency={args.workers}",
             f"--loglevel={'INFO' if args.worker_log else 'WARNING'}",
             "--without-gossip", "--without-mingle", "--without-heartbeat", "-Q", queue,
             f"--hostname={queue}@%h"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        try:
            from pact.models import Action, ChapterRendering, Draft

            deadline = time.monotonic() + 60
            while not app.control.ping(timeout=0.5) and time.monotonic() < deadline:
                pass
            _timed_draft(True)  # warm both processes (imports, fonts) before measuring
            _timed_draft(False)
            loads, single, chord, reworded, pages = [os.getloadavg()[0]], [], [], [], 0
            action = Action.objects.order_by("pk").first()
            for run_number in range(args.runs):
                seconds, draft = _timed_draft(False)
                single.append(seconds)
                pages = draft.page_count
                # The chord from scratch: no stored part, no earlier draft's pages as a hint.
                ChapterRendering.objects.all().delete()
                Draft.objects.update(page_numbers={})
                seconds, draft = _timed_draft(True)
                chord.append(seconds)
                assert draft.page_count == pages
                Action.objects.filter(pk=action.pk).update(title=f"{action.title} ({run_number})")
                seconds, draft = _timed_draft(True)
                reworded.append(seconds)
                loads.append(os.getloadavg()[0])
            peaks = _peak_rss(worker.pid)
        finally:
            os.killpg(worker.pid, signal.SIGTERM)
            try:
                worker.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
            with app.connection_for_write() as conn:
                conn.default_channel.queue_delete(queue)
    ratios_chord = [c / s for c, s in zip(chord, single, strict=True)]
    ratios_reworded = [r / s for r, s in zip(reworded, single, strict=True)]
    figures = {
        "proposals": args.proposals,
        "runs": args.runs,
        "workers": args.workers,
        "pages": pages,
        "freeze_seconds": round(seeded["freeze_seconds"], 2),
        "single_median_seconds": round(statistics.median(single), 2),
        "chord_median_seconds": round(statistics.median(chord), 2),
        "reworded_median_seconds": round(statistics.median(reworded), 2),
        "chord_ratio_median": round(statistics.median(ratios_chord), 3),
        "reworded_ratio_median": round(statistics.median(ratios_reworded), 3),
        "load_average_1m": [round(x, 2) for x in loads],
        "peak_rss_mib": sorted(round(b / 1024**2) for b in peaks.values()),
    }
    print(f"actions placed            {args.proposals} ({pages} pages)")
    print(f"worker processes          {args.workers} (load average {figures['load_average_1m']} "
          f"on {os.cpu_count()} cores)")  # fmt: skip
    print(f"single pass, median of {args.runs}  {figures['single_median_seconds']:.2f} s")
    print(
        f"chord, median             {figures['chord_median_seconds']:.2f} s  ratio "
        f"{figures['chord_ratio_median']:.0%} (runs {', '.join(f'{r:.0%}' for r in ratios_chord)})"
        f"  target <= {TARGET_CHORD:.0%}  "
        f"{'OK' if figures['chord_ratio_median'] <= TARGET_CHORD else 'OVER'}"
    )
    print(
        f"one action reworded       {figures['reworded_median_seconds']:.2f} s  ratio "
        f"{figures['reworded_ratio_median']:.0%} "
        f"(runs {', '.join(f'{r:.0%}' for r in ratios_reworded)})"
        f"  target <= {TARGET_REWORDED:.0%}  "
        f"{'OK' if figures['reworded_ratio_median'] <= TARGET_REWORDED else 'OVER'}"
    )
    peak = max(peaks.values(), default=0)
    print(
        f"peak memory per worker    {figures['peak_rss_mib']} MiB  target < 1024 MiB  "
        f"{'OK' if peak < TARGET_BYTES else 'OVER'}"
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
