"""The public pact pages under concurrent anonymous load, beside a static file (same server).

    python -m benchmarks public [--seconds 10] [--concurrency 16] [--rounds 2] [--workers 2]

Needs PostgreSQL (DATABASE_URL) and Redis (CACHE_URL, default redis db 2). Creates a throw-away
database `<name>_bench_public`, migrates it, loads `seed_demo` (an adopted, signed pact, its
PDF rendered in-process), starts gunicorn (sync workers, the production server) on a free port
with the Redis cache, and then, in rounds that interleave the two so a noisy shared machine
hurts both alike, sends `concurrency` anonymous clients for `seconds` at:

- the static file `/static/css/streekpact.css` (WhiteNoise, through the same gunicorn), and
- the public pages: the pact, a chapter, an action, the process and the signatories.

Reports requests per second and p50/p95 latency of each, and the ratio pages / static
(target: at least 0.5). The database is dropped afterwards.
"""

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    "/pact/2014-2020/",
    "/pact/2014-2020/hoofdstukken/chemie-en-farma/",
    "/pact/2014-2020/proces/",
    "/pact/2014-2020/ondertekenaars/",
]
STATIC = ["/static/css/streekpact.css"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_urls() -> tuple[str, str]:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("The public benchmark needs PostgreSQL: set DATABASE_URL=postgres://…")
    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'streekpact'}_bench_public"
    return parts._replace(path="/postgres").geturl(), parts._replace(path=f"/{name}").geturl()


def _admin(admin_url: str, sql: str) -> None:
    import psycopg2

    conn = psycopg2.connect(admin_url)
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql)
    finally:
        conn.close()


def _prepare(env: dict) -> None:
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    subprocess.run(
        [*manage, "seed_demo"], env={**env, "DEBUG": "1"}, check=True, stdout=subprocess.DEVNULL
    )


def _load(port: int, paths: list[str], seconds: float, concurrency: int) -> dict:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(offset: int) -> None:
        mine, n = [], offset
        while time.monotonic() < deadline:
            path = paths[n % len(paths)]
            n += 1
            start = time.perf_counter()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request("GET", path, headers={"Accept-Language": "nl-BE"})
                response = conn.getresponse()
                response.read()
                conn.close()
                ok = response.status == 200
            except OSError:
                ok = False
            if ok:
                mine.append(time.perf_counter() - start)
            else:
                with lock:
                    errors[0] += 1
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(concurrency)]
    begin = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - begin
    latencies.sort()
    return {
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies) * 1000 if latencies else float("nan"),
        "p95": latencies[int(len(latencies) * 0.95) - 1] * 1000 if latencies else float("nan"),
        "errors": errors[0],
    }


def run(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="benchmarks public", description=__doc__)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--cache-url", default=os.environ.get("CACHE_URL", "rediscache://127.0.0.1:6379/2")
    )
    args = parser.parse_args(argv)

    admin_url, bench_url = _database_urls()
    name = urlsplit(bench_url).path.lstrip("/")
    media = tempfile.mkdtemp(prefix="bench-public-media-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "streekpact.settings_test",
        "DATABASE_URL": bench_url,
        "CACHE_URL": args.cache_url,
        "MEDIA_ROOT": media,
        "CONN_MAX_AGE": "60",
        "CELERY_BROKER_URL": "",
        "PYTHONPATH": str(ROOT),
    }
    _admin(admin_url, f'DROP DATABASE IF EXISTS "{name}"')
    _admin(admin_url, f'CREATE DATABASE "{name}"')
    server = None
    try:
        _prepare(env)
        subprocess.run(
            [sys.executable, "-c", "from django.core.cache import cache; cache.clear()"],
            env={**env, "PYTHONSTARTUP": ""},
            check=False,
        )
        port = _free_port()
        # The production settings (gunicorn.conf.py) but no access log: it would measure the
        # terminal. Written beside the media, so gunicorn does not pick up ./gunicorn.conf.py.
        config = Path(media) / "gunicorn_bench.py"
        config.write_text("accesslog = None\nerrorlog = '-'\nloglevel = 'warning'\n")
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "streekpact.wsgi",
                "-w",
                str(args.workers),
                "-b",
                f"127.0.0.1:{port}",
                "-c",
                str(config),
            ],
            env=env,
            cwd=ROOT,
        )
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", "/sitemap.xml")
        sitemap = conn.getresponse().read().decode()
        action = next(p for p in sitemap.split("<loc>")[1:] if "/acties/" in p).split("<")[0]
        pages = [*PAGES, urlsplit(action).path]
        _load(port, pages + STATIC, 2.0, 4)  # warm-up: every page rendered once, cached
        results = {"static": [], "pages": []}
        for _ in range(args.rounds):
            results["static"].append(_load(port, STATIC, args.seconds, args.concurrency))
            results["pages"].append(_load(port, pages, args.seconds, args.concurrency))
        print(
            f"gunicorn -w {args.workers} (sync), {args.concurrency} concurrent clients, "
            f"{args.seconds:.0f} s x {args.rounds} rounds each, cache {args.cache_url}"
        )
        for kind, rounds in results.items():
            for i, r in enumerate(rounds, start=1):
                print(
                    f"  {kind:6} round {i}: {r['rps']:7.1f} req/s  p50 {r['p50']:6.1f} ms  "
                    f"p95 {r['p95']:6.1f} ms  errors {r['errors']}"
                )
        static = statistics.median(r["rps"] for r in results["static"])
        pages = statistics.median(r["rps"] for r in results["pages"])
        print(f"  pages / static throughput: {pages / static:.2f} (target >= 0.5)")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        _admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
