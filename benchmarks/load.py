"""A working day under load: locust against gunicorn + PostgreSQL + Redis + a Celery worker.

    python -m benchmarks load [--users 5,10,20,40] [--seconds 30] [--proposals 10000]

All on 127.0.0.1, bounded in time: one locust run per step of simulated users (think time 1-4 s;
benchmarks/_locustfile.py says what they do). Reports, per step, the aggregated p50/p95 and
errors; for the largest step that holds p95 <= 500 ms, p50/p95 per page and the time from
requesting a draft until it is ready; and so the number of users this machine holds.
The stack uses the production settings, except plain HTTP (no TLS proxy in front, so the
cookies are not marked Secure) and media files in a temporary directory.
"""

import argparse
import csv
import json
import os
import subprocess
import tempfile
from pathlib import Path

from . import _stack
from ._load import hammer

TARGET_P95_MS = 500


def _locust(base: str, users: int, seconds: float, info_path: str, out: Path, env) -> list[dict]:
    prefix = out / f"u{users}"
    subprocess.run(
        [
            str(_stack.VENV_BIN / "locust"),
            "-f",
            str(Path(__file__).with_name("_locustfile.py")),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(max(1, users)),
            "--run-time",
            f"{int(seconds)}s",
            "--host",
            base,
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "ERROR",
            "--stop-timeout",
            "30",
        ],  # fmt: skip
        cwd=_stack.ROOT,
        env={**env, "BENCH_INFO": info_path},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
        timeout=seconds + 120,
    )
    with open(f"{prefix}_stats.csv", newline="") as handle:
        return list(csv.DictReader(handle))


def _row(rows: list[dict], name: str) -> dict | None:
    return next((r for r in rows if r["Name"] == name), None)


def _ms(value: str) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("nan")


def run(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="benchmarks load", description=__doc__)
    parser.add_argument("--users", default="2,5,10,20,40", help="steps of simulated users")
    parser.add_argument("--seconds", type=float, default=20, help="length of each step")
    parser.add_argument("--proposals", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    args, _ = parser.parse_known_args(argv)
    if not _stack.postgres_available():
        return
    if not (_stack.VENV_BIN / "locust").exists():
        print("locust is not installed (pip install -e '.[dev]'); skipped")
        return

    info = _stack.prepare(proposals=args.proposals)
    broker = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
    steps = [int(n) for n in args.users.split(",") if n.strip()]
    with tempfile.TemporaryDirectory(prefix="streekpact-load-") as tmp:
        out = Path(tmp)
        info_path = out / "info.json"
        info_path.write_text(json.dumps(info))
        env = _stack.stack_env(
            CELERY_BROKER_URL=broker,
            MEDIA_ROOT=str(out / "media"),
            SESSION_COOKIE_SECURE="0",
            CSRF_COOKIE_SECURE="0",
            LANGUAGE_COOKIE_SECURE="0",
        )
        results = {}
        with (
            _stack.celery_worker(env=env),
            _stack.gunicorn("streekpact.wsgi", workers=args.workers, env=env) as base,
        ):
            for path in ("/", "/proposals/", "/proposals/review/", "/pact/", info["detail"]):
                hammer(base, path, connections=2, seconds=1, cookie=info["cookies"]["staff"])
            for users in steps:
                results[users] = _locust(base, users, args.seconds, str(info_path), out, env)

    print(f"{info['proposals']} proposals, gunicorn {args.workers} workers + 1 Celery worker, "
          f"{args.seconds:g} s per step; partners 6 : staff 2 : chair 1 (one chair)")  # fmt: skip
    print(f"{'users':>5} {'requests':>8} {'req/s':>6} {'p50 ms':>7} {'p95 ms':>7} {'errors':>6}")
    held = None
    for users, rows in results.items():
        total = _row(rows, "Aggregated") or {}
        p95 = _ms(total.get("95%"))
        errors = int(total.get("Failure Count") or 0)
        print(f"{users:5d} {total.get('Request Count', '0'):>8} "
              f"{_ms(total.get('Requests/s')):6.1f} {_ms(total.get('50%')):7.0f} "
              f"{p95:7.0f} {errors:6d}")  # fmt: skip
        if p95 <= TARGET_P95_MS and errors == 0:
            held = users
    shown = held if held is not None else steps[0]
    print(f"\nper page at {shown} users:")
    print(f"{'page':38} {'requests':>8} {'p50 ms':>7} {'p95 ms':>7} {'errors':>6}")
    for row in results[shown]:
        if row["Name"] == "Aggregated":
            continue
        print(f"{row['Name'][:38]:38} {row['Request Count']:>8} {_ms(row['50%']):7.0f} "
              f"{_ms(row['95%']):7.0f} {row['Failure Count']:>6}")  # fmt: skip
    if held is None:
        print(f"\nusers held at p95 <= {TARGET_P95_MS} ms without errors: fewer than {steps[0]}")
    else:
        print(f"\nusers held at p95 <= {TARGET_P95_MS} ms without errors: {held} "
              f"(of the steps {', '.join(map(str, steps))})")  # fmt: skip
