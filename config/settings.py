"""Incident Desk settings: one module, every value read from the environment (12-factor).

Helpers below fail loudly on malformed values instead of silently falling back to a default.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env(name: str, default: str = "") -> str:
    """Read NAME, or the contents of the file named by NAME_FILE (for secrets).

    An empty value counts as unset (`DATABASE_URL= make test` means the default, as in most
    env files), so a blank line in a deployment's environment never becomes a setting.
    """
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text().strip()
    return os.environ.get(name) or default


def envbool(name: str, default: str) -> bool:
    value = env(name, default).strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, got {value!r}")


def envint(name: str, default: str) -> int:
    value = env(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from None


def envfloat(name: str, default: str) -> float:
    value = env(name, default)
    try:
        return float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, got {value!r}") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "true")


def _secret_key() -> str:
    key = env("SECRET_KEY")
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is required when DEBUG is off")
    # Local runs: generate once and keep it under var/ so sessions survive restarts.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "analysts",
    "sources",
    "incidents",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "analysts.middleware.NoNulCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "analysts.middleware.UserTimezoneMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "incidents.desk.queue.queue_badge",
                "incidents.desk.nav.desk_nav",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'incident_desk.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", "0"),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several analysts, a worker and the web app share one file: wait for locks instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )
IS_POSTGRES = DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "analysts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

AUTHENTICATION_BACKENDS = ["analysts.backends.ThrottledModelBackend"]
# Password guessing: this many failures per username and client address lock that pair out
# for the window (seconds). Counters live in the cache below.
LOGIN_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", "5")
LOGIN_FAILURE_WINDOW = envint("LOGIN_FAILURE_WINDOW", "900")

# Shared by every web worker and Celery worker (login throttling, API throttles, the engine's
# index version). In production: CACHE_URL=redis://…
CACHE_URL = env("CACHE_URL", "")
if CACHE_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }
else:
    # Files under var/ rather than per-process memory: the web app and the Celery worker of a
    # one-laptop run share it (e.g. the extraction index version, incidents.engine_index).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# The extraction engine's index (every actor name and gazetteer name in one automaton) is saved
# here between processes, so `manage.py extract` and a new worker load it instead of building it
# (incidents.engine_index). Empty: build it in every process.
ENGINE_INDEX_CACHE_DIR = env("ENGINE_INDEX_CACHE_DIR", str(VAR_DIR / "engine-index"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"] if (BASE_DIR / "static").exists() else []
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"

# Uploads: refuse huge bodies early (bytes). Import size caps live in IMPORT_* below.
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("DATA_UPLOAD_MAX_MEMORY_SIZE", str(10 * 1024 * 1024))
FILE_UPLOAD_MAX_MEMORY_SIZE = envint("FILE_UPLOAD_MAX_MEMORY_SIZE", str(5 * 1024 * 1024))
IMPORT_MAX_FILE_BYTES = envint("IMPORT_MAX_FILE_BYTES", str(20 * 1024 * 1024))
IMPORT_MAX_URL_BYTES = envint("IMPORT_MAX_URL_BYTES", str(5 * 1024 * 1024))
# Pasted text (desk page, import page, API): characters.
IMPORT_MAX_PASTE_CHARS = envint("IMPORT_MAX_PASTE_CHARS", "200000")
# ACLED/UCDP files: a server path given to import_acled/import_ucdp is read up to this many
# bytes (an upload is capped by IMPORT_MAX_FILE_BYTES first); either holds at most so many rows.
IMPORT_MAX_EVENT_FILE_BYTES = envint("IMPORT_MAX_EVENT_FILE_BYTES", str(1024 * 1024 * 1024))
IMPORT_MAX_EVENT_ROWS = envint("IMPORT_MAX_EVENT_ROWS", "1000000")
# STIX: the name of the identity that produces this desk's bundles (seeds their ids), and the
# caps of one bundle given to `import_stix` (bytes, objects).
STIX_PRODUCER_NAME = env("STIX_PRODUCER_NAME", "Incident Desk")
IMPORT_MAX_STIX_BYTES = envint("IMPORT_MAX_STIX_BYTES", str(100 * 1024 * 1024))
IMPORT_MAX_STIX_OBJECTS = envint("IMPORT_MAX_STIX_OBJECTS", "200000")
# The ACLED-compatible read API: rows per page at most (ACLED's own default page is 5000).
COMPAT_ACLED_MAX_LIMIT = envint("COMPAT_ACLED_MAX_LIMIT", "5000")
# Bulk actions on the desk's incident list: above BULK_JOB_THRESHOLD selected incidents the
# action runs as a Celery job with progress; above BULK_MAX_ROWS it is refused.
BULK_JOB_THRESHOLD = envint("BULK_JOB_THRESHOLD", "200")
BULK_MAX_ROWS = envint("BULK_MAX_ROWS", "10000")
# Mail (alerts and assignment notices): see EMAIL_BACKEND below.
# One poll of a feed: its body (bytes) and the entries read from it (the first ones).
IMPORT_MAX_FEED_BYTES = envint("IMPORT_MAX_FEED_BYTES", str(5 * 1024 * 1024))
IMPORT_MAX_FEED_ITEMS = envint("IMPORT_MAX_FEED_ITEMS", "200")
# The extraction engine reads at most this many characters of an article, and its Celery task
# stops (soft time limit, seconds; the hard limit is 30 s more) rather than hold a worker for
# minutes. 100,000 characters take about half a second of CPU (a dense wire story repeated).
EXTRACTION_MAX_CHARS = envint("EXTRACTION_MAX_CHARS", "100000")
EXTRACTION_TIME_LIMIT = envint("EXTRACTION_TIME_LIMIT", "30")
# The learned model `manage.py train_extraction` installs (the shipped one is used until then),
# and whether Celery beat retrains it nightly from the desk's reviews (off by default).
EXTRACTION_MODEL_FILE = Path(
    env("EXTRACTION_MODEL_FILE", str(VAR_DIR / "extraction" / "model.json"))
)
EXTRACTION_RETRAIN_NIGHTLY = envbool("EXTRACTION_RETRAIN_NIGHTLY", "false")
EXTRACTION_RETRAIN_HOUR = envint("EXTRACTION_RETRAIN_HOUR", "3")
# The interactive map draws at most this many incidents (the latest ones) and says so.
MAP_MAX_INCIDENTS = envint("MAP_MAX_INCIDENTS", "5000")
IMPORT_URL_TIMEOUT = envfloat("IMPORT_URL_TIMEOUT", "10")
# Hosts/networks allowed despite the SSRF guard (tests use a loopback server through this).
IMPORT_URL_ALLOWLIST = envlist("IMPORT_URL_ALLOWLIST", "")
NEAR_DUPLICATE_THRESHOLD = envfloat("NEAR_DUPLICATE_THRESHOLD", "0.8")
# Network errors of one import item are retried this many times (exponential backoff + jitter).
IMPORT_NETWORK_RETRIES = envint("IMPORT_NETWORK_RETRIES", "2")
IMPORT_RETRY_BACKOFF = envfloat("IMPORT_RETRY_BACKOFF", "2")
# A running job silent for this long (or whose worker process is gone) is re-queued and resumed.
IMPORT_JOB_STALL_SECONDS = envint("IMPORT_JOB_STALL_SECONDS", "300")

# Celery: the file-system transport needs no server for a one-laptop trial.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "broker"
    for sub in ("out", "processed", "control"):
        (_broker_dir / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "out"),
        "data_folder_out": str(_broker_dir / "out"),
        "processed_folder": str(_broker_dir / "processed"),
        "store_processed": False,
        # Broadcast (control) messages; kombu's default is a "control" folder in the cwd.
        "control_folder": str(_broker_dir / "control"),
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # A task not acknowledged within this time (its worker died) is delivered again.
        "visibility_timeout": envint("CELERY_VISIBILITY_TIMEOUT", "3600"),
    }
CELERY_RESULT_BACKEND = None
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = envbool("CELERY_TASK_ALWAYS_EAGER", "false")
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "poll-due-feeds": {"task": "sources.poll_due_feeds", "schedule": 60.0},
    "recover-stalled-import-jobs": {"task": "sources.recover_stalled_jobs", "schedule": 60.0},
    "scan-saved-search-alerts": {
        "task": "incidents.scan_alerts",
        "schedule": float(envint("ALERTS_SCAN_SECONDS", "120")),
    },
}
if EXTRACTION_RETRAIN_NIGHTLY:
    from celery.schedules import crontab

    CELERY_BEAT_SCHEDULE["retrain-extraction"] = {
        "task": "incidents.retrain_extraction",
        "schedule": crontab(hour=EXTRACTION_RETRAIN_HOUR, minute=17),
    }

# Email (alerts): the backend comes from the environment; by default the file backend writes
# each message under var/mail/ (the demo's "inbox").
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = Path(env("EMAIL_FILE_PATH", str(VAR_DIR / "mail")))
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", "25")
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "false")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Incident Desk <alerts@localhost>")
# The address alert emails and webhooks link back to (no request to build it from).
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Saved searches and their alerts (incidents.alerts).
SAVED_SEARCH_MAX_QUERY_CHARS = envint("SAVED_SEARCH_MAX_QUERY_CHARS", "2000")
# A scan looks back this far before the last one: a change committed late is not missed (the
# delivery rows keep it from being sent twice).
ALERTS_OVERLAP_SECONDS = envint("ALERTS_OVERLAP_SECONDS", "600")
ALERTS_MAX_PER_SCAN = envint("ALERTS_MAX_PER_SCAN", "200")
ALERTS_FEED_ITEMS = envint("ALERTS_FEED_ITEMS", "50")
# Webhooks: hosts/networks exempt from the SSRF guard (the URL imports' guard, its own list).
WEBHOOK_URL_ALLOWLIST = envlist("WEBHOOK_URL_ALLOWLIST", "")
WEBHOOK_TIMEOUT = envfloat("WEBHOOK_TIMEOUT", "10")
WEBHOOK_MAX_ATTEMPTS = envint("WEBHOOK_MAX_ATTEMPTS", "5")
WEBHOOK_RETRY_BACKOFF = envfloat("WEBHOOK_RETRY_BACKOFF", "30")
WEBHOOK_DISABLE_AFTER = envint("WEBHOOK_DISABLE_AFTER", "5")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "analysts.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "analysts.api.schema.ApiSchema",
    "DEFAULT_THROTTLE_RATES": {
        "user": env("API_THROTTLE_USER", "2000/hour"),
        "anon": env("API_THROTTLE_ANON", "60/hour"),
    },
    # Reverse proxies in front of the app that append to X-Forwarded-For. 0: the header is the
    # client's own words and is ignored (DRF's default, None, would trust it whole: a client
    # could dodge the anonymous throttle and the login lockout by changing it).
    "NUM_PROXIES": envint("TRUSTED_PROXY_COUNT", "0"),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Incident Desk API",
    "DESCRIPTION": "Structured, sourced conflict incidents: incidents, actors, places, articles.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "LocationKindEnum": "incidents.models.locations.Location.Kind",
        "ClaimEventKindEnum": "incidents.models.incidents.ClaimEvent.Kind",
        "ImportJobKindEnum": "sources.models.ImportJob.Kind",
    },
}

SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", str(not DEBUG))
# History reasons carry what the analyst typed ("Back to draft: …", up to REASON_MAX_LENGTH
# characters); django-simple-history's default column is varchar(100), which PostgreSQL
# enforces: a longer reason was a 500.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
SESSION_ENGINE = "analysts.sessions"  # the database store, with Django's key alphabet enforced
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", str(not DEBUG))
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", str(not DEBUG))
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000")
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}
