"""Settings for the portal, read from environment variables.

Every variable is documented in docs/deploy.md. Values are parsed strictly: a typo in a boolean or a
URL stops the start-up with a message instead of silently falling back to a default.
"""

import os
import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}."
    )


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}.") from None


def parse_email_url(url):
    """Turn EMAIL_URL (smtp://user:pass@host:587?tls=1, smtps://..., console:, locmem:, dummy:)
    into the MAILERS entry of Django's default mailer."""
    parts = urlsplit(url)
    backends = {
        "smtp": "django.core.mail.backends.smtp.EmailBackend",
        "smtps": "django.core.mail.backends.smtp.EmailBackend",
        "console": "django.core.mail.backends.console.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "dummy": "django.core.mail.backends.dummy.EmailBackend",
    }
    if parts.scheme not in backends:
        raise ImproperlyConfigured(
            f"EMAIL_URL scheme must be one of {', '.join(sorted(backends))}; got {parts.scheme!r}."
        )
    mailer = {"BACKEND": backends[parts.scheme]}
    if parts.scheme.startswith("smtp"):
        query = parse_qs(parts.query)
        mailer["OPTIONS"] = {
            "host": parts.hostname or "localhost",
            "port": parts.port or (465 if parts.scheme == "smtps" else 25),
            "username": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
            "use_ssl": parts.scheme == "smtps",
            "use_tls": query.get("tls", ["0"])[0].lower() in _TRUE,
            "timeout": 30,
        }
    return mailer


def parse_cache_url(url):
    """Turn CACHE_URL (memcached://host:port, or several servers: memcached://a:11211,b:11211)
    into the default cache: memcached through pymemcache, shared by every process."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # unbalanced brackets
        parts = urlsplit("")
    extra = parts.path not in ("", "/") or parts.query or parts.fragment
    if parts.scheme != "memcached" or not parts.netloc or extra:
        raise ImproperlyConfigured(
            "CACHE_URL must be memcached://host:port (several servers separated by commas); "
            f"got {url!r}."
        )
    servers = []
    for server in parts.netloc.split(","):
        # A host name or an IPv4 address, or an IPv6 one in brackets ([::1]:11211), and a port.
        match = re.fullmatch(r"([^:\[\]]+|\[[0-9a-fA-F:.]+\]):([0-9]{1,5})", server.strip())
        if not match or not 0 < int(match[2]) < 65536:
            raise ImproperlyConfigured(
                f"CACHE_URL: each memcached server must be host:port; got {server.strip()!r}."
            )
        servers.append(f"{match[1]}:{int(match[2])}")
    return {
        "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
        "LOCATION": servers,
        # Several portals (production, staging) may share one memcached.
        "KEY_PREFIX": "portal",
        "OPTIONS": {
            # An unreachable memcached reads as an empty cache instead of raising (a 500):
            # what the rate limits then do is RATELIMIT_FAIL_OPEN's choice. On a local network
            # memcached answers in a millisecond; half a second is already an outage, and a dead
            # server is then left alone for a minute (pymemcache's dead_timeout) instead of
            # being waited for by every request.
            "ignore_exc": True,
            "connect_timeout": 0.5,
            "timeout": 0.5,
            "no_delay": True,
        },
    }


_RATE = re.compile(r"[1-9][0-9]*/([1-9][0-9]*)?[smhd]")


def env_rate(name, default):
    """A rate such as 5/h, 300/m or 20/15m: requests per second, minute, hour or day (or per
    that many of them), as django-ratelimit reads it."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    if not _RATE.fullmatch(raw.strip()):
        raise ImproperlyConfigured(
            f"{name} must be a rate such as 5/h, 300/m or 20/15m (a number of requests per "
            f"s, m, h or d); got {raw!r}."
        )
    return raw.strip()


DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it to a long random string "
            '(python -c "import secrets; print(secrets.token_urlsafe(50))"), '
            "or set DEBUG=1 on a development machine."
        )
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The layers, bottom up (docs/architecture.md; import-linter keeps them): portal, the base;
# partnerships and trainees, the domain; dashboards and pages on top. devtools (demo data, bulk
# seeding, benchmarks) only where DEBUG or DEVTOOLS asks.
INSTALLED_APPS = [
    "portal",
    "partnerships",
    "trainees",
    "dashboards",
    "pages",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "axes",
    "django_tasks_db",
    "django_ratelimit",
]
if DEBUG or env_bool("DEVTOOLS"):
    INSTALLED_APPS.append("devtools")

