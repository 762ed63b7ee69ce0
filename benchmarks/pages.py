"""The portal's busiest pages beside a bare Django list, under the same concurrent load.

    python -m benchmarks pages [--proposals 10000] [--connections 8] [--seconds 5] [--runs 3]

Against gunicorn (the project's gunicorn.conf.py, production settings, 2 workers) and
PostgreSQL with `seed_scale` data (benchmarks/_stack.py), logged in as the demo's staff member.
Each run measures the bare list (benchmarks/_bare_list.py, same rows, same page size) and then
every portal page, one after the other, with N keep-alive connections for S seconds each. The
machine is shared, so what counts is the ratio to the bare list measured in the same run;
the table gives the median over the runs of requests/s, p50, p95, that ratio, and the CPU
time gunicorn's processes used per request (the database's CPU aside): the figure least moved
by other jobs on the machine.

The portal runs with the shared Redis cache, as deployed (`_stack.stack_env`). Nothing is
written during a run, so the list and search pages are served from the list's page cache
(`proposals/listing.py`) after their first request: "list" measures a page read again. The
first view of a page after a write (any write outdates every cached page) is measured too, on
a second portal with the page cache off (`PROPOSALS_LIST_CACHE=0`): "list, cold".
"""

import argparse
import statistics

from . import _stack
from ._load import hammer

#: Targets of issue 13 (p95 at 8 connections on this machine).
TARGET_RATIO = 0.5
TARGET_P95 = {"list": 100, "search": 150, "detail": 150, "review queue": 150}


def run(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="benchmarks pages", description=__doc__)
    parser.add_argument("--proposals", type=int, default=10_000)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--fresh", action="store_true", help="make the database again")
    args, _ = parser.parse_known_args(argv)
    if not _stack.postgres_available():
        return

    info = _stack.prepare(proposals=args.proposals, fresh=args.fresh)
    cookie = info["cookies"]["staff"]
    pages = {
        "list": "/proposals/",
        "search": "/proposals/?q=opleiding",
        "detail": info["detail"],
        "review queue": "/proposals/review/",
        "home": "/",
        "pact": "/pact/",
    }
    #: Measured on the portal without the list's page cache: every view as after a write.
    cold = {"list, cold": "/proposals/", "search, cold": "/proposals/?q=opleiding"}
    env = _stack.stack_env()
    results: dict[str, list] = {"bare list": [], **{name: [] for name in {**pages, **cold}}}
    ratios: dict[str, list[float]] = {name: [] for name in {**pages, **cold}}
    with (
        _stack.gunicorn("benchmarks._bare_list:application", workers=args.workers, env=env) as bare,
        _stack.gunicorn("streekpact.wsgi", workers=args.workers, env=env) as portal,
        _stack.gunicorn("streekpact.wsgi", workers=args.workers,
                        env={**env, "PROPOSALS_LIST_CACHE": "0"}) as uncached,
    ):  # fmt: skip
        servers = {**dict.fromkeys(pages, portal), **dict.fromkeys(cold, uncached)}
        paths = {**pages, **cold}
        # Warm them (imports, template caches, connections) before measuring.
        hammer(bare, "/proposals/", connections=2, seconds=1)
        for name, path in paths.items():
            hammer(servers[name], path, connections=2, seconds=0.5, cookie=cookie)
        for _ in range(args.runs):
            reference = hammer(bare, "/proposals/", connections=args.connections,
                               seconds=args.seconds,
                               cpu=lambda: _stack.cpu_seconds(bare))  # fmt: skip
            results["bare list"].append(reference)
            for name, path in paths.items():
                server = servers[name]
                result = hammer(server, path, connections=args.connections,
                                seconds=args.seconds, cookie=cookie,
                                cpu=lambda server=server: _stack.cpu_seconds(server))  # fmt: skip
                results[name].append(result)
                ratios[name].append(result.rps / reference.rps if reference.rps else 0)

    print(f"{info['proposals']} proposals, PostgreSQL, gunicorn {args.workers} workers, "
          f"{args.connections} connections, {args.seconds:g} s per page, "
          f"medians of {args.runs} runs")  # fmt: skip
    print(f"{'page':14} {'req/s':>8} {'x bare':>7} {'p50 ms':>7} {'p95 ms':>7} "
          f"{'errors':>6} {'CPU ms/req':>10}  target")  # fmt: skip
    for name, runs in results.items():
        rps = statistics.median(r.rps for r in runs)
        p50 = statistics.median(r.p50 for r in runs)
        p95 = statistics.median(r.p95 for r in runs)
        errors = sum(r.errors for r in runs)
        ratio = statistics.median(ratios[name]) if name in ratios else 1.0
        target = ""
        if name in ("list", "list, cold"):
            ok = ratio >= TARGET_RATIO and p95 <= TARGET_P95["list"]
            target = f"x bare >= {TARGET_RATIO}, p95 <= {TARGET_P95['list']} ms: " + (
                "met" if ok else "NOT met"
            )
        elif name.removesuffix(", cold") in TARGET_P95:
            bound = TARGET_P95[name.removesuffix(", cold")]
            ok = p95 <= bound
            target = f"p95 <= {bound} ms: " + ("met" if ok else "NOT met")
        cpu = statistics.median(r.cpu_ms_per_request for r in runs)
        print(f"{name:14} {rps:8.1f} {ratio:7.2f} {p50:7.1f} {p95:7.1f} {errors:6d} "
              f"{cpu:10.1f}  {target}")  # fmt: skip
