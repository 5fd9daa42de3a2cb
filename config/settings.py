"""Settings, read from the environment.

With nothing set the project runs embedded: SQLite under ``var/``, Celery tasks inline, e-mail to
the console. ``DATABASE_URL`` and ``REDIS_URL`` switch to PostgreSQL and a real Celery worker.
"""

import json
import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _embedded_secret_key() -> str:
    # A key generated once per installation, never committed: safe without configuration.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


# Production (``DJANGO_ENV=production`` or ``SECURE=1``): the key must come from the
# environment, and HTTPS-only settings default to on (``manage.py check --deploy`` passes).
PRODUCTION = os.environ.get("DJANGO_ENV", "").strip().lower() == "production" or env_bool("SECURE")
if PRODUCTION and not os.environ.get("SECRET_KEY"):
    raise ImproperlyConfigured("Set SECRET_KEY in the environment for production.")
SECRET_KEY = os.environ.get("SECRET_KEY") or _embedded_secret_key()
DEBUG = env_bool("DEBUG") and not PRODUCTION
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules",  # each app registers its permissions in ready(), from its permissions module
    "treebeard",
    "django_filters",
    "django_fsm",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "django_htmx",
    "csp",
    "axes",
    "pgtrigger",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # two-factor backup codes
    "core",
    "committees",
    "accounts",
    "notifications",
    "access",
    "campaigns",
    # Before nominations: its dashboard panel comes first (panels show in registration order).
    "movements",
    "nominations",
    "dossiers",
    "public_votes",
    "awards",
    "reports",
    "demo",
]

MIDDLEWARE = [
    # First: every later log line of the request carries its id.
    "core.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Writes the reads a view noted (core.reads) once it has answered: who read what.
    "access.middleware.ReadRecordMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "core.two_factor.RequireTwoFactorMiddleware",
    # After the two-factor one: an administrator may have to enrol before changing the password.
    "core.passwords.ForcePasswordChangeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a lockout into a response.
    "axes.middleware.AxesMiddleware",
    # Last, so it sees a view's exception first: database or Redis down → 503, refused
    # delete → 409, each with a page that says what happened.
    "config.failures.FailureMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
                "notifications.context_processors.unread_notices",
            ],
        },
    },
]

# A server database keeps each worker's connection for a minute (checked before reuse): a new
# PostgreSQL connection per request cost more than the queries of a small page.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(
            os.environ.get("CONN_MAX_AGE", "60" if os.environ.get("DATABASE_URL") else "0")
        ),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a concurrent writer instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The planner's default cost of a random read (4) is a spinning disk's: with the tables on
    # SSD or in memory it hashes whole tables of units where 50 index lookups would do (the final
    # list's rows: 28 ms → 4 ms at 1.1, the usual SSD setting). Sent with each connection.
    options = f"-c random_page_cost={os.environ.get('PG_RANDOM_PAGE_COST', '1.1')}"
    # The test suite sets PG_SYNCHRONOUS_COMMIT=off (tests/parallel.py): a commit then does not
    # wait for its WAL to reach the disk. Never in production: a crash could lose the last
    # commits that the users were told were saved.
    if os.environ.get("PG_SYNCHRONOUS_COMMIT"):
        options += f" -c synchronous_commit={os.environ['PG_SYNCHRONOUS_COMMIT']}"
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = options
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "committees.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "core.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: five failures for one username from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Without it axes keys on REMOTE_ADDR, the proxy's address for everybody, and anyone could lock
# any user name out everywhere.
AXES_CLIENT_IP_CALLABLE = "core.network.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# A session lasts a working day at most, and ends when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool(
    "SECURE_COOKIES", PRODUCTION or (not DEBUG and bool(os.environ.get("SECRET_KEY")))
)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = int(
    os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600) if PRODUCTION else "0")
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", PRODUCTION)
# Behind the reverse proxy (docker-compose's default) REMOTE_ADDR is the proxy's: the client's
# address is the hop the proxy appends to X-Forwarded-For (core.network.client_ip).
BEHIND_PROXY = env_bool("BEHIND_PROXY")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None

