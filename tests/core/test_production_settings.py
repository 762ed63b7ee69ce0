"""Production is secure by default and refuses to start half-configured (run as processes)."""

import json

import pytest

from .conftest import SECRET, clean_env

PRODUCTION = {"DEBUG": "0", "SECRET_KEY": SECRET, "ALLOWED_HOSTS": "streekpact.example.be"}

DUMP_SECURITY = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({name: getattr(s, name, None) for name in (
    "DEBUG", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE", "SECURE_PROXY_SSL_HEADER", "ALLOWED_HOSTS", "LANGUAGE_COOKIE_SECURE",
    "SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SAMESITE", "LANGUAGE_COOKIE_SAMESITE",
    "ALLAUTH_TRUSTED_PROXY_COUNT", "ALLAUTH_TRUSTED_CLIENT_IP_HEADER")}))
"""


@pytest.mark.parametrize(
    "secret",
    [None, "", "too-short", "django-insecure-development-only-key-do-not-use-in-production"],
)
def test_without_a_real_secret_key_production_refuses_to_start(run_python, secret):
    env = clean_env(DEBUG="0", ALLOWED_HOSTS="streekpact.example.be")
    if secret is not None:
        env["SECRET_KEY"] = secret

    result = run_python("manage.py", "check", env=env)

    assert result.returncode != 0
    assert (
        "SECRET_KEY must be set to a random value of at least 32 characters when DEBUG is off"
        in result.stderr
    )


def test_debug_is_off_unless_asked_for(run_python):
    result = run_python("-c", DUMP_SECURITY, env=clean_env(SECRET_KEY=SECRET))

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["DEBUG"] is False


def test_deploy_check_passes_with_only_the_three_variables(run_python):
    result = run_python(
        "manage.py", "check", "--deploy", "--fail-level", "WARNING", env=clean_env(**PRODUCTION)
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_is_secure_by_default(run_python):
    result = run_python("-c", DUMP_SECURITY, env=clean_env(**PRODUCTION))

    values = json.loads(result.stdout)
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["LANGUAGE_COOKIE_SECURE"] is True
    for cookie in ("SESSION", "CSRF", "LANGUAGE"):
        assert values[f"{cookie}_COOKIE_SAMESITE"] == "Lax"
    assert values["SECURE_PROXY_SSL_HEADER"] is None  # trusting the header is opt-in
    assert values["ALLAUTH_TRUSTED_PROXY_COUNT"] == 0  # so is trusting X-Forwarded-For
    assert values["ALLAUTH_TRUSTED_CLIENT_IP_HEADER"] is None
    assert values["ALLOWED_HOSTS"] == ["streekpact.example.be"]


def test_each_protection_is_adjustable_for_a_tls_terminating_proxy(run_python):
    env = clean_env(
        **PRODUCTION,
        USE_X_FORWARDED_PROTO="1",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
    )

    values = json.loads(run_python("-c", DUMP_SECURITY, env=env).stdout)

    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["CSRF_COOKIE_SECURE"] is False


def test_the_number_of_trusted_proxies_comes_from_the_environment(run_python):
    env = clean_env(**PRODUCTION, TRUSTED_PROXY_COUNT="2", TRUSTED_CLIENT_IP_HEADER="X-Real-IP")

    values = json.loads(run_python("-c", DUMP_SECURITY, env=env).stdout)

    assert values["ALLAUTH_TRUSTED_PROXY_COUNT"] == 2
    assert values["ALLAUTH_TRUSTED_CLIENT_IP_HEADER"] == "X-Real-IP"


def test_debug_relaxes_the_language_cookie_like_the_others(run_python):
    values = json.loads(run_python("-c", DUMP_SECURITY, env=clean_env(DEBUG="1")).stdout)

    assert values["LANGUAGE_COOKIE_SECURE"] is False
    assert values["SESSION_COOKIE_SECURE"] is False


DUMP_HEADERS = """
import json, django
django.setup()
from django.test import Client
response = Client(SERVER_NAME="streekpact.example.be").get("/accounts/login/", secure=True)
print(json.dumps({"status": response.status_code, **{k.lower(): v for k, v in response.items()}}))
"""


def test_production_pages_carry_csp_and_permissions_policy(run_python):
    env = clean_env(
        **PRODUCTION,
        DATABASE_URL="sqlite:///:memory:",
        # No collectstatic here: the plain storage (gunicorn in .ci/run checks the real one).
        STATICFILES_STORAGE="django.contrib.staticfiles.storage.StaticFilesStorage",
    )

    result = run_python("-c", DUMP_HEADERS, env=env)

    assert result.returncode == 0, result.stderr
    headers = json.loads(result.stdout)
    assert headers["status"] == 200
    policy = dict(
        (directive.split(" ", 1) + [""])[:2]
        for directive in headers["content-security-policy"].split("; ")
    )
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"  # no 'unsafe-inline', no nonce needed
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert policy["base-uri"] == "'none'"
    assert policy["object-src"] == "'none'"
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in headers["permissions-policy"]


def test_the_deploy_check_notices_a_protection_switched_off(run_python):
    env = clean_env(**PRODUCTION, SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="0")

    result = run_python("manage.py", "check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode != 0
    assert "security.W008" in result.stderr  # SECURE_SSL_REDIRECT
    assert "security.W004" in result.stderr  # SECURE_HSTS_SECONDS


DUMP_SESSIONS = """
import django
django.setup()
from django.conf import settings
print(settings.SESSION_ENGINE)
"""


@pytest.mark.parametrize(
    ("cache_url", "engine"),
    [
        (None, "django.contrib.sessions.backends.db"),
        ("locmemcache://", "django.contrib.sessions.backends.db"),
        ("rediscache://127.0.0.1:6379/1", "django.contrib.sessions.backends.cached_db"),
    ],
)
def test_sessions_are_cached_only_in_a_cache_every_worker_shares(run_python, cache_url, engine):
    """With each process's own memory cache, a logout in one gunicorn worker would leave the
    session alive in the others: sessions are then read from the database."""
    env = clean_env(**PRODUCTION)
    if cache_url:
        env["CACHE_URL"] = cache_url
    result = run_python("-c", DUMP_SESSIONS, env=env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == engine
