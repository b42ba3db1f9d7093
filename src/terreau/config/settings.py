"""Settings, driven by the environment (see README: Configuration)."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from terreau.config.data_dir import data_dir, secret_key

PACKAGE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = PACKAGE_DIR.parent.parent

DATA_DIR = data_dir()


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


SECRET_KEY = secret_key()
DEBUG = env_bool("TERREAU_DEBUG", False)
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "csp",
    "ninja",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "terreau.core",
    "terreau.accounts",
    "terreau.territories",
    "terreau.actors",
    "terreau.diagnosis",
    "terreau.cooperations",
    "terreau.network",
    "terreau.economy",
    "terreau.observatory",
    "terreau.offers",
    "terreau.maturity",
    "terreau.monographs",
    "terreau.evaluation",
    "terreau.catalysts",
    "terreau.connectors",
    "terreau.workspace",
    "terreau.dashboard",
    "terreau.api",
]

MIDDLEWARE = [
    # First, so that every error under /api/ is JSON, whichever layer answers it.
    "terreau.api.errors.JsonErrorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything that reads the database: GET requests may read from the replica.
    "terreau.core.replica.ReplicaMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "terreau.core.middleware.FrenchFirstLocaleMiddleware",
    "terreau.core.middleware.RefuseNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Redirects /territoires/EPCI:…/ to /territoires/epci:…/ (every territory page family).
    "terreau.territories.middleware.CanonicalRefMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "terreau.core.middleware.DatabaseBusyMiddleware",
    # Last, as django-axes asks: turns a locked-out login into our lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "terreau.config.urls"
WSGI_APPLICATION = "terreau.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "terreau.core.context_processors.terreau",
                "terreau.offers.context_processors.notifications",
            ],
        },
    }
]

SQLITE_PATH = DATA_DIR / "terreau.sqlite3"
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{SQLITE_PATH}", conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0"))
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Without a busy timeout and IMMEDIATE transactions, concurrent writers get
    # "database is locked" errors. A request still waiting after the timeout gets the "busy" page
    # (core.middleware.DatabaseBusyMiddleware, 503).
    DATABASES["default"]["OPTIONS"] = {
        "timeout": float(os.environ.get("TERREAU_SQLITE_TIMEOUT", "20")),
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
# A read replica (PostgreSQL streaming replication): the pages and exports of GET requests read
# from it, writes, jobs and the command line use the primary (core/replica.py). A visitor who
# wrote reads from the primary for TERREAU_REPLICA_PIN_SECONDS, so as to see their own change.
if replica_url := os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        replica_url, conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0"))
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["terreau.core.replica.ReplicaRouter"]
TERREAU_REPLICA_PIN_SECONDS = int(os.environ.get("TERREAU_REPLICA_PIN_SECONDS", "10"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes watches every authentication (login page, admin) and refuses a locked one before
# the password is checked; it needs the request, which client.force_login does not use.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workspace:home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"  # filled by `terreau manage collectstatic` for production
# Files not yet collected are served from the apps, so `make demo` works without collectstatic.
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = DATA_DIR / "media"
# Photos and documents attached to journal stories: outside every URL, served only by a view that
# checks the cooperation's permissions (cooperations/attachments.py).
TERREAU_ATTACHMENTS_DIR = Path(
    os.environ.get("TERREAU_ATTACHMENTS_DIR", DATA_DIR / "attachments")
).resolve()
TERREAU_ATTACHMENT_MAX_BYTES = int(os.environ.get("TERREAU_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))
# Limits of imports (docs/data-formats.md, "Limits of imports"): the size of a file sent through
# the web, and the data rows of a spreadsheet (SIRENE and RNA registers are exempt from the rows).
TERREAU_IMPORT_MAX_BYTES = int(os.environ.get("TERREAU_IMPORT_MAX_BYTES", 50 * 1024 * 1024))
TERREAU_IMPORT_MAX_ROWS = int(os.environ.get("TERREAU_IMPORT_MAX_ROWS", 200_000))
# ZIP containers (core/archives.py: zip bombs): what an attached ODT or DOCX, and an imported XLSX
# workbook, may expand to in all, and how many times its compressed size one part may expand.
TERREAU_ZIP_MAX_BYTES = int(os.environ.get("TERREAU_ZIP_MAX_BYTES", 50 * 1024 * 1024))
TERREAU_IMPORT_ZIP_MAX_BYTES = int(
    os.environ.get("TERREAU_IMPORT_ZIP_MAX_BYTES", 500 * 1024 * 1024)
)
TERREAU_ZIP_MAX_RATIO = int(os.environ.get("TERREAU_ZIP_MAX_RATIO", 100))

# Where `terreau geo load` finds @etalab/decoupage-administratif (installed by npm).
TERREAU_GEO_PACKAGE_DIR = Path(
    os.environ.get(
        "TERREAU_GEO_PACKAGE_DIR", PROJECT_DIR / "node_modules/@etalab/decoupage-administratif"
    )
)
# Optional background map tiles (e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png).
# Empty by default: maps draw commune points on a blank background and need no external server.
TERREAU_TILE_URL = os.environ.get("TERREAU_TILE_URL", "")
TERREAU_TILE_ATTRIBUTION = os.environ.get("TERREAU_TILE_ATTRIBUTION", "")

# Mail (maturity invitations, offer notifications): printed on the server's console unless
# EMAIL_HOST names an SMTP server (or EMAIL_BACKEND names another backend).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "terreau@localhost")
# How people reach the platform's administrators (who grant permissions, such as importing
# actors): comma-separated e-mail addresses, web addresses or phone numbers, listed on the page
# that tells someone a permission is missing.
TERREAU_ADMIN_CONTACTS = [
    c.strip() for c in os.environ.get("TERREAU_ADMIN_CONTACTS", "").split(",") if c.strip()
]
# Who runs this installation, for the legal notice (mentions légales) and the accessibility
# statement linked from every page's footer (docs/deployment.md, "Mentions légales et
# accessibilité"). Empty values are shown as "to be completed by the operator".
TERREAU_OPERATOR_NAME = os.environ.get("TERREAU_OPERATOR_NAME", "")
TERREAU_OPERATOR_ADDRESS = os.environ.get("TERREAU_OPERATOR_ADDRESS", "")
TERREAU_PUBLICATION_DIRECTOR = os.environ.get("TERREAU_PUBLICATION_DIRECTOR", "")
TERREAU_HOSTING_PROVIDER = os.environ.get("TERREAU_HOSTING_PROVIDER", "")
# Where to report an accessibility problem (an address, a web form); TERREAU_ADMIN_CONTACTS
# when empty.
TERREAU_ACCESSIBILITY_CONTACT = os.environ.get("TERREAU_ACCESSIBILITY_CONTACT", "")
# The address of the site, for links in emails.
TERREAU_SITE_URL = os.environ.get("TERREAU_SITE_URL", "http://127.0.0.1:8000")
# A cooperation document imported from the web with more items than this (actors, members,
# blocks, relations, journal entries) is imported in the background, with a progress page,
# instead of within the request (docs/data-formats.md).
TERREAU_COOPERATION_IMPORT_INLINE_ITEMS = int(
    os.environ.get("TERREAU_COOPERATION_IMPORT_INLINE_ITEMS", "1000")
)

# Accounts (docs/deployment.md, "Sécurité", "Comptes").
# Login throttling: TERREAU_LOGIN_FAILURE_LIMIT failed logins for one username, or from one
# address, lock it for TERREAU_LOGIN_COOLOFF_MINUTES after the last failure.
AXES_FAILURE_LIMIT = int(os.environ.get("TERREAU_LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("TERREAU_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# A refused attempt during the lock does not prolong it, so the page can say when it ends. A
# success does not wipe the counts: it would wipe those of the address, for every username.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "terreau.accounts.throttling.lockout_response"
AXES_CLIENT_IP_CALLABLE = "terreau.accounts.throttling.client_ip"
AXES_VERBOSE = False
# Only failures are kept (for the counts); a log of every successful login, with its address,
# would be personal data Terreau has no use for.
AXES_DISABLE_ACCESS_LOG = True
# The number of reverse proxies in front of Terreau that append the address they see to
# X-Forwarded-For; 0: the connecting address is the client's and X-Forwarded-For is ignored.
TERREAU_TRUSTED_PROXY_COUNT = int(os.environ.get("TERREAU_TRUSTED_PROXY_COUNT", "0"))
# Signup: open to anyone, closed (administrators create accounts), or by invitation (an
# administrator creates an invitation in the admin and sends its link).
TERREAU_SIGNUP = os.environ.get("TERREAU_SIGNUP", "open").strip().lower()
if TERREAU_SIGNUP not in {"open", "closed", "invitation"}:
    raise ImproperlyConfigured("TERREAU_SIGNUP must be open, closed or invitation.")
# A new account stays inactive until its owner follows the link mailed to its address.
TERREAU_SIGNUP_VERIFY_EMAIL = env_bool("TERREAU_SIGNUP_VERIFY_EMAIL", False)
SESSION_COOKIE_AGE = int(float(os.environ.get("TERREAU_SESSION_AGE_DAYS", "14")) * 24 * 3600)
# Password reset and e-mail confirmation links stay valid this long (Django's setting).
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600
# Heavy work bounded (docs/deployment.md, "Travaux lourds bornés").
# The cache is shared by every server process: the rate limits of heavy work count there
# (core/throttling.py), and a per-process cache (LocMemCache) would let each process count on its
# own. The database cache needs its table, created by `terreau manage migrate` (core/apps.py);
# a Redis or Memcached server can replace it (TERREAU_CACHE_BACKEND, TERREAU_CACHE_LOCATION).
CACHES = {
    "default": {
        "BACKEND": os.environ.get(
            "TERREAU_CACHE_BACKEND", "django.core.cache.backends.db.DatabaseCache"
        ),
        "LOCATION": os.environ.get("TERREAU_CACHE_LOCATION", "terreau_cache"),
    }
}
# django-ratelimit prefers Redis or Memcached, whose increments are atomic: with the database
# cache, two requests at the same instant may count once, which a limit of dozens per hour bears.
# (Its app, with the system check saying so, is not installed: only `get_usage` is used.)
# Behind a reverse proxy every request comes from the proxy's address: name the header in which
# the proxy puts the visitor's address (e.g. HTTP_X_REAL_IP), or anonymous visitors share a limit
# (read by core/throttling.visitor_key).
RATELIMIT_IP_META_KEY = os.environ.get("TERREAU_CLIENT_IP_HEADER", "")
# PDFs and full exports per hour (or /m, /d), per address for anonymous visitors, per account.
TERREAU_HEAVY_RATE_ANONYMOUS = os.environ.get("TERREAU_HEAVY_RATE_ANONYMOUS", "20/h")
TERREAU_HEAVY_RATE_USER = os.environ.get("TERREAU_HEAVY_RATE_USER", "200/h")
# Printed PDFs (core/pdf.py): the cache directory and its size cap, the Chromium processes at
# once on the machine, how long a request waits for one, the Retry-After of the 503 page.
TERREAU_PDF_CACHE_DIR = Path(os.environ.get("TERREAU_PDF_CACHE_DIR", DATA_DIR / "cache" / "pdf"))
TERREAU_PDF_CACHE_MAX_BYTES = int(os.environ.get("TERREAU_PDF_CACHE_MAX_BYTES", 200 * 1024 * 1024))
TERREAU_PDF_MAX_CONCURRENT = int(os.environ.get("TERREAU_PDF_MAX_CONCURRENT", 2))
TERREAU_PDF_WAIT_SECONDS = float(os.environ.get("TERREAU_PDF_WAIT_SECONDS", 10))
TERREAU_PDF_RETRY_AFTER = int(os.environ.get("TERREAU_PDF_RETRY_AFTER", 30))
# Background jobs (core/jobs.py): a task queue in the database (django-tasks with django-tasks-db),
# run by `terreau jobs worker` beside the web server. A running job writes its heartbeat every
# TERREAU_JOB_HEARTBEAT_SECONDS; one silent for TERREAU_JOB_DEAD_AFTER_SECONDS is shown as
# interrupted (its worker died) and may be relaunched.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
TERREAU_JOB_HEARTBEAT_SECONDS = float(os.environ.get("TERREAU_JOB_HEARTBEAT_SECONDS", "10"))
TERREAU_JOB_DEAD_AFTER_SECONDS = float(os.environ.get("TERREAU_JOB_DEAD_AFTER_SECONDS", "300"))
# Files uploaded for an import are deleted this many days after their job finished
# (`terreau jobs clean-uploads`, run daily).
TERREAU_UPLOAD_RETENTION_DAYS = int(os.environ.get("TERREAU_UPLOAD_RETENTION_DAYS", "30"))
# Partner suggestions of a cooperation whose territory counts at least this many communes are
# computed by a background job and kept (cooperations/suggestions.py); below, by the page.
TERREAU_SUGGESTIONS_CACHE_MIN_COMMUNES = int(
    os.environ.get("TERREAU_SUGGESTIONS_CACHE_MIN_COMMUNES", "1000")
)
# `terreau jobs prune` deletes kept results superseded by newer data, PDF jobs and the queue's
# records of finished tasks older than this many days.
TERREAU_CACHE_RETENTION_DAYS = int(os.environ.get("TERREAU_CACHE_RETENTION_DAYS", "30"))
# A directory export in a format that cannot stream (XLSX) of more actors than this is written by
# a background job, downloaded from "Mes travaux" (logged-in people only); smaller ones are sent
# at once. CSV, JSON and GeoJSON always stream.
TERREAU_EXPORT_DIRECT_MAX_ROWS = int(os.environ.get("TERREAU_EXPORT_DIRECT_MAX_ROWS", "2000"))
# Accounts whose e-mail address was never confirmed (TERREAU_SIGNUP_VERIFY_EMAIL) are deleted this
# many days after signup (`terreau accounts clean-unconfirmed`, run daily).
TERREAU_UNCONFIRMED_ACCOUNT_DAYS = int(os.environ.get("TERREAU_UNCONFIRMED_ACCOUNT_DAYS", "7"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# HTTPS and security headers (docs/deployment.md, "HTTPS et en-têtes"). The defaults serve plain
# http://127.0.0.1:8000 (make demo, the browser tests' live server); TERREAU_HTTPS=true, without
# debug, turns on the production values, each of which its own variable can still override.
production_https = env_bool("TERREAU_HTTPS", False) and not DEBUG
if env_bool("TERREAU_BEHIND_TLS_PROXY", False):
    # Only behind a proxy that sets this header on every request (and drops the client's own):
    # otherwise any client could claim to be on HTTPS.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", production_https)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if production_https else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", production_https)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", production_https)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", production_https)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", production_https)
SECURE_CONTENT_TYPE_NOSNIFF = env_bool("SECURE_CONTENT_TYPE_NOSNIFF", True)
SECURE_REFERRER_POLICY = os.environ.get("SECURE_REFERRER_POLICY", "same-origin")
X_FRAME_OPTIONS = os.environ.get("X_FRAME_OPTIONS", "DENY")


def tile_source(url: str) -> list[str]:
    """The origin of the map tiles for img-src: `https://{s}.tile.example.org/{z}/{x}/{y}.png`
    gives `https://*.tile.example.org`."""
    if not url:
        return []
    scheme, _, rest = url.partition("://")
    host = rest.split("/", 1)[0]
    return [f"{scheme}://" + ".".join("*" if "{" in part else part for part in host.split("."))]


# Content-Security-Policy (django-csp): scripts and styles from the site's own files only, no
# inline script or style. A self-contained report page allows its own <style> by hash
# (core/csp.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # data: for the images Leaflet and Swagger UI draw inline.
        "img-src": [SELF, "data:", *tile_source(TERREAU_TILE_URL)],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    }
}


# Connectors to public services (issue 19, src/terreau/connectors/): base URL, rate (requests
# per second, as each service documents it), token, timeout, retries and backoff per source. The
# base URLs can point to a local copy or a test server.
def _connector(key: str, url: str, rate: int) -> dict:
    prefix = "TERREAU_" + key.upper().replace("-", "_")
    return {
        "base_url": os.environ.get(f"{prefix}_URL", url),
        "rate": int(os.environ.get(f"{prefix}_RATE", rate)),
        "token": os.environ.get(f"{prefix}_TOKEN", ""),
        "timeout": float(os.environ.get("TERREAU_CONNECTOR_TIMEOUT", "30")),
        "retries": int(os.environ.get("TERREAU_CONNECTOR_RETRIES", "5")),
        "backoff": float(os.environ.get("TERREAU_CONNECTOR_BACKOFF", "1")),
        "max_wait": float(os.environ.get("TERREAU_CONNECTOR_MAX_WAIT", "60")),
    }


TERREAU_CONNECTORS = {
    "recherche-entreprises": _connector(
        "recherche-entreprises", "https://recherche-entreprises.api.gouv.fr", 7
    ),
    "aides-territoires": _connector(
        "aides-territoires", "https://aides-territoires.beta.gouv.fr/api", 5
    ),
    "data-inclusion": _connector("data-inclusion", "https://api.data.inclusion.gouv.fr/api/v0", 5),
}

# Open data (issue 20): the licence every open-data export states, with the date of its data.
TERREAU_OPEN_DATA_LICENCE = os.environ.get(
    "TERREAU_OPEN_DATA_LICENCE", "Licence Ouverte / Open Licence version 2.0"
)
TERREAU_OPEN_DATA_LICENCE_URL = os.environ.get(
    "TERREAU_OPEN_DATA_LICENCE_URL", "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
)
