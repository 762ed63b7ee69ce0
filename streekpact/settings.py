"""Streekpact settings: one module, configured from the environment (see .env.example).

The embedded defaults (SQLite, tasks run in-process, mails to the console) make `make run`
work on a fresh laptop. Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and
CELERY_BROKER_URL, and is secure by default (see docs/architecture.md).
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# Variables already in the environment win over the file; ENV_FILE points elsewhere (or nowhere).
env_file = Path(env("ENV_FILE", default=str(BASE_DIR / ".env")))
if env_file.is_file():
    environ.Env.read_env(str(env_file))

DEBUG = env.bool("DEBUG", default=False)

_INSECURE_KEY = "django-insecure-development-only-key-do-not-use-in-production"
SECRET_KEY = env("SECRET_KEY", default=_INSECURE_KEY if DEBUG else "")
if not DEBUG and (not SECRET_KEY or SECRET_KEY == _INSECURE_KEY or len(SECRET_KEY) < 32):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 32 characters when DEBUG is off."
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- Applications ---------------------------------------------------------------------------

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "csp",
    # Ours, in dependency order: a lower app never imports a higher one.
    "streekpact.core",
    "streekpact.partners",
    "sectors",
    "ateliers",
    "proposals",
    "pact",
    "consultation",  # before adoption: the demo's round comes before the adopted text
    "adoption",
    "monitoring",
    "insight",
    "public",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Public pages for anonymous visitors, from the cache, before sessions and auth run.
    "public.middleware.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Request id and IP for the audit log (after auth: entries name the request's user).
    "streekpact.partners.audit.AuditRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "streekpact.core.middleware.OutboxNoticeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "streekpact.urls"
WSGI_APPLICATION = "streekpact.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "streekpact.core.context_processors.notifications",
            ],
        },
    },
]

# --- Data -----------------------------------------------------------------------------------

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
# Form choices iterate their querysets with .iterator(); on PostgreSQL that opens a named
# server-side cursor (DECLARE, FETCH, CLOSE: three round trips per select of the filter form).
# The portal never streams a result too large for memory, so one plain query does better.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not :memory:, so that a separate worker process could share the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-db.sqlite3")}
    # With workers writing beside the web process (the pact's chord: several render tasks and
    # their heartbeats), a transaction takes the write lock when it begins and waits for it,
    # instead of failing with "database is locked" when it upgrades from reading to writing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 30}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# Several sites (or a benchmark beside a site) on one cache server keep apart by their prefix.
CACHE_KEY_PREFIX = env("CACHE_KEY_PREFIX", default="")
CACHES["default"]["KEY_PREFIX"] = CACHE_KEY_PREFIX
#: Whether every web process reads and writes the same cache (Redis, Memcached, a database or
#: file cache), not each its own memory.
SHARED_CACHE = CACHES["default"]["BACKEND"] not in (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)
# The proposal list's rendered rows (proposals.rows) in a cache of their own, so that browsing
# never pushes the login rate limits out of a full per-process memory cache (which culls a third
# of its entries at random). With a shared cache they share its server under their own prefix.
CACHES["rows"] = (
    {**CACHES["default"], "KEY_PREFIX": f"{CACHE_KEY_PREFIX}rows"}
    if SHARED_CACHE
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "proposal-rows",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
)
# Sessions are read from the shared cache (written through to the database), which saves a query
# on every request. Never with the per-process memory cache: a logout (or a password change) in
# one gunicorn worker would leave the session alive in the others' memory.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if SHARED_CACHE
    else "django.contrib.sessions.backends.db"
)

# --- Authentication (django-allauth, no open sign-up) -----------------------------------------

AUTH_USER_MODEL = "partners.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "streekpact.partners.backends.LoginBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "streekpact.partners.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
# Failed logins are rate-limited per IP and per account (allauth's limiter, on the cache).
ACCOUNT_RATE_LIMITS = {
    "login_failed": env("LOGIN_FAILED_RATE_LIMIT", default="10/m/ip,5/5m/key"),
    "reset_password": "20/m/ip,5/m/key",
}
# Behind a proxy every request comes from the proxy's address: the limits above count per
# client only when allauth may read the client's address from the proxies we run
# (X-Forwarded-For, from the right: the number of proxies in front of gunicorn), or from one
# header a single trusted proxy sets (e.g. X-Real-IP). 0 and empty: use the socket's address.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env("TRUSTED_CLIENT_IP_HEADER", default="") or None
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=14)

# --- Internationalisation: Dutch (Belgium) first, English second -------------------------------

LANGUAGE_CODE = "nl-be"
LANGUAGES = [("nl-be", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["streekpact.formats"]

# --- Static and media ------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # The theme compiled from assets/scss by `make install` / the image build (docs/design.md).
    BASE_DIR / "build" / "static",
    # Front-end packages installed from the npm registry by `make install` (see package.json).
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/tom-select", NODE_MODULES / "tom-select" / "dist"),
    ("vendor/source-sans-3", NODE_MODULES / "@fontsource" / "source-sans-3"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_STORAGE",
            default="django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Media is never served from a public URL: downloads go through permission-checked views.
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 26_214_400
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)

# --- E-mail ----------------------------------------------------------------------------------

EMAIL_CONFIG = env.email_url(
    "EMAIL_URL",
    default="consolemail://" if DEBUG else "smtp://localhost:25",
)
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="Streekpact RESOC Mechelen <noreply@streekpact.be>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_SUBJECT_PREFIX = "[Streekpact] "
# allauth's mails carry the portal's prefix, never the host name ("[127.0.0.1:8000]").
ACCOUNT_EMAIL_SUBJECT_PREFIX = EMAIL_SUBJECT_PREFIX
# The secretariat's own address: where replies go to mails that invite an answer (Reply-To) when
# no staff member sent them.
RESOC_EMAIL = env("RESOC_EMAIL", default="streekpact@resocmechelen.be")
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# --- Celery ----------------------------------------------------------------------------------

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
# Without a broker, tasks run in-process (the embedded default for a laptop).
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=120)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=180)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {}
# Results are kept only where a workflow needs them (the pact's chord: each chapter task hands
# its result to the assembling task); every other task ignores its result.
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL) or None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_RESULT_EXPIRES = 3600

# --- Forms -----------------------------------------------------------------------------------

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security (secure by default; relax per variable behind a TLS-terminating proxy) -----------

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
LANGUAGE_COOKIE_SECURE = env.bool("LANGUAGE_COOKIE_SECURE", default=not DEBUG)
# Every cookie of the portal is first-party only: Lax keeps links from e-mails logged in.
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
if env.bool("USE_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp) on every response: scripts, styles and everything else
# only from our own origin, no inline script, inline handler or style attribute, so injected
# markup cannot run. Bootstrap's CSS draws its icons (select arrows, close buttons) as data: SVG
# images. htmx is told not to inject styles nor to eval (meta htmx-config in base.html). A
# response that sets its own policy keeps it (private downloads are sandboxed).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Browser features the portal never uses are switched off for it and anything it might embed.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- devops ---

from celery.schedules import crontab  # noqa: E402
from whitenoise.compress import Compressor  # noqa: E402

# Nightly housekeeping, run by `celery -A streekpact beat` next to the worker.
CELERY_BEAT_SCHEDULE["core.clear-expired-sessions"] = {
    "task": "core.clear_expired_sessions",
    "schedule": crontab(hour=3, minute=30),
}
# The insight page's charts are drawn again after a data change by beat, not by a visitor.
INSIGHT_WARM_SECONDS = env.float("INSIGHT_WARM_SECONDS", default=60.0)
CELERY_BEAT_SCHEDULE["insight.warm-charts"] = {
    "task": "insight.warm_charts",
    "schedule": INSIGHT_WARM_SECONDS,
}
# The transactional outbox (streekpact/core/outbox.py): beat hands pending work (mails, renders
# saved while the broker was down) to the broker this often; handed-over rows are kept a while.
OUTBOX_RELAY_SECONDS = env.float("OUTBOX_RELAY_SECONDS", default=15.0)
OUTBOX_KEEP_DAYS = env.int("OUTBOX_KEEP_DAYS", default=7)
# Seconds a request waits for the broker before leaving the work to the relay.
OUTBOX_BROKER_TIMEOUT = env.float("OUTBOX_BROKER_TIMEOUT", default=2.0)
CELERY_BEAT_SCHEDULE["core.relay-outbox"] = {
    "task": "core.relay_outbox",
    "schedule": OUTBOX_RELAY_SECONDS,
    "options": {"expires": OUTBOX_RELAY_SECONDS},  # rounds missed in an outage are not replayed
}
# Notifications people chose to receive as a daily digest (streekpact/core/services.py).
CELERY_BEAT_SCHEDULE["core.send-digests"] = {
    "task": "core.send_digests",
    "schedule": crontab(hour=env.int("DIGEST_HOUR", default=7), minute=0),
}
CELERY_BEAT_SCHEDULE["core.purge-outbox"] = {
    "task": "core.purge_outbox",
    "schedule": crontab(hour=3, minute=45),
}
# A health check must answer quickly, also when the broker host does not answer at all.
HEALTHZ_BROKER_TIMEOUT = env.float("HEALTHZ_BROKER_TIMEOUT", default=2.0)
# Source maps, Sass sources and type declarations are for developers' tools: don't spend the
# build compressing them (collectstatic is several times faster).
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [
    *Compressor.SKIP_COMPRESS_EXTENSIONS,
    "map",
    "scss",
    "ts",
]

# --- proposals ---
# How long the author of a comment may still edit it.
COMMENT_EDIT_MINUTES = env.int("COMMENT_EDIT_MINUTES", default=15)
PROPOSALS_PER_PAGE = env.int("PROPOSALS_PER_PAGE", default=20)
#: Keep pages of the proposal list in the shared cache until the data change (proposals.listing;
#: only with a shared CACHE_URL). Off: every page from the database (the benchmark's cold case).
PROPOSALS_LIST_CACHE = env.bool("PROPOSALS_LIST_CACHE", default=True)

# --- ateliers ---
# Participants are reminded this many hours before an atelier starts (once).
ATELIER_REMINDER_HOURS_BEFORE = env.int("ATELIER_REMINDER_HOURS_BEFORE", default=48)
CELERY_BEAT_SCHEDULE["ateliers-send-due-reminders"] = {
    "task": "ateliers.tasks.send_due_reminders",
    "schedule": 15 * 60,  # every quarter of an hour; claiming makes it safe to run often
}

# --- pact ---
# Rendering drafts of the pact (see docs/pact.md). A render beyond the soft limit fails with a
# readable reason; a draft without a heartbeat for PACT_STALE_AFTER_SECONDS is re-queued.
PACT_RENDER_SOFT_TIME_LIMIT = env.int("PACT_RENDER_SOFT_TIME_LIMIT", default=300)
PACT_RENDER_TIME_LIMIT = env.int("PACT_RENDER_TIME_LIMIT", default=360)
PACT_HEARTBEAT_SECONDS = env.int("PACT_HEARTBEAT_SECONDS", default=5)
PACT_STALE_AFTER_SECONDS = env.int("PACT_STALE_AFTER_SECONDS", default=60)
PACT_QUEUED_STALE_AFTER_SECONDS = env.int("PACT_QUEUED_STALE_AFTER_SECONDS", default=30)
PACT_MAX_RENDER_ATTEMPTS = env.int("PACT_MAX_RENDER_ATTEMPTS", default=3)
# A draft is rendered in parts by a Celery chord (one task per chapter and per annex, a part
# unchanged since an earlier draft reused, then one task lays out the index and the front
# matter and assembles the PDF).
# Off: one task lays out the whole document in one pass (as `render_pact` always does).
PACT_RENDER_IN_PARTS = env.bool("PACT_RENDER_IN_PARTS", default=True)
# The parts of drafts laid out earlier are kept for the drafts that follow (a cache); those no
# draft used for this many days are deleted by beat (pact.tasks.clean_part_renderings).
PACT_PART_RENDERING_DAYS = env.int("PACT_PART_RENDERING_DAYS", default=30)
# Test hook only: while the file named here exists, the renderer waits (a deliberately slow
# render, to kill a worker mid-render in the tests). Empty in production.
PACT_RENDER_DELAY_FILE = env("PACT_RENDER_DELAY_FILE", default="")
# --- monitoring ---
# Trekkers are reminded 14 and 3 days before a period's deadline, staff once it has passed;
# each reminder once (ReminderSent). Daily is enough; running more often sends nothing twice.
CELERY_BEAT_SCHEDULE["monitoring-send-due-reminders"] = {
    "task": "monitoring.tasks.send_due_reminders",
    "schedule": crontab(hour=7, minute=0),
}
CELERY_BEAT_SCHEDULE["monitoring-recover-stale-reports"] = {
    "task": "monitoring.tasks.recover_stale_monitoring_reports",
    "schedule": 30.0,  # the same rhythm and limits as the pact's drafts (PACT_* below)
    "options": {"expires": 30.0},
}
# --- consultation ---
# Rounds close after their closing date, reminders go out two days before it, and answer
# notes whose worker died are re-queued (the pact's render limits apply to the notes too).
CELERY_BEAT_SCHEDULE["consultation-close-due-rounds"] = {
    "task": "consultation.tasks.close_due_rounds",
    "schedule": 15 * 60,
}
# --- adoption ---
CELERY_BEAT_SCHEDULE["adoption-recover-stale-renditions"] = {
    "task": "adoption.tasks.recover_stale_renditions",
    "schedule": 60.0,
    "options": {"expires": 60.0},
}
CELERY_BEAT_SCHEDULE["pact-clean-part-renderings"] = {
    "task": "pact.tasks.clean_part_renderings",
    "schedule": 24 * 3600.0,
    "options": {"expires": 3600.0},
}
CELERY_BEAT_SCHEDULE["pact-recover-stale-drafts"] = {
    "task": "pact.tasks.recover_stale_drafts",
    "schedule": 30.0,  # with the 60 s limits above, a lost or dead render is re-queued within 90 s
    "options": {"expires": 30.0},
}
