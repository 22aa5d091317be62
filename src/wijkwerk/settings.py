"""Django settings for Wijkwerk.

Everything comes from environment variables (12-factor) with safe defaults, so that
`pip install -e . && wijkwerk quickstart` works with nothing else installed.
See `.env.example` for the full list.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url

from wijkwerk.core.private_files import private_dir, private_file, private_sqlite_file, write_private_file

BASE_DIR = Path(__file__).resolve().parent


def env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "ja"}


DATA_DIR = Path(env("WIJKWERK_DATA_DIR", "./wijkwerk-data")).expanduser().resolve()
# The data folder (database, secret key, uploads, reports) is private: folders 0700, files 0600
# (core/private_files.py), created so, or tightened when an older version left them readable to others.
private_dir(DATA_DIR)


def _secret_key() -> str:
    key = env("WIJKWERK_SECRET_KEY")
    if key:
        return key
    # Embedded default: a random key kept in the data folder, so sessions survive restarts.
    key_file = DATA_DIR / "secret_key"
    try:
        if key_file.exists():
            private_file(key_file)
            return key_file.read_text().strip()
        private_dir(DATA_DIR)
        key = secrets.token_urlsafe(50)
        write_private_file(key_file, key)  # 0600 from the first moment
        return key
    except OSError:
        return secrets.token_urlsafe(50)


SECRET_KEY = _secret_key()
DEBUG = env_bool("WIJKWERK_DEBUG", False)
ALLOWED_HOSTS = [h.strip() for h in env("WIJKWERK_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in (env("WIJKWERK_CSRF_TRUSTED_ORIGINS", "") or "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    # Before wijkwerk.core: axes' sign-in signal handlers then run first, so the audit log
    # (core/auth.py) knows whether an attempt was locked out.
    "axes",
    # The second sign-in step (TOTP devices, core/two_factor.py).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "wijkwerk.core",
    "wijkwerk.municipalities",
    "wijkwerk.areas",
    "wijkwerk.assets",
    "wijkwerk.inspections",
    "wijkwerk.planning",
    "wijkwerk.tendering",
    # Work orders, mixed teams and the weekly plan: built on the plan, the schouw and the register.
    "wijkwerk.work",
    "wijkwerk.people",
    "wijkwerk.community",
    # Last: the demo municipality and `wijkwerk quickstart`, built on every app above.
    "wijkwerk.onboarding",
    "wijkwerk.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language: the choice from the header's switch (cookie), else Accept-Language, else Dutch.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Whether the session gave its second-step code (request.user.is_verified()).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wijkwerk.core.middleware.ApiVersionMiddleware",
    # After OTPMiddleware (and inside ApiVersionMiddleware, so its API refusals get the API headers):
    # a session that still owes its second-step code reaches only the second-step pages.
    "wijkwerk.core.middleware.TwoFactorMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page (429).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "wijkwerk.urls"
WSGI_APPLICATION = "wijkwerk.wsgi.application"

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
                "wijkwerk.core.context_processors.wijkwerk",
                "wijkwerk.municipalities.context_processors.gemeenten",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'wijkwerk.sqlite3'}"), conn_max_age=0
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The database file 0600 before Django first opens it (and would create it with the umask).
    private_sqlite_file(DATABASES["default"]["NAME"])
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the in-process background tasks write while pages read.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Dutch is the source language of every text and the default; one catalogue translates it to
# English (locale/en/LC_MESSAGES, docs/adr/0005-translations.md).
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
# Static files are served by WhiteNoise straight from the package (no collectstatic needed);
# set WIJKWERK_STATIC_ROOT to collect them for a separate web server.
STATIC_ROOT = env("WIJKWERK_STATIC_ROOT")
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = DATA_DIR / "media"
# Uploads (media/imports) and reports: private folders; files Django stores for us 0600.
for _folder in (MEDIA_ROOT, MEDIA_ROOT / "imports", DATA_DIR / "reports"):
    private_dir(_folder)
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Files every importer reads (core/files/limits.py), refused before anything parses them: the size
# of a file and of a zip's (or XLSX's) unpacked content, a zip member's compression ratio, the rows.
WIJKWERK_IMPORT_MAX_MB = float(env("WIJKWERK_IMPORT_MAX_MB", "500"))
WIJKWERK_MAX_ZIP_RATIO = float(env("WIJKWERK_MAX_ZIP_RATIO", "100"))
WIJKWERK_IMPORT_MAX_ROWS = int(env("WIJKWERK_IMPORT_MAX_ROWS", "2000000"))
# A file above WIJKWERK_IMPORT_MAX_MB is dropped while it arrives, before it is stored.
FILE_UPLOAD_HANDLERS = [
    "wijkwerk.core.files.uploads.UploadLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Refused rows of an import kept in its error list (CSV); the rest are counted only.
WIJKWERK_MAX_ERROR_ROWS = int(env("WIJKWERK_MAX_ERROR_ROWS", "1000"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("WIJKWERK_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# --- Sign-in protection (django-axes) and API tokens ---------------------------------------------
# After WIJKWERK_LOGIN_FAILURE_LIMIT (10) wrong passwords for one username within
# WIJKWERK_LOGIN_LOCKOUT_MINUTES (15), that username is locked for 15 minutes: even the right
# password is refused, on the login page and in the admin. What we lock, and why:
# - Per username, from every address: guessing one account's password from many addresses does not
#   help. An attacker can lock the accounts they name (for 15 minutes at a time), but never an address:
#   colleagues behind the same office or proxy address, and everyone else, keep signing in. Locking
#   per address would let one attacker behind a shared address (or behind a reverse proxy, where
#   every request has the proxy's address) lock everyone out.
# - Attempts while locked are refused and not counted: the lock ends 15 minutes after the failure
#   that caused it, however often someone keeps trying.
# - A successful sign-in clears the count of that username.
# Unlock at once: `wijkwerk axes_reset_username <name>` (one account) or `wijkwerk axes_reset` (all).
# The attempts live in the database (works on SQLite and PostgreSQL, shared by every web process).
# Signing in, failed attempts and lockouts are written to the audit log (core/auth.py); axes' own
# log of successful sign-ins is off, so personal data is kept in one place.
WIJKWERK_LOGIN_FAILURE_LIMIT = int(env("WIJKWERK_LOGIN_FAILURE_LIMIT", "10"))
WIJKWERK_LOGIN_LOCKOUT_MINUTES = int(env("WIJKWERK_LOGIN_LOCKOUT_MINUTES", "15"))
AUTHENTICATION_BACKENDS = [
    "wijkwerk.core.auth.LockoutBackend",  # refuses a locked username before the password is checked
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = True
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = WIJKWERK_LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=WIJKWERK_LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username"]
# Axes warns when the address is not a lockout parameter (axes.W006): deliberate, see above. The
# warning is about bypassing the lock by rotating browsers or cookies, which a per-username lock
# does not care about.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "wijkwerk.core.auth.lockout_response"  # templates/registration/lockout.html, 429
AXES_DISABLE_ACCESS_LOG = True
# Axes keeps the form data of a failed attempt: the second-step code ("code") is masked there too.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code"]
AXES_VERBOSE = False
# The client's address (audit log, the API token throttle below): the connection's (REMOTE_ADDR),
# or behind WIJKWERK_PROXY_COUNT reverse proxies that entry of X-Forwarded-For counted from the
# right (the ones the proxies added; what the client itself sends there is never trusted).
WIJKWERK_PROXY_COUNT = int(env("WIJKWERK_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "wijkwerk.core.auth.client_ip"

# The second sign-in step (core/two_factor.py): users with a membership in one of these roles (any
# gemeente) give a code from an authenticator app (TOTP) after their password, and their API tokens work
# only once they have set the app up. They are the roles that hold participants' personal data.
# Comma-separated role names. Lost phone: `wijkwerk reset-two-factor --user NAME`.
WIJKWERK_TWO_FACTOR_ROLES = tuple(
    r.strip() for r in (env("WIJKWERK_TWO_FACTOR_ROLES", "jobcoach,fg") or "").split(",") if r.strip()
)
OTP_TOTP_ISSUER = env("WIJKWERK_TWO_FACTOR_ISSUER", "Wijkwerk")  # the name the app shows
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin never shows a device's key or QR code
OTP_TOTP_THROTTLE_FACTOR = 1  # after n wrong codes in a row, the next is checked only after 2^(n-1) s

# API tokens (core/tokens.py): only a SHA-256 hash of each key is stored. A new token is valid for
# WIJKWERK_API_TOKEN_DAYS days unless `wijkwerk create-api-token --days N` says otherwise. After
# WIJKWERK_API_TOKEN_FAILURE_LIMIT wrong tokens from one address within
# WIJKWERK_API_TOKEN_FAILURE_MINUTES, that address gets 429 for every token until the window passes
# (per address, not per account: a wrong token names no account). Behind a reverse proxy set
# WIJKWERK_PROXY_COUNT, or every client shares the proxy's address.
WIJKWERK_API_TOKEN_DAYS = int(env("WIJKWERK_API_TOKEN_DAYS", "365"))
WIJKWERK_API_TOKEN_FAILURE_LIMIT = int(env("WIJKWERK_API_TOKEN_FAILURE_LIMIT", "10"))
WIJKWERK_API_TOKEN_FAILURE_MINUTES = int(env("WIJKWERK_API_TOKEN_FAILURE_MINUTES", "15"))

# Base map for every map page: an XYZ tile URL template and its attribution.
WIJKWERK_TILE_URL = env(
    "WIJKWERK_TILE_URL",
    "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png",
)
WIJKWERK_TILE_ATTRIBUTION = env(
    "WIJKWERK_TILE_ATTRIBUTION", 'Kaartgegevens &copy; <a href="https://www.kadaster.nl">Kadaster</a>'
)

# Cache (task progress, ...): local memory by default; Redis in production (WIJKWERK_CACHE_URL).
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env("WIJKWERK_CACHE_URL")}
        if env("WIJKWERK_CACHE_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "wijkwerk"}
    )
}

# Long work: Celery with a broker in production; in-process threads in the embedded default.
CELERY_BROKER_URL = env("WIJKWERK_CELERY_BROKER_URL")
WIJKWERK_TASKS_INLINE = env_bool("WIJKWERK_TASKS_INLINE", False)
CELERY_TASK_ALWAYS_EAGER = False

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "wijkwerk.core.tokens.ApiTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "wijkwerk.core.api.problem_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
API_VERSION = "1.0.0"
SPECTACULAR_SETTINGS = {
    "TITLE": "Wijkwerk API",
    "DESCRIPTION": "Assetregister, gebieden en gemeenten van Wijkwerk.",
    "VERSION": API_VERSION,
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
}

# Participants (people app): their personal data is anonymised this many days after outflow
# (`wijkwerk apply-retention`); an outflow to a regular job "lasted" when it held this many months.
WIJKWERK_PARTICIPANT_RETENTION_DAYS = int(env("WIJKWERK_PARTICIPANT_RETENTION_DAYS", "730"))
WIJKWERK_OUTFLOW_LASTING_MONTHS = int(env("WIJKWERK_OUTFLOW_LASTING_MONTHS", "6"))
# Aggregates about participants (social return per target group): a group of fewer persons than this
# shows neither its count nor its amount, except to the job coaches of its persons; totals stay.
WIJKWERK_SUPPRESSION_THRESHOLD = int(env("WIJKWERK_SUPPRESSION_THRESHOLD", "5"))
# Reports (meldingen) by residents: the reporter may reopen a handled report within this many days;
# the reporter's contact details are cleared this many days after the report was closed.
WIJKWERK_REPORT_REOPEN_DAYS = int(env("WIJKWERK_REPORT_REOPEN_DAYS", "14"))
WIJKWERK_REPORT_CONTACT_RETENTION_DAYS = int(env("WIJKWERK_REPORT_CONTACT_RETENTION_DAYS", "365"))

# Residents: Open311 POSTs per API key (or address) per minute; public forms (reports, initiatives,
# consultations, buurtkracht) per address.
WIJKWERK_OPEN311_POSTS_PER_MINUTE = int(env("WIJKWERK_OPEN311_POSTS_PER_MINUTE", "60"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("WIJKWERK_LOG_LEVEL", "WARNING")},
}
