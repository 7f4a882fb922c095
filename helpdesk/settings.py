"""Settings come from environment variables; every one has a safe local default."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_count(name: str, default: int) -> int:
    value = os.environ.get(name, str(default)).strip()
    if not value.isdigit() or int(value) < 1:
        raise SystemExit(f"Helpdesk will not start: {name} must be a whole number, 1 or more.")
    return int(value)


DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"

DEVELOPMENT_SECRET_KEY = "local-development-only-not-secret"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "" if not DEBUG else DEVELOPMENT_SECRET_KEY)
# As Django's own deploy check: at least 50 characters, at least 5 of them different.
if not DEBUG and (
    len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY == DEVELOPMENT_SECRET_KEY
):
    # A message, not a traceback: this is the first thing an operator sees.
    raise SystemExit(
        "Helpdesk will not start: DJANGO_DEBUG=0 needs DJANGO_SECRET_KEY set to a random "
        "value of at least 50 characters, not a repeated few. Make one with:\n"
        "    python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "csp",
    "django_htmx",
    "template_partials",
    "nested_admin",
    "modelsearch",
    "troubleshooter",
]

MIDDLEWARE = [
    "helpdesk.middleware.request_log",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "helpdesk.middleware.SitePolicyCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Ahead of body_limits, so that its refusals are in the visitor's language too.
    "helpdesk.middleware.SiteLocaleMiddleware",
    # Before anything reads the body: CsrfViewMiddleware reads a POST's form.
    "helpdesk.middleware.body_limits",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "helpdesk.middleware.AdminMessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "troubleshooter.middleware.method_not_allowed_page",
    "troubleshooter.middleware.DatabaseUnavailable",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "helpdesk.urls"
WSGI_APPLICATION = "helpdesk.wsgi.application"

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
                "troubleshooter.screens.languages.switcher_context",
            ],
            # Built in, as {% partialdef %} is from Django 6 on.
            "builtins": ["template_partials.templatetags.partials"],
        },
    },
]

# SQLite is tuned for a small web server: WAL lets readers run beside the one
# writer, IMMEDIATE takes the write lock up front so transactions queue on the
# busy timeout instead of failing with "database is locked" half-way through.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": (
        "PRAGMA journal_mode=WAL;"
        "PRAGMA synchronous=NORMAL;"
        "PRAGMA foreign_keys=ON;"
        "PRAGMA cache_size=-20000;"
    ),
}

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=600, conn_health_checks=True)
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", BASE_DIR / "db.sqlite3"),
            "OPTIONS": SQLITE_OPTIONS,
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Search (troubleshooter/models/search.py): modelsearch indexes in the database itself,
# SQLite's FTS5 or PostgreSQL's full-text search. PostgreSQL's "simple" configuration,
# like FTS5, neither stems words nor drops any, so both find the same guides.
MODELSEARCH_BACKENDS = {
    "default": {"BACKEND": "modelsearch.backends.database", "SEARCH_CONFIG": "simple"}
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    INSTALLED_APPS.insert(INSTALLED_APPS.index("modelsearch"), "django.contrib.postgres")

# Request bodies, refused by their Content-Length before anything reads them
# (helpdesk.middleware.body_limits). A visitor's forms are small: the largest, "what
# happened?" with a 500-character comment, stays under 7 KB however it is encoded, and
# none is multipart, which is refused outright.
VISITOR_BODY_LIMIT = 16 * 1024
# Staff pages: the article import takes up to 1 MB, pasted or uploaded as a file, and
# Django reads at most DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) of form fields besides.
STAFF_BODY_LIMIT = 4 * 1024 * 1024
# An upload that size stays in memory: no request writes a temporary file.
FILE_UPLOAD_MAX_MEMORY_SIZE = STAFF_BODY_LIMIT

# Visitors' writes per client address and minute, counted in the database so that they
# hold across processes and servers (troubleshooter.limits): Starts, and answers,
# start-overs and "what happened?" together. A visitor walking a guide sends a few a
# minute. Searches that found nothing are counted for staff only within their own limit:
# past it, a search is answered as ever and not counted. HELPDESK_RATE_LIMITS=0 switches
# them off (make bench, load tests).
VISITOR_WRITES_PER_MINUTE = (
    {
        "start": env_count("HELPDESK_STARTS_PER_MINUTE", 30),
        "answer": env_count("HELPDESK_ANSWERS_PER_MINUTE", 120),
        "search": env_count("HELPDESK_SEARCH_MISSES_PER_MINUTE", 20),
    }
    if os.environ.get("HELPDESK_RATE_LIMITS", "1") != "0"
    else {}
)

ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one user from one address lock that pair out for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "locked_out.html"
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# The visitors' pages, each language named in itself for the switcher. A page's
# language comes from its address (/es/…; English has no prefix), else the switcher's
# cookie, else the browser's Accept-Language, else English (SiteLocaleMiddleware).
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The switcher's choice is kept for a year, like any other setting a visitor makes.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if DEBUG:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

# Security headers. Behind a proxy (deploy/nginx.conf.template), set DJANGO_BEHIND_PROXY=1
# so Django trusts its X-Forwarded-Proto and X-Real-IP; DJANGO_HTTPS=0 serves plain HTTP
# (make serve).
HTTPS = not DEBUG and os.environ.get("DJANGO_HTTPS", "1") == "1"
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
CSRF_COOKIE_HTTPONLY = True
# Behind the proxy, it also gives the visitor's address (troubleshooter.limits).
BEHIND_PROXY = os.environ.get("DJANGO_BEHIND_PROXY") == "1"
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # The visitor's address is the proxy's X-Real-IP (helpdesk/middleware.py).
    MIDDLEWARE.insert(0, "helpdesk.middleware.client_address_from_proxy")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# django-permissions-policy: no page here uses any of these, so none may.
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer", "camera", "geolocation", "gyroscope", "magnetometer", "microphone",
        "payment", "usb", "interest-cohort",
    ]
}  # fmt: skip

# No inline script or style anywhere: htmx is configured (base.html) to add none.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        # Our own one line per request replaces the development server's.
        "django.server": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