# No inline script or style anywhere: templates load every asset from our own static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Two-factor login (TOTP, django-otp): any account may enrol; with OTP_REQUIRED_FOR_ADMINS the
# admins and superusers must enrol and confirm a code before anything else.
OTP_REQUIRED_FOR_ADMINS = env_bool("OTP_REQUIRED_FOR_ADMINS")
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Khen thưởng")
# A code is refused after this many wrong ones in a row, with a growing delay (django-otp).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads live outside the static tree and are served only through permission-checked views.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# No URL route serves this prefix: uploads go out only through permission-checked views.
MEDIA_URL = "/media/"
# Where uploads (evidence, photos) and built bundles are kept: the file system under MEDIA_ROOT
# by default, which every web and worker host must then share (one volume); or any Django storage
# backend, e.g. S3-compatible object storage through django-storages (installed separately):
#   STORAGE_BACKEND=storages.backends.s3.S3Storage
#   STORAGE_OPTIONS='{"bucket_name": "khenthuong", "endpoint_url": "https://s3.example.vn"}'
# (docs/scaling.md). The code reaches files only through the storage API.
STORAGE_BACKEND = os.environ.get("STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage")
try:
    STORAGE_OPTIONS = json.loads(os.environ.get("STORAGE_OPTIONS") or "{}")
except ValueError as error:
    raise ImproperlyConfigured(f"STORAGE_OPTIONS is not JSON: {error}") from error
if not isinstance(STORAGE_OPTIONS, dict):
    raise ImproperlyConfigured("STORAGE_OPTIONS must be a JSON object.")
STORAGES = {
    "default": {"BACKEND": STORAGE_BACKEND, "OPTIONS": STORAGE_OPTIONS},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# The bundles' work folder: the partial zips, and the files that the parts of one bundle (run
# side by side by the worker's processes, a Celery chord) produce for the last task to zip. Every
# worker that builds bundles must see the same folder: on several worker hosts it is a shared
# volume, or the bundle tasks go to one host's queue (docs/scaling.md). Never served. Empty:
# MEDIA_ROOT/bundles/partial, beside the bundles a file system storage keeps.
BUNDLE_WORK_DIR = os.environ.get("BUNDLE_WORK_DIR", "")
# Or build every bundle on one worker host: its tasks go to this queue, which only that host's
# worker consumes (``celery -A config worker -Q celery,bundles``), so its work folder is local.
BUNDLE_QUEUE = os.environ.get("BUNDLE_QUEUE", "")
_BUNDLE_TASKS = ("dossiers.build_bundle", "dossiers.build_bundle_part", "dossiers.finish_bundle")
CELERY_TASK_ROUTES = {name: {"queue": BUNDLE_QUEUE} for name in _BUNDLE_TASKS if BUNDLE_QUEUE}
WHITENOISE_USE_FINDERS = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Celery: inline without Redis, a real broker with it.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# Redis down: enqueueing gives up after about a second instead of holding the request for
# half a minute; the callers keep what they could not queue (see README, "Reliability").
_FAIL_FAST = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5}
CELERY_TASK_PUBLISH_RETRY_POLICY = _FAIL_FAST
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"retry_policy": _FAIL_FAST}
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 3}
# Notices: the hour (Vietnam time) of the daily digest and of the reminders, and how many days
# before each deadline the units that have not acted yet are reminded.
DIGEST_HOUR = int(os.environ.get("DIGEST_HOUR", "17"))
REMINDER_HOUR = int(os.environ.get("REMINDER_HOUR", "7"))
REMINDER_DAYS = tuple(
    int(days) for days in os.environ.get("REMINDER_DAYS", "7,1").split(",") if days.strip()
)
CELERY_BEAT_SCHEDULE: dict = {
    # notices whose e-mail could not be queued (Redis down) or sent (mail server down)
    "retry-notice-emails": {"task": "notifications.retry_notice_emails", "schedule": 300.0},
    # one e-mail a day to those who chose the digest (User.email_digest)
    "send-daily-digests": {
        "task": "notifications.send_daily_digests",
        "schedule": crontab(hour=DIGEST_HOUR, minute=0),
    },
    # reminders of the deadlines to the units that have not filed, sent up or reported yet
    "remind-nomination-deadlines": {
        "task": "nominations.remind_deadlines",
        "schedule": crontab(hour=REMINDER_HOUR, minute=0),
    },
    "remind-report-deadlines": {
        "task": "reports.remind_deadlines",
        "schedule": crontab(hour=REMINDER_HOUR, minute=5),
    },
    # bundles whose worker died: marked failed, their partial zips removed
    "fail-interrupted-bundles": {"task": "dossiers.fail_interrupted_bundles", "schedule": 300.0},
    # zips kept longer than BUNDLE_KEEP_DAYS: removed (the bundle's row stays)
    "remove-old-bundle-zips": {"task": "dossiers.remove_old_bundle_zips", "schedule": 3600.0},
    # access records older than READ_RECORDS_KEEP_DAYS: removed
    "remove-expired-reads": {"task": "access.remove_expired_reads", "schedule": 86400.0},
    # the daily backup (core.scheduled_backups) and the daily check of the history chains
    "scheduled-backup": {
        "task": "core.scheduled_backup",
        "schedule": crontab(hour=int(os.environ.get("BACKUP_HOUR", "2")), minute=15),
    },
    "daily-verify-history": {
        "task": "core.daily_verify_history",
        "schedule": crontab(hour=int(os.environ.get("BACKUP_HOUR", "2")), minute=45),
    },
    # the worker's sign of life that /healthz/ready/ reads (core.health)
    "heartbeat": {"task": "core.heartbeat", "schedule": 60.0},
}
# Scheduled backups: where, how many daily and weekly copies are kept, the passphrase that
# encrypts them (GnuPG, AES-256; none: not encrypted) and a second directory they are copied to.
BACKUP_DIR = os.environ.get("BACKUP_DIR", str(VAR_DIR / "backups"))
BACKUP_KEEP_DAILY = int(os.environ.get("BACKUP_KEEP_DAILY", "7"))
BACKUP_KEEP_WEEKLY = int(os.environ.get("BACKUP_KEEP_WEEKLY", "5"))
BACKUP_PASSPHRASE = os.environ.get("BACKUP_PASSPHRASE", "")
BACKUP_COPY_TO = os.environ.get("BACKUP_COPY_TO", "")
# Who read what (access.ReadRecord) is kept this long: two years by default.
READ_RECORDS_KEEP_DAYS = int(os.environ.get("READ_RECORDS_KEEP_DAYS", "730"))
# /healthz/ready/ fails when no worker ran the heartbeat for this long, or uploads lack space.
HEALTH_WORKER_STALE_SECONDS = int(os.environ.get("HEALTH_WORKER_STALE_SECONDS", "300"))
HEALTH_MIN_FREE_MB = int(os.environ.get("HEALTH_MIN_FREE_MB", "1024"))
# A built zip is a copy of what the database and the evidence files hold: kept for a month, then
# removed; anyone may build a new one.
BUNDLE_KEEP_DAYS = int(os.environ.get("BUNDLE_KEEP_DAYS", "30"))

