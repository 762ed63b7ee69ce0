"""Shared fixtures: the cast of the partnership, a real Celery worker, a real browser.

Roles used in every permission matrix:
    staff        RESOC staff (secretariat)
    chair        the chair (voorzitter)
    lead         a member of Voka, trekker of the sector "Chemie en farma"
    partner      a member of VDAB (trekker of another sector, not of Chemie en farma)
    outsider     a member of a partner that leads nothing (ACV)
    anonymous    not logged in
"""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from streekpact.partners.models import OrganisationKind

from .factories import (
    ChairFactory,
    OrganisationFactory,
    SectorFactory,
    StaffFactory,
    UserFactory,
)

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
ROOT = Path(__file__).resolve().parent.parent


def skip_or_fail(reason: str):
    """Skip a test for lack of a service, but under CI (CI=true) a missing service fails."""
    if IN_CI:
        pytest.fail(f"CI requires this: {reason}")
    pytest.skip(reason)


def pytest_runtest_setup(item):
    if (
        item.get_closest_marker("postgres")
        and django_settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql"
    ):
        skip_or_fail("PostgreSQL is needed (DATABASE_URL=postgres://…)")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def voka(db):
    return OrganisationFactory(
        name="Voka – Kamer van Koophandel Mechelen",
        short_name="Voka",
        kind=OrganisationKind.EMPLOYERS,
    )


@pytest.fixture
def vdab(db):
    return OrganisationFactory(name="VDAB", short_name="VDAB", kind=OrganisationKind.PUBLIC_SERVICE)


@pytest.fixture
def acv(db):
    return OrganisationFactory(name="ACV", short_name="ACV", kind=OrganisationKind.UNION)


@pytest.fixture
def chemie(voka):
    return SectorFactory(name="Chemie en farma", slug="chemie-en-farma", position=1, leads=[voka])


@pytest.fixture
def logistiek(vdab):
    return SectorFactory(
        name="Logistiek en transport", slug="logistiek-en-transport", position=3, leads=[vdab]
    )


@pytest.fixture
def staff(db):
    return StaffFactory(email="staff@resoc.test", name="Sofie Staf")


@pytest.fixture
def chair(db):
    return ChairFactory(email="chair@resoc.test", name="Victor Voorzitter")


@pytest.fixture
def lead(voka, chemie):
    """A Voka member: Voka leads Chemie en farma."""
    return UserFactory(email="lead@voka.test", name="Lien Leider", organisation=voka)


@pytest.fixture
def partner(vdab, logistiek):
    """A VDAB member (VDAB leads Logistiek en transport, not Chemie en farma)."""
    return UserFactory(email="partner@vdab.test", name="Piet Partner", organisation=vdab)


@pytest.fixture
def outsider(acv):
    return UserFactory(email="outsider@acv.test", name="Olga Ander", organisation=acv)


@pytest.fixture
def cast(staff, chair, lead, partner, outsider):
    """Every role, by name; `None` is the anonymous visitor."""
    return {
        "staff": staff,
        "chair": chair,
        "lead": lead,
        "partner": partner,
        "outsider": outsider,
        "anonymous": None,
    }


WRITE_VERBS = ("INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE")
#: Writes a GET may do: the session row and the user's last login (allauth, django.contrib.auth).
ALLOWED_GET_WRITES = ("django_session", "last_login")


def writes_in(queries) -> list[str]:
    """The INSERT/UPDATE/DELETE statements among captured queries, sessions and last_login aside."""
    found = []
    for query in queries:
        sql = query["sql"].lstrip().upper()
        if sql.startswith(WRITE_VERBS) and not any(
            allowed.upper() in sql for allowed in ALLOWED_GET_WRITES
        ):
            found.append(query["sql"])
    return found


