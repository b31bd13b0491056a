"""Roundtable settings, read from the environment (see .env.example and the README).

Development needs no configuration: SQLite under DATA_DIR, console e-mail, DEBUG on.
Production sets DEBUG=false and must then provide SECRET_KEY and ALLOWED_HOSTS.
"""

import contextlib
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from roundtable.env import env_bool, env_choice, env_int, env_list, env_networks, env_str
from roundtable.live.layers import channel_layers
from roundtable.production import production_problems

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("DATA_DIR", str(Path.cwd() / "data"))).resolve()
TESTING = "pytest" in sys.modules

DEBUG = env_bool("DEBUG", True)

_DEV_SECRET_KEY = "dev-only-insecure-secret-key-do-not-use-in-production-0123456789"  # noqa: S105 - development only; production refuses this key
SECRET_KEY = env_str("SECRET_KEY", "" if not DEBUG else _DEV_SECRET_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
if not DEBUG:  # production refuses unsafe values; `check --deploy` reports the same
    for _problem in production_problems(secret_key=SECRET_KEY, allowed_hosts=ALLOWED_HOSTS):
        raise ImproperlyConfigured(_problem)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Proxies whose X-Forwarded-For is believed (see roundtable.web.client_address); none by default.
TRUSTED_PROXIES = env_networks("TRUSTED_PROXIES")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "roundtable.accounts",
    "roundtable.communities",
    "roundtable.members",
    "roundtable.needs",
    "roundtable.segments",
    "roundtable.imports",
    "roundtable.demo",
    "roundtable.groups",
    "roundtable.planning",
    "roundtable.activities",
    "roundtable.execution",
    "roundtable.breakouts",
    "roundtable.live",
    "roundtable.feedback",
    "roundtable.insights",
]

MIDDLEWARE = [
    # First: X-Forwarded-Proto/Host/Port count only from TRUSTED_PROXIES (docs/security.md).
    "roundtable.web.client_address.UntrustedForwardedHeaders",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "roundtable.accounts.middleware.ViewerTimezoneMiddleware",
    "roundtable.communities.access.CommunityAccessMiddleware",
    "roundtable.errors.FriendlyErrorMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the "try again later" page
]

ROOT_URLCONF = "roundtable.urls"
WSGI_APPLICATION = "roundtable.wsgi.application"
ASGI_APPLICATION = "roundtable.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "roundtable.communities.context_processors.community",
            ],
        },
    },
]

with contextlib.suppress(OSError):  # a read-only disk is fine when DATA_DIR is not used
    (DATA_DIR / "static").mkdir(parents=True, exist_ok=True)
_DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'roundtable.sqlite3'}"
try:
    DATABASES = {
        "default": dj_database_url.parse(
            _DATABASE_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0)
        )
    }