# Without a mail server configured, each e-mail is written as a file into var/mail/ (git-ignored),
# where the demo's e-mails can be read.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "khenthuong@localhost")
# The address of the site as its users reach it: the links in e-mails start with it.
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000")

# Imports: the largest spreadsheet an admin may upload through the page.
IMPORT_MAX_UPLOAD_BYTES = int(os.environ.get("IMPORT_MAX_UPLOAD_BYTES", str(50 * 1024 * 1024)))
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "300000"))
# An .xlsx whose parts unpack to more than this is refused as a possible zip bomb.
IMPORT_MAX_UNPACKED_BYTES = int(os.environ.get("IMPORT_MAX_UNPACKED_BYTES", str(200 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Evidence attached to nominations: the largest file a filer or an appraiser may upload.
EVIDENCE_MAX_BYTES = int(os.environ.get("EVIDENCE_MAX_BYTES", str(10 * 1024 * 1024)))

# Logs: one JSON object per line on standard error (what docker and journald collect), each
# with the id of the request that wrote it. A server error is also e-mailed to ADMINS
# ("Tên <dia-chi@…>, …") and, with SENTRY_DSN, sent to Sentry or a self-hosted GlitchTip.


def _admin(entry: str) -> tuple[str, str]:
    """``Tên <dia-chi@…>`` or a bare address."""
    name, _, address = entry.partition("<")
    return (name.strip(), address.strip(" >")) if address else ("", name.strip())


ADMINS = [_admin(entry) for entry in os.environ.get("ADMINS", "").split(",") if entry.strip()]
SERVER_EMAIL = os.environ.get(
    "SERVER_EMAIL", os.environ.get("DEFAULT_FROM_EMAIL", "khenthuong@localhost")
)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "core.request_id.RequestIdFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "json_ensure_ascii": False,
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json",
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "request_id"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "django.request": {
            "handlers": ["console", "mail_admins"],
            "level": "ERROR",
            "propagate": False,
        },
    },
}
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
        # Party members' records: no user names, addresses or bodies leave the server.
        send_default_pii=False,
    )
