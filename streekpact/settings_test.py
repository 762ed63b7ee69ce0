"""Settings for the test suite: the real settings, with the few overrides tests need.

The suite runs against whatever DATABASE_URL and CELERY_BROKER_URL say (PostgreSQL and Redis
in CI, SQLite and no broker on a laptop). Tasks run in-process unless a test asks for the real
worker (see tests/conftest.py).
"""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-that-is-long-enough-for-the-check-1234567890")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SESSION_COOKIE_SECURE", "0")
os.environ.setdefault("CSRF_COOKIE_SECURE", "0")
os.environ.setdefault("LANGUAGE_COOKIE_SECURE", "0")
os.environ.setdefault(
    "STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage"
)

from .settings import *  # noqa: E402, F403
from .settings import CELERY_BROKER_URL, DATABASES, env  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Tests decide per test whether a real worker runs the tasks (fixture `celery_worker`).
CELERY_TASK_ALWAYS_EAGER = True
TEST_CELERY_BROKER_URL = CELERY_BROKER_URL

# The real worker process started by the tests points at the test database.
if env.bool("STREEKPACT_WORKER_USES_TEST_DB", default=False):
    _db = DATABASES["default"]
    _db["NAME"] = env("STREEKPACT_TEST_DB_NAME")
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env("STREEKPACT_TEST_EMAIL_DIR")
    CELERY_TASK_ALWAYS_EAGER = False
    CELERY_TASK_DEFAULT_QUEUE = env("STREEKPACT_TEST_QUEUE", default="celery")

# A failed login limit low enough to test, high enough not to trip other tests.
ACCOUNT_RATE_LIMITS = {"login_failed": "100/m/ip,5/5m/key", "reset_password": "100/m/ip,20/m/key"}