except ValueError as error:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database address: {error}") from None
SQLITE_SYNCHRONOUS = env_choice("SQLITE_SYNCHRONOUS", ("NORMAL", "FULL"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            # Seconds a writer waits for the lock before "database is locked".
            "timeout": env_int("SQLITE_BUSY_TIMEOUT_SECONDS", 20),
            # synchronous: NORMAL survives a crash of the process (WAL keeps the database whole)
            # and may lose the last commits on a power cut; FULL syncs every commit to disk
            # (SQLITE_SYNCHRONOUS=FULL; its cost is in docs/benchmarks.md). secure_delete:
            # deleted and overwritten rows are zeroed on disk, so a deleted person's name does
            # not linger in free pages (docs/security.md).
            "init_command": (
                f"PRAGMA journal_mode=WAL; PRAGMA synchronous={SQLITE_SYNCHRONOUS}; "
                "PRAGMA secure_delete=ON;"
            ),
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Live sessions (Django Channels): one process needs nothing; several share Redis.
CHANNEL_LAYERS = channel_layers(REDIS_URL)
LIVE_JOINS_PER_MINUTE = env_int("LIVE_JOINS_PER_MINUTE", 600)  # per client address (NAT)
# Wrong join codes one address may try in a minute, and how long a closed session's code keeps
# showing its results to participants.
LIVE_CODE_MISSES_PER_MINUTE = env_int("LIVE_CODE_MISSES_PER_MINUTE", 20)
LIVE_CLOSED_VISIBLE_DAYS = env_int("LIVE_CLOSED_VISIBLE_DAYS", 7)
# Links that expire (docs/security.md, "Links and their lifetime"): a staff invitation, days after
# it was sent; a registration's personal link, days after its activity ended; the link that
# confirms a public form's answer, hours after it was sent.
STAFF_INVITATION_DAYS = env_int("STAFF_INVITATION_DAYS", 14)
REGISTRATION_LINK_DAYS = env_int("REGISTRATION_LINK_DAYS", 30)
# Who may create a community (docs/roles.md): site staff only, unless sign-up is open to every
# logged-in account.
ROUNDTABLE_OPEN_SIGNUP = env_bool("ROUNDTABLE_OPEN_SIGNUP", False)
CONFIRMATION_LINK_HOURS = env_int("CONFIRMATION_LINK_HOURS", 48)
# Confirmation links sent per hour to one e-mail address in one community, and from one client
# address: over either, nothing more is sent (docs/security.md, "Confirmed identity").
CONFIRMATION_MAILS_PER_RECIPIENT = env_int("CONFIRMATION_MAILS_PER_RECIPIENT", 3)
CONFIRMATION_MAILS_PER_ADDRESS = env_int("CONFIRMATION_MAILS_PER_ADDRESS", 20)

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling (django-axes): its backend refuses a locked-out login before the password is
# checked. Locked out after LOGIN_FAILURE_LIMIT failures for one account (from anywhere) or from
# one client address (on any accounts); every failure during the lockout restarts the cool-off;
# a successful login clears the account's failures from that address
# (roundtable.accounts.lockout.login_failures_clear).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
for _name, _value in (
    ("LOGIN_FAILURE_LIMIT", AXES_FAILURE_LIMIT),
    ("LOGIN_COOLOFF_MINUTES", AXES_COOLOFF_TIME.total_seconds() // 60),
):
    if _value < 1:
        raise ImproperlyConfigured(f"{_name} must be at least 1 (got {_value:g})")
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = False  # a success clears that account's failures from that address only
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "roundtable.accounts.lockout.login_username"
AXES_CLIENT_IP_CALLABLE = "roundtable.web.client_address.client_address_or_none"
AXES_LOCKOUT_CALLABLE = "roundtable.accounts.lockout.locked_out_page"
AXES_DISABLE_ACCESS_LOG = True  # no record of every successful login, only of failures
AXES_VERBOSE = False
PASSWORD_RESETS_PER_RECIPIENT = 3  # reset mails per hour to one e-mail address
PASSWORD_RESETS_PER_ADDRESS = 10  # reset requests per hour from one client address
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = DATA_DIR / "media"
IMPORT_DIR = DATA_DIR / "imports"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 50 * 1024 * 1024)
# An uploaded file not imported within this many hours is abandoned: `roundtable import_cleanup`
# deletes it and its preview (docs/security.md, "Data retention and erasure").
IMPORT_ABANDON_HOURS = env_int("IMPORT_ABANDON_HOURS", 24)
# What an import (and a feedback upload) reads of a file; a file over a limit is refused with a
# message naming the limit (docs/import-export.md, "Limits"; docs/security.md, "Uploads").
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 200_000)
IMPORT_MAX_COLUMNS = env_int("IMPORT_MAX_COLUMNS", 200)
IMPORT_MAX_CELL_CHARS = env_int("IMPORT_MAX_CELL_CHARS", 10_000)
IMPORT_MAX_HEADER_CHARS = env_int("IMPORT_MAX_HEADER_CHARS", 1_000)
IMPORT_MAX_LINE_CHARS = env_int("IMPORT_MAX_LINE_CHARS", 2_000_000)
IMPORT_MAX_TOTAL_CHARS = env_int("IMPORT_MAX_TOTAL_CHARS", 500_000_000)
IMPORT_MAX_UNCOMPRESSED_MB = env_int("IMPORT_MAX_UNCOMPRESSED_MB", 200)
IMPORT_MAX_COMPRESSION_RATIO = env_int("IMPORT_MAX_COMPRESSION_RATIO", 100)
IMPORT_MAX_SHARED_STRINGS_MB = env_int("IMPORT_MAX_SHARED_STRINGS_MB", 100)
# A running import job is stopped and marked failed past these; one that has made no progress
# for IMPORT_STALE_MINUTES (its worker died) is marked failed by `roundtable import_cleanup`.
IMPORT_JOB_SECONDS = env_int("IMPORT_JOB_SECONDS", 300)
IMPORT_JOB_MEMORY_MB = env_int("IMPORT_JOB_MEMORY_MB", 1024)
IMPORT_STALE_MINUTES = env_int("IMPORT_STALE_MINUTES", 15)
# Public forms: a submission sooner than this after its page was made is a script's
# (web/bot_trap.py).
BOT_TRAP_MIN_SECONDS = env_int("BOT_TRAP_MIN_SECONDS", 2)
# Insights pages show figures computed once and kept until the next refresh, at this hour (UTC);
# `roundtable refresh_insights` recomputes then the views viewed in the last INSIGHTS_KEEP_DAYS.
INSIGHTS_REFRESH_HOUR = env_int("INSIGHTS_REFRESH_HOUR", 2)
INSIGHTS_KEEP_DAYS = env_int("INSIGHTS_KEEP_DAYS", 30)
if IMPORT_STALE_MINUTES * 60 <= IMPORT_JOB_SECONDS:
    raise ImproperlyConfigured(
        "IMPORT_STALE_MINUTES must be longer than IMPORT_JOB_SECONDS: a job still within its "
        "time would otherwise be taken for one whose worker died."
    )

EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Roundtable <roundtable@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
# Where the file backend (what `roundtable demo` uses without EMAIL_HOST) writes each send.
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(DATA_DIR / "mail"))