MIDDLEWARE = [
    # Outermost: every answer to a signed-in user is private and never stored, those made by
    # the middleware below (400s, redirects) included.
    "portal.middleware.PrivateResponsesMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before CSRF, authentication and the views: nothing downstream sees a NUL byte or a control
    # character in the URL (answered 400, with the security headers above).
    "portal.middleware.RefuseMalformedRequestsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: a signed-in user's saved language sends `/` to their language.
    "portal.middleware.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it reads the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: PostgreSQL, the one engine, for `make run`, the tests and production alike (a second
# engine once hid a broken export). Unset with DEBUG: the database `make run` keeps in .postgres/
# (scripts/with-postgres.sh, port 55432), for a command typed by hand beside it.
LOCAL_DATABASE_URL = "postgresql://postgres@127.0.0.1:55432/portal"
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip() or (LOCAL_DATABASE_URL if DEBUG else "")
if not DATABASE_URL:
    raise ImproperlyConfigured(
        "DATABASE_URL is not set. Set it to the PostgreSQL database, e.g. "
        "postgresql://portal:password@db.example.go.id:5432/portal, or set DEBUG=1 on a "
        "development machine (make run starts a local PostgreSQL)."
    )
if not DATABASE_URL.startswith(("postgres://", "postgresql://")):
    raise ImproperlyConfigured(
        "DATABASE_URL must start with postgresql://: PostgreSQL is the portal's one database "
        f"engine (its triggers, sequences and full-text search); got "
        f"{DATABASE_URL.split(':', 1)[0]!r}."
    )
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=env_int("CONN_MAX_AGE", 60), conn_health_checks=True
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out address is refused before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "pages:workspace"
LOGOUT_REDIRECT_URL = "pages:home"

# Login throttling (django-axes): five failures for one username, whatever the address, lock that
# username for an hour; five failures from one address, whatever the username, lock the address.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Who the client is, for the lockouts and the rate limits alike (RATELIMIT_IP_META_KEY asks
# axes): behind a proxy, the address the proxy put last in X-Forwarded-For, else REMOTE_ADDR
# (portal/ratelimits.py, client_address; see docs/deploy.md). axes reads its AXES_IPWARE_*
# settings only when django-ipware is installed, which the portal does without: without this
# callable axes would see every client as the proxy.
BEHIND_PROXY = env_bool("BEHIND_PROXY")
AXES_CLIENT_IP_CALLABLE = "portal.ratelimits.client_address"

# The cache: memcached, one for every process on every web machine, so that a client is counted
# once wherever its requests land (a cache per process would let each gunicorn worker of each
# machine grant the full rate again). docs/deploy.md.
CACHE_URL = os.environ.get("CACHE_URL", "").strip()
if not CACHE_URL:
    if not DEBUG:
        raise ImproperlyConfigured(
            "CACHE_URL is not set. Set it to the memcached server that every web machine "
            "shares, e.g. memcached://10.0.0.5:11211 (several: memcached://a:11211,b:11211), "
            "or set DEBUG=1 on a development machine (which uses 127.0.0.1:11211)."
        )
    CACHE_URL = "memcached://127.0.0.1:11211"
CACHES = {"default": parse_cache_url(CACHE_URL)}

# Rate limits (django-ratelimit, counted in that cache; portal/ratelimits.py applies them and
# answers 429 with Retry-After). Each is a rate such as 5/h; the "client" is the address above,
# and a school's whole network often shares one, so the per-client rates leave room for a
# classroom.
RATELIMIT_USE_CACHE = "default"
RATELIMIT_IP_META_KEY = "portal.ratelimits.client_ip"
# When memcached is down the limits let requests through (and log a warning) rather than refuse
# everyone: refusing would turn a cache outage, or an attack that knocks the cache over, into
# an outage of password resets, the pickers of every form and the reports for the whole
# country. Meanwhile the proxy's own limits (docs/deploy.md), axes' lockouts (kept in
# PostgreSQL) and the cost of each request still stand.
RATELIMIT_FAIL_OPEN = True
# Password reset links asked for one address: a person who mistyped or did not get the mail
# asks again two or three times; more is someone filling a stranger's inbox.
RATE_PASSWORD_RESET_PER_EMAIL = env_rate("RATE_PASSWORD_RESET_PER_EMAIL", "5/h")
# ...and from one client, whatever the address: a school office resetting its staff's
# accounts, not a script trying every address it knows.
RATE_PASSWORD_RESET_PER_CLIENT = env_rate("RATE_PASSWORD_RESET_PER_CLIENT", "20/h")
# The search-as-you-type pickers ask once per pause in typing (200 ms): a person sends a few
# dozen a minute at most; 300 leaves room for a classroom behind one address and stops a script
# walking the registry faster than 5 a second.
RATE_LOOKUPS_PER_CLIENT = env_rate("RATE_LOOKUPS_PER_CLIENT", "300/m")
# Dashboard downloads (CSV, Excel, PDF; a national PDF costs about 2 s of CPU): an official
# takes a handful per province and format, a school a few; 60 an hour is more than a person
# clicks, and caps one client at 2 minutes of CPU an hour.
RATE_REPORTS_PER_CLIENT = env_rate("RATE_REPORTS_PER_CLIENT", "60/h")

# Internationalisation: Indonesian without a URL prefix, English under /en/.
LANGUAGE_CODE = "id"
LANGUAGES = [
    ("id", _("Indonesian")),
    ("en", _("English")),
    ("ja", _("Japanese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates and numbers in each language's own format (portal/formats/ refines Django's).
FORMAT_MODULE_PATH = ["portal.formats"]
USE_I18N = True
TIME_ZONE = "Asia/Jakarta"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
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

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Django's tasks framework. "database" (django-tasks-db) stores each task as a row in the
# portal's own database, in the enqueuing transaction, and `manage.py db_worker` runs it outside
# the request; "immediate" runs it inside the request that enqueues it (the tests). Both refuse
# a task argument that is not an id or a short code (portal/task_backends.py).
TASKS_BACKENDS = {
    "database": "portal.task_backends.DatabaseBackend",
    "immediate": "portal.task_backends.ImmediateBackend",
}
_tasks_backend = os.environ.get("TASKS_BACKEND", "database").strip().lower()
if _tasks_backend not in TASKS_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be one of {', '.join(TASKS_BACKENDS)}; "
        f"got {os.environ['TASKS_BACKEND']!r}."
    )
TASKS = {"default": {"BACKEND": TASKS_BACKENDS[_tasks_backend]}}

MAILERS = {"default": parse_email_url(os.environ.get("EMAIL_URL", "console:"))}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "portal@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Admin", address) for address in env_list("ADMINS")]
# The portal's address as its users reach it, for links in mail sent outside a request (the
# expiry reminders of the task worker).
# Who runs the portal and whom to ask: shown on the About, privacy and contact pages.
PORTAL_OPERATOR = os.environ.get("PORTAL_OPERATOR", "Tim Portal Kemitraan Sekolah–Industri")
PORTAL_CONTACT_EMAIL = os.environ.get("PORTAL_CONTACT_EMAIL", DEFAULT_FROM_EMAIL)
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000").strip().rstrip("/")
_base_url = urlsplit(PORTAL_BASE_URL)
if _base_url.scheme not in ("http", "https") or not _base_url.netloc:
    raise ImproperlyConfigured(
        f"PORTAL_BASE_URL must be an http:// or https:// address; got {PORTAL_BASE_URL!r}."
    )

# Security headers. Every script and stylesheet is served from this origin: no inline code.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# HTTPS only in production: Django redirects plain HTTP (behind a proxy, set BEHIND_PROXY so that
# it sees the original scheme) and browsers are told to use HTTPS for a year (HSTS).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
# Sessions end when the browser closes and, at the latest, after a working day: school
# computers are shared.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Error reports (emails to ADMINS) carry no form data and no local variables: a trainee's
# personal data must not leave the database that way.
DEFAULT_EXCEPTION_REPORTER_FILTER = "portal.logging.PersonalDataReporterFilter"
if env_bool("BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Logs go to stderr. They carry request paths and errors, never form data: trainees' personal
# data must not reach a log.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint narrates each step of every PDF the worker makes at INFO.
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