class GetNeverWritesClient:
    """Wraps a test client: every GET runs inside CaptureQueriesContext and fails on a write."""

    def __init__(self, client):
        self._client = client

    def __getattr__(self, name):
        return getattr(self._client, name)

    def get(self, path, *args, **kwargs):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            response = self._client.get(path, *args, **kwargs)
        writes = writes_in(captured.captured_queries)
        assert not writes, f"GET {path} wrote to the database: {writes}"
        return response


@pytest.fixture
def client_for(client, cast):
    """`client_for("lead")` returns a test client logged in as that role (or anonymous).

    Every GET through it is checked: a GET that writes (sessions and last_login aside) fails
    the test, so the role matrices also prove that GET never writes.
    """

    def _client(role: str):
        client.logout()
        user = cast[role]
        if user is not None:
            client.force_login(user)
        return GetNeverWritesClient(client)

    return _client


@pytest.fixture
def app(django_app):
    """A django-webtest app: pages are loaded, and their forms filled and submitted, as rendered.

    `app.get(url).forms["id"]` is the form a person sees; `.submit("button-name")` presses the
    button. A field or button the template does not render cannot be sent, so a name the view
    reads but the page does not carry fails the test.
    """
    return django_app


@pytest.fixture
def app_for(app, cast):
    """`app_for("lead")` returns the webtest app logged in as that role (or anonymous)."""

    def _app(role: str):
        user = cast[role]
        app.set_user(user)
        if user is None:
            app.reset()
        return app

    return _app


# --- A real Celery worker -----------------------------------------------------------------


def _broker_reachable(url: str) -> bool:
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
        return True
    except Exception:  # noqa: BLE001
        return False


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker, tmp_path_factory):
    """Start `celery -A streekpact worker` as a separate process against the test database.

    Tests using it need `transactional_db` so the worker sees their rows. Yields a handle with
    the worker's `popen`, its `mail_dir`, `media_root`, `log`, and `start()`/`stop()`/`restart()`.

    The worker consumes a queue of its own (`test-<pid>-<random>`), so a developer's
    `make worker` on the same Redis, or a worker left over from an interrupted run, never takes
    the tests' tasks; the queue is deleted afterwards.
    """
    broker = django_settings.TEST_CELERY_BROKER_URL
    if not broker:
        skip_or_fail("a Redis broker (CELERY_BROKER_URL) is needed for the real worker tests")
    if not _broker_reachable(broker):
        skip_or_fail(f"the Redis broker at {broker} does not answer (is redis-server running?)")
    db = django_settings.DATABASES["default"]
    # After django_db_setup, NAME is the test database (test_<name> on PostgreSQL, the
    # .test-db.sqlite3 file on SQLite; never an in-memory database a second process can't see).
    db_name = str(db["NAME"])
    if db["ENGINE"].endswith("sqlite3") and (":memory:" in db_name or "mode=memory" in db_name):
        pytest.fail("the worker needs a file-based SQLite test database (TEST NAME in settings)")
    mail_dir = tmp_path_factory.mktemp("worker-mail")
    queue = f"test-{os.getpid()}-{secrets.token_hex(4)}"
    hostname = f"{queue}@{socket.gethostname()}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "streekpact.settings_test",
        "CELERY_BROKER_URL": broker,
        "STREEKPACT_WORKER_USES_TEST_DB": "1",
        "STREEKPACT_TEST_DB_NAME": db_name,
        "STREEKPACT_TEST_EMAIL_DIR": str(mail_dir),
        # What the worker itself sends (the outbox relay, the draft-ready mail) stays on its queue.
        "STREEKPACT_TEST_QUEUE": queue,
        "MEDIA_ROOT": str(tmp_path_factory.mktemp("worker-media")),
    }

    from streekpact.celery import app

    class Worker:
        popen: subprocess.Popen

        def __init__(self):
            self.queue = queue
            self.hostname = hostname
            self.mail_dir = mail_dir
            self.media_root = Path(env["MEDIA_ROOT"])
            self.log = tmp_path_factory.mktemp("worker-log") / "worker.log"
            self.start()

        @property
        def alive(self) -> bool:
            return self.popen.poll() is None

        def start(self):
            with self.log.open("ab") as log:
                self.popen = subprocess.Popen(
                    [sys.executable, "-m", "celery", "-A", "streekpact", "worker",
                     "--pool=prefork", "--concurrency=1", "--loglevel=INFO",
                     "--without-gossip", "--without-mingle", "--without-heartbeat",
                     "-Q", queue, f"--hostname={hostname}"],
                    cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                    start_new_session=True,
                )  # fmt: skip
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                if not self.alive:
                    raise RuntimeError(f"the worker exited:\n{self.log.read_text()}")
                if app.control.ping(destination=[hostname], timeout=0.5):
                    return
            self.stop(signal.SIGKILL)
            raise RuntimeError(f"the worker did not answer a ping in 60 s:\n{self.log.read_text()}")

        def stop(self, sig=signal.SIGTERM):
            """SIGTERM: warm shutdown (finish the current task); SIGKILL: a crash."""
            if self.alive:
                os.killpg(self.popen.pid, sig)
                try:
                    self.popen.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(self.popen.pid, signal.SIGKILL)
                    self.popen.wait()

        def restart(self):
            self.stop()
            self.start()

    app.conf.broker_url = broker
    worker = Worker()
    try:
        yield worker
    finally:
        worker.stop()
        with app.connection_for_write() as conn:
            conn.default_channel.queue_delete(queue)


