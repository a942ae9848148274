"""OneWindow settings: every value comes from the environment, with safe defaults.

Two profiles: ``dev`` (the default: demo, tests) and ``production``
(``ONEWINDOW_PROFILE=production``), which turns on HTTPS-only cookies, HSTS, the
second factor for staff, password expiry, and refuses to start without real keys.
"""

import os
from decimal import Decimal
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env (made by `make demo`, never committed) holds the demo's random keys.
# ONEWINDOW_ENV_FILE="" reads none (a deployment's environment alone, as the tests check).
_ENV_FILE = os.environ.get("ONEWINDOW_ENV_FILE", str(BASE_DIR / ".env"))
if _ENV_FILE:
    environ.Env.read_env(_ENV_FILE, overwrite=False)

PROFILE = env.str("ONEWINDOW_PROFILE", default="dev")
PRODUCTION = PROFILE == "production"

# Dev keys are only ever used by the demo and the tests; production refuses them.
_DEV_KEY = "dev-only-not-secret-0123456789abcdef0123456789abcdef"
SECRET_KEY = env.str("SECRET_KEY", default="" if PRODUCTION else _DEV_KEY)
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Hex keys for SM4-GCM (16 bytes) and HMAC-SM3 (32 bytes). See core/pii/crypto.py.
PII_ENCRYPTION_KEY = env.str("PII_ENCRYPTION_KEY", default="" if PRODUCTION else "00" * 16)
PII_INDEX_KEY = env.str("PII_INDEX_KEY", default="" if PRODUCTION else "11" * 32)
AUDIT_HMAC_KEY = env.str("AUDIT_HMAC_KEY", default="" if PRODUCTION else "22" * 32)

INSTALLED_APPS = [
    # Django's admin with every change audited (core/admin_audit.py).
    "onewindow.core.admin_audit.AuditedAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "ninja",
    "onewindow.core",
    "onewindow.core.audit",
    "onewindow.core.workdays",
    "onewindow.core.inbox",
    "onewindow.accounts",
    "onewindow.org",
    "onewindow.catalog",
    "onewindow.cases",
    "onewindow.feedback",
    "onewindow.rectification",
    "onewindow.dashboard",
    "onewindow.governance",
    "onewindow.hall",
    "onewindow.projects",
]

MIDDLEWARE = [
    # Times every request and answers /metrics (restricted) before anything else runs.
    "onewindow.core.metrics.MetricsMiddleware",
    # Then: a body over the limit is refused (413) before anything reads it.
    "onewindow.core.request_size.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "onewindow.core.middleware.RejectNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "onewindow.accounts.middleware.SessionLifetimeMiddleware",
    "onewindow.accounts.middleware.SecondFactorMiddleware",
    "onewindow.accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "onewindow.core.middleware.NoStoreMiddleware",
    "onewindow.core.middleware.DomainErrorMiddleware",
    "onewindow.core.outage.ServiceUnavailableMiddleware",
    # axes last, as its documentation asks.
    "axes.middleware.AxesMiddleware",
]
# Token requests to /api/ (Authorization: Bearer, no cookie) skip sessions, messages, the
# language, CSP and the page checks: core/api_handler.py, issue 17.
API_MIDDLEWARE = [
    "onewindow.core.metrics.MetricsMiddleware",
    "onewindow.core.request_size.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "onewindow.core.middleware.RejectNulMiddleware",
    "onewindow.core.api_handler.AnonymousUntilAuthenticated",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "onewindow.core.middleware.NoStoreMiddleware",
    "onewindow.core.middleware.DomainErrorMiddleware",
    "onewindow.core.outage.ServiceUnavailableMiddleware",
]

ROOT_URLCONF = "onewindow.urls"
WSGI_APPLICATION = "onewindow.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "onewindow" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "onewindow.core.context_processors.platform",
                "onewindow.dashboard.navigation.nav_items",
                "onewindow.core.inbox.context_processors.unread",
                "onewindow.core.workdays.context_processors.calendar_warning",
            ],
        },
    },
]

