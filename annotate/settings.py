"""Settings for the statement annotator; everything site-specific comes from the environment."""

import datetime
from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from . import databases
from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY to a long random string "
            "(or DEBUG=1 for local development)."
        )
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A database that does not answer is a 503 with Retry-After (pages; the API has its
    # exception handler).
    "articles.unavailable.DatabaseUnavailableMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After authentication: keys are kept per user.
    "articles.idempotency.IdempotencyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that it sees failed logins after authentication has run.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "annotate.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "annotate.wsgi.application"

# SQLite is the embedded default; DATABASE_URL=postgres://... selects PostgreSQL.
# Connections persist (per server thread) on both: opening a SQLite connection and
# running its PRAGMAs costs a large part of a short request.
# DATABASE_POOL_MODE=transaction says DATABASE_URL is a PgBouncer in transaction mode
# (see annotate/databases.py and docs/deployment.md).
_database_options = {
    "pool_mode": databases.pool_mode_checked(env_str("DATABASE_POOL_MODE")),
    "conn_max_age": env_int("CONN_MAX_AGE", None),
    "health_checks": env_bool("CONN_HEALTH_CHECKS", default=True),
}
DATABASES = {
    databases.PRIMARY: databases.database(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}", **_database_options
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's backend, with writers waiting for the write lock in short polls.
    DATABASES["default"]["ENGINE"] = "annotate.sqlite"
    DATABASES["default"]["OPTIONS"] = {
        # BEGIN IMMEDIATE takes the write lock up front, so concurrent writers
        # queue on the busy timeout instead of failing with "database is locked".
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA foreign_keys=ON;"
            "PRAGMA busy_timeout=20000;"
            "PRAGMA temp_store=MEMORY;"
            # Every server thread keeps a connection with its own page cache: a small
            # cache each, and no memory map of the file, keep a worker's memory flat as
            # the database grows (a larger cache and a map grew it for no gain in speed).
            "PRAGMA cache_size=-8000;"
            "PRAGMA mmap_size=0;"
        ),
    }

# A streaming replica of the primary, which exports read (annotate/routers.py); all
# other reads and every write go to the primary, so users see their own changes.
_replica_url = env_str("DATABASE_REPLICA_URL")
if _replica_url:
    DATABASES[databases.REPLICA] = databases.replica(
        _replica_url, DATABASES[databases.PRIMARY], **_database_options
    )
EXPORTS_DATABASE = databases.REPLICA if _replica_url else databases.PRIMARY
DATABASE_ROUTERS = ["annotate.routers.ExportReadsRouter"]

# Seconds a client waits before trying again when the database does not answer (503).
DATABASE_RETRY_AFTER = env_int("DATABASE_RETRY_AFTER", 5)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, with permissions loaded in one query.
    "articles.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "article-list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploaded article files are parsed in memory and never kept on disk.
FILE_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 1000
# The import page: at most this much in one request (files together; each file at most
# as large as an article, 20 MB) and this many articles; an upload larger than
# IMPORT_INLINE_MAX_BYTES is imported by a task worker while the page shows progress.
IMPORT_MAX_REQUEST_BYTES = env_int("IMPORT_MAX_REQUEST_BYTES", 50 * 1024 * 1024)
IMPORT_MAX_ARTICLES = env_int("IMPORT_MAX_ARTICLES", 10_000)
IMPORT_INLINE_MAX_BYTES = env_int("IMPORT_INLINE_MAX_BYTES", 512 * 1024)
# An import job still running after this many seconds lost its worker and may be taken again.
IMPORT_JOB_TIMEOUT = env_int("IMPORT_JOB_TIMEOUT", 1800)

# HTTPS hardening follows SECURE_SSL_REDIRECT, which is on unless DEBUG is on;
# set SECURE_SSL_REDIRECT=0 to serve plain http on localhost.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE_SSL_REDIRECT
CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if SECURE_SSL_REDIRECT else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Load balancers probe each instance over plain http, past the proxy that ends TLS.
SECURE_REDIRECT_EXEMPT = [r"^health/"]
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# No inline script anywhere: every script is a file served by the app itself.
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

REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate makes a refused token a 401, not a 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "articles.api.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": [
        "drf_orjson_renderer.renderers.ORJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "articles.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "articles.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["articles.api.filters.StrictFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "articles.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "articles.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Statement annotator API",
    "DESCRIPTION": (
        "Articles, speakers, topics and the statements analysts annotate in them, "
        "with review, history and streamed exports. Offsets count Unicode code points "
        "of the stored article body."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Forms are parsed too (the browsable API sends them), but the API speaks JSON.
    "PARSER_WHITELIST": ["articles.api.parsers.JSONParser"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "articles.api.schema.forbid_unknown_fields",
        "articles.api.schema.describe_text_patterns",
    ],
    "ENUM_NAME_OVERRIDES": {
        "StanceEnum": "articles.models.Stance",
        "StatusEnum": "articles.models.Status",
        "SpeakerKindEnum": "articles.models.SpeakerKind",
        "SuggestionsStatusEnum": "articles.api.suggestions.SuggestionsStatus",
    },
}

# Background tasks (suggestion analyses). The database backend is the default: a queue
# in the app's own database (SQLite or PostgreSQL), worked by `manage.py db_worker`, no
# broker. TASKS_BACKEND selects another: `immediate` (run in the enqueuing process),
# `dummy` (store, never run), `rq` or `celery` (see docs/tasks.md), or a dotted path.
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "dummy": "django_tasks.backends.dummy.DummyBackend",
    "rq": "django_tasks_rq.RQBackend",
    "celery": "django_tasks_fennel.CeleryBackend",
}
_tasks_backend = env_str("TASKS_BACKEND", "database").strip() or "database"
if "." not in _tasks_backend and _tasks_backend not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)} or a dotted path to a "
        f"task backend, not {_tasks_backend!r}."
    )