@pytest.fixture
def celery_worker(celery_worker_process, transactional_db):
    """Send this test's tasks to the real worker (not in-process), on the worker's own queue."""
    from streekpact.celery import app

    if not celery_worker_process.alive:  # an earlier test crashed or stopped it
        celery_worker_process.start()
    previous = (app.conf.task_always_eager, app.conf.task_default_queue)
    app.conf.task_always_eager = False
    app.conf.task_default_queue = celery_worker_process.queue
    try:
        yield celery_worker_process
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue = previous
        _drain(celery_worker_process)


def _drain(worker) -> None:
    """Leave the worker idle before the test database is flushed: a task still running (a
    chapter of a chord whose worker was killed, redelivered on restart) would hold locks that
    the flush's TRUNCATE waits for. Waiting messages are purged; a busy worker is given up to
    30 s, then restarted."""
    from streekpact.celery import app

    if not worker.alive:
        return
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(worker.queue)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        active = app.control.inspect(destination=[worker.hostname], timeout=1).active() or {}
        if not any(active.values()):
            return
    worker.stop(signal.SIGKILL)
    worker.start()


# --- A real browser ------------------------------------------------------------------------

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (no Playwright browser download)."""
    if not Path(CHROMIUM).exists():
        skip_or_fail(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("Playwright for Python is not installed")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--disable-quic"],
        )  # fmt: skip
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, request):
    """A fresh browser context in Dutch, pointed at the live test server.

    The portal's Content-Security-Policy stays on (no bypass), and any violation it reports
    fails the test (see `pytest_runtest_call` below and `tests.browser.watch_csp`).
    """
    from .browser import watch_csp

    context = browser.new_context(locale="nl-BE", base_url=live_server.url)
    context.set_default_timeout(15_000)
    request.node.csp_violations = watch_csp(context)
    page = context.new_page()
    request.node.csp_page = page
    yield page
    if request.node.rep_call.failed if hasattr(request.node, "rep_call") else False:
        out = ROOT / "test-artifacts"
        out.mkdir(exist_ok=True)
        page.screenshot(path=str(out / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """A browser test fails on any Content-Security-Policy violation its pages reported."""
    result = yield
    violations = getattr(item, "csp_violations", None)
    if violations is not None:
        from .browser import flush

        flush(item.csp_page)
        if violations:
            pytest.fail(
                "Content-Security-Policy violations:\n" + "\n".join(violations), pytrace=False
            )
    return result


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)
