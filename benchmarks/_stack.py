"""The stack the HTTP benchmarks run against: PostgreSQL, gunicorn, Redis, a Celery worker.

Everything listens on 127.0.0.1 only. The database is `<DATABASE_URL's name>_bench`, made once
with `seed_demo` and `seed_scale` and reused by later runs (`--fresh` makes it again). The
settings are the production ones (DEBUG off, secure cookies, manifest-free static files aside:
whitenoise's compressed manifest needs collectstatic, which serves nothing these pages measure),
with plain HTTP since there is no TLS proxy in front, and a shared Redis cache as deployed
(`BENCH_CACHE_URL`, see `stack_env`), which also switches sessions to `cached_db`.
"""

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
#: One key per benchmark process: the sessions made by _prepare must hold in gunicorn.
_SECRET_KEY = secrets.token_urlsafe(50)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_available() -> bool:
    """The HTTP benchmarks run on PostgreSQL only; the others run anywhere."""
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        return True
    print("skipped: needs PostgreSQL (DATABASE_URL=postgres://user@127.0.0.1:5432/name)")
    return False


def bench_database_url() -> str:
    """The benchmark's own PostgreSQL database, beside the one DATABASE_URL names."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit(
            "The HTTP benchmarks need PostgreSQL: DATABASE_URL=postgres://user@127.0.0.1:5432/name"
        )
    parts = urlsplit(url)
    name = parts.path.lstrip("/") or "streekpact"
    return urlunsplit(parts._replace(path=f"/{name}_bench"))


#: The shared cache of the benchmark's stack, as in production (docker-compose.yml: Redis, which
#: also keeps the sessions): `BENCH_CACHE_URL`, by default a Redis database of its own on
#: 127.0.0.1. Its keys are prefixed with the benchmark database's name, so two benchmark
#: databases on one Redis never read each other's cached pages.
DEFAULT_BENCH_CACHE_URL = "rediscache://127.0.0.1:6379/3"


def bench_cache_url() -> str:
    return os.environ.get("BENCH_CACHE_URL") or DEFAULT_BENCH_CACHE_URL


def stack_env(**extra: str) -> dict[str, str]:
    """Production settings on 127.0.0.1, pointed at the benchmark database and cache."""
    env = dict(os.environ)
    database = bench_database_url()
    env.update(
        DJANGO_SETTINGS_MODULE="streekpact.settings",
        ENV_FILE=os.devnull,
        DEBUG="0",
        SECRET_KEY=_SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database,
        CACHE_URL=bench_cache_url(),
        CACHE_KEY_PREFIX=f"{urlsplit(database).path.lstrip('/')}:",
        CONN_MAX_AGE="60",
        SECURE_SSL_REDIRECT="0",
        STATICFILES_STORAGE="django.contrib.staticfiles.storage.StaticFilesStorage",
        LOG_LEVEL="WARNING",
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.update(extra)
    return env


def prepare(*, proposals: int, fresh: bool = False) -> dict:
    """Create (or reuse) the benchmark database; returns what the scenarios need (cookies,
    paths) as written by benchmarks/_prepare.py."""
    env = stack_env()
    args = [sys.executable, "-m", "benchmarks._prepare", "--proposals", str(proposals)]
    if fresh:
        args.append("--fresh")
    result = subprocess.run(
        args, cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=1800
    )
    if result.returncode:
        raise SystemExit(f"preparing the benchmark database failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _wait_for(url: str, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"{proc.args[0]} stopped with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - 127.0.0.1 only
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within {seconds} s")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@contextlib.contextmanager
def gunicorn(app: str, *, workers: int = 2, env: dict | None = None, health: str = "/healthz"):
    """Serve `app` (a WSGI path) with the project's gunicorn.conf.py on a free local port."""
    port = free_port()
    env = dict(env or stack_env())
    env.update(GUNICORN_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY=str(workers))
    proc = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "-c",
            "gunicorn.conf.py",
            "--access-logfile",
            os.devnull,
            "--max-requests",
            "0",
            app,
        ],  # fmt: skip
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    _SERVERS[base] = proc.pid
    try:
        _wait_for(base + health, proc)
        yield base
    finally:
        _SERVERS.pop(base, None)
        _stop(proc)


#: base URL -> pid of the gunicorn master serving it.
_SERVERS: dict[str, int] = {}


def cpu_seconds(base: str) -> float | None:
    """CPU time (user + system) used so far by the gunicorn serving `base` and its workers; the
    database's own CPU is not included. None without psutil (it comes with locust)."""
    try:
        import psutil
    except ImportError:
        return None
    try:
        master = psutil.Process(_SERVERS[base])
        total = 0.0
        for process in [master, *master.children(recursive=True)]:
            times = process.cpu_times()
            total += times.user + times.system
        return total
    except (KeyError, psutil.Error):
        return None


@contextlib.contextmanager
def celery_worker(*, concurrency: int = 1, env: dict | None = None):
    """A Celery worker on the benchmark database and the given broker."""
    if shutil.which("celery", path=str(VENV_BIN)) is None:
        raise SystemExit("celery is not installed in the virtualenv")
    proc = subprocess.Popen(
        [
            str(VENV_BIN / "celery"),
            "-A",
            "streekpact",
            "worker",
            "--loglevel=WARNING",
            f"--concurrency={concurrency}",
            "--without-gossip",
            "--without-mingle",
        ],  # fmt: skip
        cwd=ROOT,
        env=dict(env or stack_env()),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        time.sleep(2)
        if proc.poll() is not None:
            raise SystemExit(f"the Celery worker stopped with {proc.returncode}")
        yield proc
    finally:
        _stop(proc)
