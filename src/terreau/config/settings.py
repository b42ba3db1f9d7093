"""Settings, driven by the environment (see README: Configuration)."""

import os
from pathlib import Path

import dj_database_url
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
    "ninja",
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
    "terreau.offers",
    "terreau.maturity",
    "terreau.monographs",
    "terreau.evaluation",
    "terreau.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "terreau.core.middleware.FrenchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "terreau.core.middleware.DatabaseBusyMiddleware",
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

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
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
# The address of the site, for links in emails.
TERREAU_SITE_URL = os.environ.get("TERREAU_SITE_URL", "http://127.0.0.1:8000")
# A cooperation document imported from the web with more items than this (actors, members,
# blocks, relations, journal entries) is imported in the background, with a progress page,
# instead of within the request (docs/data-formats.md).
TERREAU_COOPERATION_IMPORT_INLINE_ITEMS = int(
    os.environ.get("TERREAU_COOPERATION_IMPORT_INLINE_ITEMS", "1000")
)

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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

if not DEBUG:
    SESSION_COOKIE_HTTPONLY = True
    CSRF_COOKIE_HTTPONLY = False
    X_FRAME_OPTIONS = "DENY"
    SECURE_CONTENT_TYPE_NOSNIFF = True