TASKS = {
    "default": {
        "BACKEND": TASK_BACKENDS.get(_tasks_backend, _tasks_backend),
        "QUEUES": ["default"],
    }
}
if _tasks_backend == "rq":
    # pip install '.[rq]'; the worker is `manage.py rqworker default`.
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": env_str("RQ_URL", "redis://127.0.0.1:6379/0")}}
    RQ = {
        "WORKER_CLASS": "annotate.rq_worker.TaskWorker",
        # The job class through which RQ runs django-tasks' tasks.
        "JOB_CLASS": "django_tasks_rq.Job",
    }
elif _tasks_backend == "celery":
    # pip install '.[celery]'; the worker is `celery -A django_tasks_fennel.app worker`
    # (docs/tasks.md). Redis or RabbitMQ (amqp://) as the broker.
    INSTALLED_APPS += ["django_tasks_fennel"]
    CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
    # Results are never read back: tasks store what they find in the database. A Redis
    # broker keeps them anyway, for the task backend's status calls; RabbitMQ keeps none.
    _redis_broker = CELERY_BROKER_URL.startswith(("redis://", "rediss://"))
    CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND") or (
        CELERY_BROKER_URL if _redis_broker else None
    )
    CELERY_RESULT_EXTENDED = True

# A suggestion analysis still "running" after this many seconds lost its worker (an
# 1,000-word article parses in well under a second) and is queued again, up to
# SUGGESTIONS_ANALYSIS_ATTEMPTS times in all.
SUGGESTIONS_ANALYSIS_TIMEOUT = env_int("SUGGESTIONS_ANALYSIS_TIMEOUT", 300)
SUGGESTIONS_ANALYSIS_ATTEMPTS = env_int("SUGGESTIONS_ANALYSIS_ATTEMPTS", 3)
# While an analysis is pending, a request runs the rule engine itself only on texts up to
# this many characters (about 30,000 words, a second of work); longer ones answer with no
# suggestions until the worker's analysis is ready.
SUGGESTIONS_INLINE_MAX_CHARS = env_int("SUGGESTIONS_INLINE_MAX_CHARS", 200_000)
# Seconds a client waits before asking again for suggestions whose analysis is pending.
SUGGESTIONS_RETRY_AFTER = 3

# Restores go through the statement services (API and editor), which keep versions.
SIMPLE_HISTORY_REVERT_DISABLED = True

# Repeated failed logins lock the username/address pair for a while.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "articles.accounts.lockout_response"
AXES_VERBOSE = False
# Lock by (username, real client address): behind a reverse proxy every request comes
# from the proxy, so its X-Forwarded-For names the client. Set TRUSTED_PROXIES to the
# proxies' addresses or networks, outermost first, one per hop; unset, the header is
# ignored (a client could write it).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
AXES_CLIENT_IP_CALLABLE = "articles.accounts.client_ip"
# Failed logins from one address, over every username, before the login form and the
# token endpoint refuse that address for the cool-off time.
LOGIN_FAILURES_PER_ADDRESS = env_int("LOGIN_FAILURES_PER_ADDRESS", 20)
# API tokens expire this long after they are issued (and on a password change).
API_TOKEN_LIFETIME = datetime.timedelta(days=env_int("API_TOKEN_LIFETIME_DAYS", 30))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