# SQLite in WAL mode by default; DATABASE_URL=postgres://... for PostgreSQL.
DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'onewindow.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock at BEGIN, so read-then-write transactions
        # (the audit chain, conditional updates) serialise instead of failing late.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["TEST"] = {"NAME": env.str("SQLITE_TEST_NAME", default=None)}
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    # No "SELECT 1" before each request's first query (issue 17): a connection that broke
    # fails that one request, and Django drops a connection that errored at its end.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=False)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": env.cache_url("CACHE_URL", default="locmemcache://onewindow"),
}
if CACHES["default"]["BACKEND"].endswith(".RedisCache"):
    # A Redis that stops answering must not hang every request: after this many seconds the
    # cache call fails and the throttles count in the database (core/throttle.py).
    _redis_timeout = env.float("CACHE_TIMEOUT_SECONDS", default=1.0)
    CACHES["default"].setdefault("OPTIONS", {})
    CACHES["default"]["OPTIONS"].setdefault("socket_connect_timeout", _redis_timeout)
    CACHES["default"]["OPTIONS"].setdefault("socket_timeout", _redis_timeout)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "onewindow.accounts.backends.RoleBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "onewindow.accounts.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "onewindow.accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "onewindow.accounts.passwords.MaximumLengthValidator"},
    {"NAME": "onewindow.accounts.passwords.CharacterClassValidator"},
    {"NAME": "onewindow.accounts.passwords.CommonPasswordValidator"},
    {"NAME": "onewindow.accounts.passwords.NumericPasswordValidator"},
]
PASSWORD_MAX_LENGTH = 128
PASSWORD_MIN_CHARACTER_CLASSES = 3
# Days before a password must be changed again; 0 turns expiry off.
PASSWORD_EXPIRY_DAYS = env.int("PASSWORD_EXPIRY_DAYS", default=90 if PRODUCTION else 0)
# Calendar days a window-issued activation code (账号开通码) stays valid.
ACCOUNTS_ACTIVATION_DAYS = env.int("ACCOUNTS_ACTIVATION_DAYS", default=7)
# Public registration (accounts/registration.py): submissions per client address per hour, and
# notices per day to an account whose ID number or credit code someone tried to register again.
ACCOUNTS_REGISTRATIONS_PER_HOUR = env.int("ACCOUNTS_REGISTRATIONS_PER_HOUR", default=10)
ACCOUNTS_REGISTRATION_NOTICES_PER_DAY = env.int("ACCOUNTS_REGISTRATION_NOTICES_PER_DAY", default=3)

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions: stored on the server, 30 minutes idle, 12 hours at most.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_SECONDS = env.int("SESSION_ABSOLUTE_SECONDS", default=12 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Reverse proxies in front of the application (nginx = 1): the client's address is then read
# from X-Forwarded-For by django-ipware (core/client_address.py), for the lockout, the
# throttles and the audit alike. 0 = clients connect directly.
PROXY_COUNT = env.int("PROXY_COUNT", default=0)

# Lockout (decision 0010): 5 failures lock the username from every address, and
# LOGIN_ADDRESS_FAILURE_LIMIT failures lock the client's address (password spraying), for
# 30 minutes. The address is the client's, never the proxy's.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = env.float("LOGIN_LOCKOUT_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "onewindow.accounts.lockout.LockoutHandler"
AXES_CLIENT_IP_CALLABLE = "onewindow.core.client_address.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "onewindow.accounts.views.locked_out"
AXES_VERBOSE = False

# Second factor (TOTP) for staff and administrators: required in production.
OTP_REQUIRED_FOR_STAFF = env.bool("OTP_REQUIRED_FOR_STAFF", default=PRODUCTION)
OTP_TOTP_ISSUER = "一窗通"
# An unconfirmed TOTP device (enrolment started, no code typed yet) expires after this.
OTP_ENROLMENT_MINUTES = env.int("OTP_ENROLMENT_MINUTES", default=10)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "onewindow" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Collected files only in production; the demo serves straight from the app folders.
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles") if PRODUCTION else None
STATICFILES_DIRS = [BASE_DIR / "onewindow" / "static"]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

# Content security policy: local assets only, no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# Background work: Celery with Redis when CELERY_BROKER_URL is set, in-process otherwise.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
# Keep Django's LOGGING (with the personal-data masking filter) in Celery workers.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="noreply@onewindow.local")

# The audit chain's head, anchored outside the database (core/audit/anchor.py): every
# AUDIT_ANCHOR_MINUTES and at every verify_audit. Production puts the file on other storage
# (an append-only mount of another host) and may add "syslog" and "http" witnesses.
AUDIT_ANCHOR_MINUTES = env.int("AUDIT_ANCHOR_MINUTES", default=10)
AUDIT_ANCHOR_BACKENDS = env.list("AUDIT_ANCHOR_BACKENDS", default=["file"])
AUDIT_ANCHOR_FILE = env.path("AUDIT_ANCHOR_FILE", default=BASE_DIR / "var" / "audit-anchors.jsonl")
AUDIT_ANCHOR_SYSLOG_ADDRESS = env.str("AUDIT_ANCHOR_SYSLOG_ADDRESS", default="/dev/log")
AUDIT_ANCHOR_WITNESS_URL = env.str("AUDIT_ANCHOR_WITNESS_URL", default="")

# Working days (core.workdays). Defaults follow ../shared/RULES.md; all configurable.
WORKDAYS_COUNT_FROM_NEXT_DAY = env.bool("WORKDAYS_COUNT_FROM_NEXT_DAY", default=True)
WORKDAYS_WARN_YELLOW_DAYS_LEFT = env.int("WORKDAYS_WARN_YELLOW_DAYS_LEFT", default=3)
WORKDAYS_WARN_RED_DAYS_LEFT = env.int("WORKDAYS_WARN_RED_DAYS_LEFT", default=1)

# Catalogue (RULES.md "Service items"): 一链办理 at most 4 steps, materials cut by 50% or more.
CATALOG_BUNDLE_MAX_STEPS = env.int("CATALOG_BUNDLE_MAX_STEPS", default=4)
CATALOG_ITEM_MAX_STEPS = env.int("CATALOG_ITEM_MAX_STEPS", default=20)
CATALOG_BUNDLE_MATERIAL_TARGET = Decimal(env.str("CATALOG_BUNDLE_MATERIAL_TARGET", default="0.5"))
# Excel import of items: size, zip-bomb and row limits; progress kept in the cache.
CATALOG_IMPORT_MAX_BYTES = env.int("CATALOG_IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
CATALOG_IMPORT_MAX_UNCOMPRESSED_BYTES = env.int(
    "CATALOG_IMPORT_MAX_UNCOMPRESSED_BYTES", default=50 * 1024 * 1024
)
CATALOG_IMPORT_MAX_RATIO = env.int("CATALOG_IMPORT_MAX_RATIO", default=100)
CATALOG_IMPORT_MAX_ENTRIES = env.int("CATALOG_IMPORT_MAX_ENTRIES", default=1000)
CATALOG_IMPORT_MAX_ROWS = env.int("CATALOG_IMPORT_MAX_ROWS", default=20000)
CATALOG_IMPORT_JOB_TTL = env.int("CATALOG_IMPORT_JOB_TTL", default=86400)
CATALOG_IMPORT_STALE_SECONDS = env.int("CATALOG_IMPORT_STALE_SECONDS", default=600)
# The public Excel export (catalog/excel/published.py): anonymous downloads per address per hour.
CATALOG_EXPORTS_PER_HOUR = env.int("CATALOG_EXPORTS_PER_HOUR", default=30)

# Cases (RULES.md): no deficiency notice within this many working days counts as accepted.
CASES_ACCEPTANCE_NOTICE_DAYS = env.int("CASES_ACCEPTANCE_NOTICE_DAYS", default=5)
CASES_EXTENSION_DAYS = env.int("CASES_EXTENSION_DAYS", default=10)  # 行政许可法 Art. 42
CASES_DELIVERY_DAYS = env.int("CASES_DELIVERY_DAYS", default=10)  # 行政许可法 Art. 44
CASES_DEADLINE_SCAN_HOUR = env.int("CASES_DEADLINE_SCAN_HOUR", default=7)
CASES_DEADLINE_SCAN_MINUTE = env.int("CASES_DEADLINE_SCAN_MINUTE", default=0)
CASES_DIGEST_MAX_NUMBERS = env.int("CASES_DIGEST_MAX_NUMBERS", default=10)
CASES_ISSUER = env.str("CASES_ISSUER", default="东营市东营区行政审批服务局")
CASES_CERTIFICATE_PREFIX = env.str("CASES_CERTIFICATE_PREFIX", default="DYXK")
# Printed in every certificate's QR code: production sets the bureau's public HTTPS address.
CASES_PUBLIC_BASE_URL = env.str("CASES_PUBLIC_BASE_URL", default="http://127.0.0.1:8000")
CASES_ELICENCE_BACKEND = env.str("CASES_ELICENCE_BACKEND", default="console")
CASES_UPLOAD_MAX_BYTES = env.int("CASES_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
CASES_UPLOAD_MAX_FILES = env.int("CASES_UPLOAD_MAX_FILES", default=30)
# Uploads are written under a pending name and moved on commit (core/files.py); pending
# files older than this (a killed process) are swept hourly.
FILES_PENDING_MAX_AGE = env.int("FILES_PENDING_MAX_AGE", default=6 * 60 * 60)
# Request bodies (core/request_size.py), refused with 413 before they are read: a page may
# carry a case's files at once, within a bound of 100 MB; the JSON API carries no files.
REQUEST_MAX_BYTES = env.int(
    "REQUEST_MAX_BYTES",
    default=min(CASES_UPLOAD_MAX_BYTES * CASES_UPLOAD_MAX_FILES, 100 * 1024 * 1024) + 1024 * 1024,
)
API_REQUEST_MAX_BYTES = env.int("API_REQUEST_MAX_BYTES", default=1024 * 1024)
# Django's own limit on what it holds in memory outside files (form fields, JSON bodies).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2621440)
# A full disk or an unreachable database answers 503 with this Retry-After (core/outage.py).
UNAVAILABLE_RETRY_AFTER = env.int("UNAVAILABLE_RETRY_AFTER", default=60)
CASES_TRACK_MAX_FAILURES = env.int("CASES_TRACK_MAX_FAILURES", default=20)
CASES_DRAFT_DAYS = env.int("CASES_DRAFT_DAYS", default=30)  # 暂存 drafts expire

# Inspection rectification ledger (RULES.md "Inspection rectification"; docs/rectification.md).
RECTIFICATION_REPORT_DUE_MONTHS = env.int("RECTIFICATION_REPORT_DUE_MONTHS", default=2)
# Working days overdue at which a measure gets a reminder, a warning, an accountability notice.
RECTIFICATION_ESCALATION_WORKDAYS = tuple(
    env.list("RECTIFICATION_ESCALATION_WORKDAYS", cast=int, default=[0, 5, 10])
)
RECTIFICATION_REQUIRE_CONFIRMATION = env.bool("RECTIFICATION_REQUIRE_CONFIRMATION", default=False)
RECTIFICATION_EVIDENCE_MAX_FILES = env.int("RECTIFICATION_EVIDENCE_MAX_FILES", default=10)
RECTIFICATION_METRIC_PERIOD_DAYS = env.int("RECTIFICATION_METRIC_PERIOD_DAYS", default=365)
RECTIFICATION_PERMIT_CATEGORY = env.str("RECTIFICATION_PERMIT_CATEGORY", default="sgxk")
RECTIFICATION_PERMIT_LIMIT_DAYS = env.int("RECTIFICATION_PERMIT_LIMIT_DAYS", default=3)
# The progress report (docs/rectification-report.md): the contact lines a new draft starts
# with (the seed's), and public feedback submissions per client address per hour.
RECTIFICATION_REPORT_CONTACT_PHONE = env.str(
    "RECTIFICATION_REPORT_CONTACT_PHONE", default="0546-8253386"
)
# The body that issues the progress report (its title and signature); empty: the inspected
# unit as the ledger records it.
RECTIFICATION_REPORT_ISSUING_BODY = env.str("RECTIFICATION_REPORT_ISSUING_BODY", default="")
RECTIFICATION_REPORT_CONTACT_MAILBOX = env.str("RECTIFICATION_REPORT_CONTACT_MAILBOX", default="")
RECTIFICATION_REPORT_CONTACT_EMAIL = env.str(
    "RECTIFICATION_REPORT_CONTACT_EMAIL", default="dyqxzspfwj@dy.shandong.cn"
)
RECTIFICATION_REPORT_FEEDBACK_PER_HOUR = env.int(
    "RECTIFICATION_REPORT_FEEDBACK_PER_HOUR", default=5
)

# 好差评 (RULES.md): an on-site rating may be given until this many working days after the visit.
FEEDBACK_RATING_WINDOW_WORKDAYS = env.int("FEEDBACK_RATING_WINDOW_WORKDAYS", default=5)

# Work orders (RULES.md "Work orders"; docs/feedback-work-orders.md): each kind's limit as
# ("hours", n) or ("workdays", n); a bad rating's remedy and the callback in working days.
FEEDBACK_WORK_ORDER_LIMITS = {
    "urgent": ("hours", env.int("FEEDBACK_URGENT_HOURS", default=2)),
    "enquiry": ("workdays", env.int("FEEDBACK_ENQUIRY_WORKDAYS", default=3)),
    "complaint": ("workdays", env.int("FEEDBACK_COMPLAINT_WORKDAYS", default=13)),
    "suggestion": ("workdays", env.int("FEEDBACK_SUGGESTION_WORKDAYS", default=13)),
    "request": ("workdays", env.int("FEEDBACK_REQUEST_WORKDAYS", default=5)),
}
FEEDBACK_REMEDY_WORKDAYS = env.int("FEEDBACK_REMEDY_WORKDAYS", default=5)
FEEDBACK_CALLBACK_WORKDAYS = env.int("FEEDBACK_CALLBACK_WORKDAYS", default=1)
# Overdue orders escalate (升级督办) this long after their due date.
FEEDBACK_ESCALATE_AFTER_WORKDAYS = env.int("FEEDBACK_ESCALATE_AFTER_WORKDAYS", default=2)
FEEDBACK_ESCALATE_AFTER_HOURS = env.int("FEEDBACK_ESCALATE_AFTER_HOURS", default=2)
FEEDBACK_ORDER_SCAN_HOUR = env.int("FEEDBACK_ORDER_SCAN_HOUR", default=7)
FEEDBACK_ORDER_SCAN_MINUTE = env.int("FEEDBACK_ORDER_SCAN_MINUTE", default=15)
# The public 吐槽找茬 form: submissions per client address per hour.
FEEDBACK_COMPLAINTS_PER_HOUR = env.int("FEEDBACK_COMPLAINTS_PER_HOUR", default=5)
# Ratings go to the provincial 好差评 platform (onewindow/feedback/provincial.py): "file"
# (JSON lines in FEEDBACK_PROVINCIAL_FILE), "console", or a dotted path to a backend class.
FEEDBACK_PROVINCIAL_BACKEND = env.str("FEEDBACK_PROVINCIAL_BACKEND", default="file")
FEEDBACK_PROVINCIAL_FILE = env.path(
    "FEEDBACK_PROVINCIAL_FILE", default=BASE_DIR / "var" / "provincial_ratings.jsonl"
)

# Integrations behind small registries (core.notify): console and file by default.
NOTIFY_BACKENDS = env.list("NOTIFY_BACKENDS", default=["console"])
NOTIFY_FILE_PATH = env.path("NOTIFY_FILE_PATH", default=BASE_DIR / "var" / "notifications.log")

DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="Yichuang@2026")

NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_pii": {"()": "onewindow.core.pii.logging.MaskPersonalDataFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["mask_pii"],
            "formatter": "plain",
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's own loggers go through the masking filter too.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# Production stack (deploy/, docs/operations.md): readiness probes, JSON-lines logs carrying
# the request id nginx assigns (core/request_id.py), the notification outbox, idempotent intake.
HEALTH_BROKER_TIMEOUT_SECONDS = env.float("HEALTH_BROKER_TIMEOUT_SECONDS", default=1.0)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# Prometheus (core/metrics.py, decision 0044): /metrics answers only direct peers in this
# list (the monitoring server; nginx refuses the path), with the bearer token when one is set.
METRICS_ALLOWED_IPS = env.list("METRICS_ALLOWED_IPS", default=["127.0.0.1", "::1"])
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
# The Celery worker's own metrics endpoint (off unless a port is given).
METRICS_WORKER_PORT = env.int("METRICS_WORKER_PORT", default=0)
METRICS_WORKER_ADDRESS = env.str("METRICS_WORKER_ADDRESS", default="127.0.0.1")
if env.str("LOG_FORMAT", default="plain") == "json":
    LOGGING["formatters"]["json"] = {"()": "onewindow.core.request_id.JsonLinesFormatter"}
    LOGGING["handlers"]["console"]["formatter"] = "json"
LOGGING["filters"]["request_id"] = {"()": "onewindow.core.request_id.RequestIdFilter"}
LOGGING["handlers"]["console"]["filters"].append("request_id")
# A publish to a broker that is down gives up at once: the outbox row waits for the sweep.
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=1.0)
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_timeout": 2, "socket_connect_timeout": 1}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 0}
# Notifications not handed to a worker within this many seconds are sent again by the sweep.
NOTIFY_OUTBOX_SWEEP_SECONDS = env.int("NOTIFY_OUTBOX_SWEEP_SECONDS", default=60)
# A worker's claim on a row lapses after this (a worker killed while sending).
NOTIFY_OUTBOX_CLAIM_SECONDS = env.int("NOTIFY_OUTBOX_CLAIM_SECONDS", default=600)
# How long an Idempotency-Key's first answer is kept (idempotent POSTs, core/idempotency.py).
IDEMPOTENCY_KEEP_HOURS = env.int("IDEMPOTENCY_KEEP_HOURS", default=48)
# manage.py backup without a directory writes to BACKUP_DIR/<time> (core/backup.py).
BACKUP_DIR = env.path("BACKUP_DIR", default=BASE_DIR / "var" / "backups")

if PROXY_COUNT < 0:
    raise ImproperlyConfigured("PROXY_COUNT 不能为负数")
if PROXY_COUNT:
    # Without ipware the proxy's own address would be every client's: one client's failed
    # logins would lock everybody out. Refuse to start instead.
    try:
        import ipware  # noqa: F401
    except ImportError:
        raise ImproperlyConfigured(
            "设置了 PROXY_COUNT（经反向代理部署），但没有安装 django-ipware，无法识别客户端地址"
        ) from None

if PRODUCTION:
    for _name in ("SECRET_KEY", "PII_ENCRYPTION_KEY", "PII_INDEX_KEY", "AUDIT_HMAC_KEY"):
        if not globals()[_name]:
            raise ImproperlyConfigured(f"生产环境必须通过环境变量设置 {_name}")

# Party-group governance (RULES.md "Governance"; docs/governance.md).
GOVERNANCE_MEETING_THRESHOLD = env.int("GOVERNANCE_MEETING_THRESHOLD", default=10000)
GOVERNANCE_FILING_DAYS = env.int("GOVERNANCE_FILING_DAYS", default=3)
GOVERNANCE_QUORUM = {"ordinary": (1, 2), "cadre": (2, 3)}
GOVERNANCE_NOTICE_WORKDAYS = env.int("GOVERNANCE_NOTICE_WORKDAYS", default=5)
GOVERNANCE_CADRE_FILING_DAYS = env.int("GOVERNANCE_CADRE_FILING_DAYS", default=30)
GOVERNANCE_ASSET_ENTRY_DAYS = env.int("GOVERNANCE_ASSET_ENTRY_DAYS", default=30)
GOVERNANCE_TALKS_PER_YEAR = env.int("GOVERNANCE_TALKS_PER_YEAR", default=2)
GOVERNANCE_TALK_SIMILARITY = env.float("GOVERNANCE_TALK_SIMILARITY", default=0.85)
GOVERNANCE_AUDIT_SAMPLE_SHARE = env.str("GOVERNANCE_AUDIT_SAMPLE_SHARE", default="0.1")
# The party group that signs minutes and notices: the installing bureau's own name.
GOVERNANCE_ISSUING_BODY = env.str("GOVERNANCE_ISSUING_BODY", default="中共东营区行政审批服务局党组")
# Daily use (issue 15): the default review chain of a department's task (decision 0021)
# and the rows an export of 办件查询 may hold.
CASES_SIGNOFF_LEVELS = env.str("CASES_SIGNOFF_LEVELS", default="handle,check,sign")
CASES_SEARCH_EXPORT_MAX = env.int("CASES_SEARCH_EXPORT_MAX", default=5000)


# Construction projects (RULES.md "Cases at the hall"; docs/projects.md).
# 施工图审查 is not a precondition of the 施工许可: True makes it block the next stage.
PROJECTS_DRAWING_REVIEW_BLOCKS = env.bool("PROJECTS_DRAWING_REVIEW_BLOCKS", default=False)
# Decision 0041: stage item code -> catalogue item code of its case, added to (or replacing)
# projects/config.py CATALOGUE_CODES; "" leaves a stage item a review.
PROJECTS_CATALOGUE_CODES: dict[str, str] = {}
# The city's construction-approval system: "file" (var/city_projects.jsonl), "console",
# "http" (a signed POST, docs/projects.md) or a dotted path to a backend class.
PROJECTS_CITY_BACKEND = env.str("PROJECTS_CITY_BACKEND", default="file")
PROJECTS_CITY_FILE = BASE_DIR / "var" / "city_projects.jsonl"
# "http": the city's endpoint, the shared HMAC secret and the timeout in seconds.
PROJECTS_CITY_URL = env.str("PROJECTS_CITY_URL", default="")
PROJECTS_CITY_SECRET = env.str("PROJECTS_CITY_SECRET", default="")
PROJECTS_CITY_TIMEOUT = env.float("PROJECTS_CITY_TIMEOUT", default=10.0)
