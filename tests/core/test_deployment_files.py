"""The full-stack files: docker-compose.yml, Dockerfile, gunicorn settings, documentation.

Docker itself is not needed: the compose file is parsed and checked for what production
depends on (services, health checks, start order, volumes, configuration).
"""

import re
import runpy

import pytest

from ..conftest import skip_or_fail
from .conftest import ROOT

REQUIRED_SERVICES = {"web", "worker", "db", "redis"}


@pytest.fixture(scope="module")
def compose():
    try:
        import yaml
    except ImportError:
        skip_or_fail("PyYAML is needed to read docker-compose.yml (pip install -e '.[dev]')")
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def documented_variables() -> set[str]:
    example = (ROOT / ".env.example").read_text()
    names = set(re.findall(r"^(?:# )?([A-Z][A-Z0-9_]+)=", example, re.M))
    return names


def test_the_four_services_exist(compose):
    assert set(compose["services"]) >= REQUIRED_SERVICES


def test_web_runs_gunicorn_and_worker_runs_celery(compose):
    web, worker = compose["services"]["web"], compose["services"]["worker"]
    assert "gunicorn -c gunicorn.conf.py streekpact.wsgi" in web["command"]
    assert "migrate --noinput" in web["command"]
    assert worker["command"].startswith("celery -A streekpact worker")
    assert compose["services"]["beat"]["command"].startswith("celery -A streekpact beat")
    assert web["build"] == worker["build"] == "."


@pytest.mark.parametrize(
    ("service", "probe"), [("db", "pg_isready"), ("redis", "redis-cli"), ("web", "/healthz")]
)
def test_services_have_health_checks(compose, service, probe):
    check = compose["services"][service]["healthcheck"]
    test = check["test"]
    assert test[0] in ("CMD", "CMD-SHELL")
    assert probe in " ".join(test)
    assert check["interval"] and check["retries"] >= 3


def test_the_database_is_postgres_15_on_a_volume(compose):
    db = compose["services"]["db"]
    assert db["image"] == "postgres:15"
    assert "postgres-data:/var/lib/postgresql/data" in db["volumes"]
    assert {"postgres-data", "media"} <= set(compose["volumes"])


@pytest.mark.parametrize("service", ["web", "worker", "beat"])
def test_the_app_waits_for_a_healthy_database_and_broker(compose, service):
    depends = compose["services"][service]["depends_on"]
    assert depends["db"]["condition"] == "service_healthy"
    assert depends["redis"]["condition"] == "service_healthy"


@pytest.mark.parametrize("service", ["web", "worker"])
def test_web_and_worker_share_the_media_volume(compose, service):
    service = compose["services"][service]
    assert "media:/data/media" in service["volumes"]
    assert service["environment"]["MEDIA_ROOT"] == "/data/media"


def test_the_app_is_configured_by_the_documented_variables(compose):
    documented = documented_variables()
    for name in ("web", "worker"):
        environment = compose["services"][name]["environment"]
        assert environment["DEBUG"] == "0"
        assert environment["DATABASE_URL"].startswith("postgres://")
        assert environment["CELERY_BROKER_URL"] == "redis://redis:6379/0"
        assert "${SECRET_KEY:?" in environment["SECRET_KEY"]  # no default secret, ever
        undocumented = set(environment) - documented - {"WEB_CONCURRENCY"}
        assert not undocumented, f"add these to .env.example: {sorted(undocumented)}"


def test_the_dockerfile_builds_what_production_needs():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11-slim$", dockerfile, re.M)
    for needed in ("libpango-1.0-0", "libpangoft2-1.0-0", "fonts-dejavu-core", "npm ci"):
        assert needed in dockerfile
    assert "collectstatic --noinput" in dockerfile
    assert re.search(r"^USER streekpact$", dockerfile, re.M)  # not root
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".env", ".venv", "node_modules", ".git", "db.sqlite3"} <= set(ignored)


def test_gunicorn_settings_follow_the_environment(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "5")
    monkeypatch.setenv("GUNICORN_BIND", "127.0.0.1:9000")

    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))

    assert config["workers"] == 5
    assert config["bind"] == "127.0.0.1:9000"
    assert config["accesslog"] == "-"


def test_every_setting_read_from_the_environment_is_documented():
    settings_source = (ROOT / "streekpact" / "settings.py").read_text()
    read = set(re.findall(r"env(?:\.\w+)?\(\s*\"([A-Z][A-Z0-9_]+)\"", settings_source))
    readme = ROOT / "README.md"
    documentation = readme.read_text()

    assert read, "no env(...) calls found: the pattern needs updating"
    missing = sorted(name for name in read if f"`{name}`" not in documentation)
    assert not missing, f"document these variables in {readme.name}: {missing}"