TASKS = {
    "default": {
        "BACKEND": env_str(
            "TASKS_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend",
        ),
        # Imports run in their own queue, so that a worker given to it (`roundtable db_worker
        # --queue-name imports`) keeps one community's long import from delaying reminders and
        # invitations (docs/import-export.md, "Limits").
        "QUEUES": ["default", "imports"],
    }
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp), the same in development, tests and production so that a
# page that breaks it breaks everywhere (docs/security.md, "Escaping and Content-Security-Policy").
# Scripts and styles come from our static files; an inline <script> or <style> needs
# nonce="{{ request.csp_nonce }}", and style="…" attributes are refused (use a CSS class).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF, "ws:", "wss:"],  # the live sockets
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Believed only from TRUSTED_PROXIES: UntrustedForwardedHeaders drops it from anyone else.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Feedback links never reach a log line: the filter rewrites their token (and, on an access line,
# the client's address) to "…" on every handler, including the access logs of uvicorn and of
# Django's development server (docs/security.md, "What anonymous means").
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"feedback_links": {"()": "roundtable.log_redaction.FeedbackLinkRedaction"}},
    "formatters": {
        "access": {
            "()": "uvicorn.logging.AccessFormatter",
            "fmt": '%(levelprefix)s %(client_addr)s - "%(request_line)s" %(status_code)s',
        },
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["feedback_links"]},
        "access": {
            "class": "logging.StreamHandler",
            "formatter": "access",
            "stream": "ext://sys.stdout",
            "filters": ["feedback_links"],
        },
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["feedback_links"],
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {
        "roundtable.errors": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        # Replaces Django's default handlers of "django" (which print each line a second time in
        # development, unfiltered): django.request's "Not Found: <path>" lines go through the
        # filter like every other.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # uvicorn writes its access log only when started without --no-access-log.
        "uvicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
}
