"""Settings for the VPP Governance Portal, read from the environment.

With nothing set the portal runs on one machine: SQLite under ``var/``, e-mail printed to the
console, Celery tasks executed in-process. ``VPP_PRODUCTION=true`` switches to deployment mode,
which refuses to start without a real ``SECRET_KEY``, ``ALLOWED_HOSTS`` and ``DATABASE_URL``.
Every variable is listed in ``.env.example`` and the README.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(str(BASE_DIR / ".env"))

PRODUCTION = env.bool("VPP_PRODUCTION", default=False)
DEBUG = env.bool("DEBUG", default=not PRODUCTION)

DEVELOPMENT_SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105 — never in production (checked below)

if PRODUCTION:
    missing = [
        name
        for name in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "MFA_ENCRYPTION_KEY")
        if not env.str(name, "")
    ]
    if env.str("SECRET_KEY", "") == DEVELOPMENT_SECRET_KEY:
        missing.append("SECRET_KEY (the development key is not a real key)")
    if missing:
        raise ImproperlyConfigured(
            "VPP_PRODUCTION is on but these settings are missing: " + ", ".join(missing)
        )

SECRET_KEY = env.str("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "axes",
    "simple_history",
    "crispy_forms",
    "crispy_forms_gds",
    "django_htmx",
    "csp",
    "django_tables2",
    "django_filters",
    "vpp_portal",
    "accounts",
    "sharing",
    "ropa",
    "governance",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "vpp_portal.headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Signed-in sessions: idle and absolute time limits, then two-factor set-up for the roles
    # that must have it (both in accounts/middleware.py).
    "accounts.middleware.SessionTimeoutMiddleware",
    "accounts.middleware.MFARequiredMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Axes goes last so that it sees the outcome of every login attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "vpp_portal.urls"
WSGI_APPLICATION = "vpp_portal.wsgi.application"

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
                "governance.context_processors.portal",
            ],
        },
    },
]

if not env.str("DATABASE_URL", ""):
    VAR_DIR.mkdir(exist_ok=True)  # the default SQLite database lives here
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'vpp_portal.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Permissions come from the role only: a superuser gets no more (accounts.backends).
    "accounts.backends.RoleBackend",
    "accounts.backends.RoleAuthenticationBackend",
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
# Argon2 (argon2-cffi; Django's hasher with OWASP's cost, see accounts/hashers.py) for new and
# changed passwords; a PBKDF2 hash from before still verifies and is re-hashed with Argon2 at
# the user's next sign-in.
PASSWORD_HASHERS = [
    "accounts.hashers.PortalArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: e-mail login only, no self sign-up (accounts are issued by the admin).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "accounts.adapters.PortalAccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
# The reset page answers every address alike; the e-mail goes after the response and only to an
# existing account (accounts.password_reset), never a "no account, sign up" message.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_FORMS = {"reset_password": "accounts.password_reset.PortalResetPasswordForm"}
# Changing e-mail, password or two-factor settings needs the password (or a code) again if the
# last one was given more than ACCOUNT_REAUTHENTICATION_TIMEOUT (5 minutes) ago.
ACCOUNT_REAUTHENTICATION_REQUIRED = True

# Two-factor authentication (allauth.mfa; required for some roles, see accounts/mfa.py): an
# authenticator app (TOTP) with recovery codes, or a security key or passkey (WebAuthn).
MFA_ADAPTER = "accounts.mfa.PortalMFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = "VPP Governance Portal"
# One 30-second step either side, for phones whose clocks drift.
MFA_TOTP_TOLERANCE = 1
MFA_REAUTHENTICATION_REQUIRED = True
# Passkeys are a second factor here, never a way to sign in without the password.
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_PASSKEY_SIGNUP_ENABLED = False
# Browsers offer WebAuthn on http://localhost and 127.0.0.1; anywhere else it needs HTTPS.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not PRODUCTION
# Encrypts TOTP secrets and recovery-code seeds at rest (Fernet). Any long random string;
# several, comma-separated, to rotate (the first encrypts). Development derives one from
# SECRET_KEY; production refuses to start without it.
MFA_ENCRYPTION_KEY = env.str("MFA_ENCRYPTION_KEY", default="")
# Failed sign-ins are counted by django-axes alone: one lockout, unlockable in the admin.
ACCOUNT_RATE_LIMITS = {"login_failed": None}

# django-axes: lock an account for an hour after five failed logins from the same address.
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"
AXES_USERNAME_CALLABLE = "accounts.adapters.axes_username"
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
AXES_RESET_ON_SUCCESS = True
# How many reverse proxies stand in front of the portal: the client's address is then read that
# many hops back in X-Forwarded-For (for lockouts and security events); 0 trusts REMOTE_ADDR.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "accounts.adapters.client_ip_address"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATE_FORMAT = "d/m/Y"

STATIC_URL = env.str("STATIC_URL", default="/static/")
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_STORAGE",
            default=(
                "whitenoise.storage.CompressedManifestStaticFilesStorage"
                if PRODUCTION
                else "django.contrib.staticfiles.storage.StaticFilesStorage"
            ),
        )
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
# Signed agreements and other restricted files: never under a web root, served by views only.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=VAR_DIR / "private")
# Largest upload accepted for a signed document, in bytes.
SIGNED_DOCUMENT_MAX_BYTES = env.int("SIGNED_DOCUMENT_MAX_BYTES", default=20 * 1024 * 1024)
# Largest ROPA workbook accepted for import, in bytes.
ROPA_IMPORT_MAX_BYTES = env.int("ROPA_IMPORT_MAX_BYTES", default=5 * 1024 * 1024)

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="VPP Governance Portal <no-reply@vpp.test>"
)

# Celery: with no broker configured, tasks run in-process so one machine is enough.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
# The soft limit leaves a fifth of the time to stop cleanly.
CELERY_TASK_SOFT_TIME_LIMIT = env.int(
    "CELERY_TASK_SOFT_TIME_LIMIT", default=CELERY_TASK_TIME_LIMIT * 4 // 5
)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"
CELERY_ENABLE_UTC = True
# Schedules are in UTC. Due dates are London calendar dates, so the daily sweep runs at 05:30
# UTC: 05:30 in winter and 06:30 in summer, after London's midnight either way, and before the
# working day. The hourly run plans breach deadlines and sends anything a failed run left.
CELERY_BEAT_SCHEDULE = {
    # Before the sweep: agreements whose expiry date has come are expired (their owners told),
    # so the sweep no longer reminds about their expiry.
    "daily-agreement-expiry": {
        "task": "sharing.expire_agreements",
        "schedule": crontab(hour=5, minute=15),
    },
    "daily-reminder-sweep": {
        "task": "governance.sweep_reminders",
        "schedule": crontab(hour=5, minute=30),
        "kwargs": {"period": "daily"},
    },
    "hourly-breach-deadline-check": {
        "task": "governance.sweep_reminders",
        "schedule": crontab(minute=5),
        "kwargs": {"period": "hourly"},
    },
    # After the daily sweep: the trend figures for this month so far (and last month's close).
    "nightly-trend-figures": {
        "task": "governance.record_monthly_figures",
        "schedule": crontab(hour=6, minute=0),
    },
    # Report files (the Board report's PDF) are kept for a day: deleted in the hour after.
    "hourly-report-job-expiry": {
        "task": "governance.expire_report_jobs",
        "schedule": crontab(minute=20),
    },
}

# Reminders (governance.reminders): how many ledger rows a worker claims at once, and after how
# many seconds a claim counts as abandoned (its worker died) and may be claimed again. The
# timeout must exceed the task time limit, so a claim is never taken from a live worker.
REMINDER_BATCH_SIZE = env.int("REMINDER_BATCH_SIZE", default=200)
REMINDER_CLAIM_TIMEOUT = env.int("REMINDER_CLAIM_TIMEOUT", default=CELERY_TASK_TIME_LIMIT * 2)
if REMINDER_CLAIM_TIMEOUT <= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured(
        f"REMINDER_CLAIM_TIMEOUT ({REMINDER_CLAIM_TIMEOUT} s) must be longer than the task "
        f"time limit ({CELERY_TASK_TIME_LIMIT} s)."
    )
# Compliance findings (governance.findings): a submitted DPIA waiting longer than this many days
# for the DPO's advice is a finding.
FINDINGS_DPO_WAIT_DAYS = env.int("FINDINGS_DPO_WAIT_DAYS", default=10)
# The Board report (governance.reports): past this many rows in its period (findings, DPIAs
# approved, breaches, agreements) its PDF is made by a worker, with a progress page, instead of
# in the request; each of its lists shows at most BOARD_REPORT_LIST_LIMIT rows and says how
# many more there are.
BOARD_REPORT_SYNC_LIMIT = env.int("BOARD_REPORT_SYNC_LIMIT", default=500)
BOARD_REPORT_LIST_LIMIT = env.int("BOARD_REPORT_LIST_LIMIT", default=50)
# Register exports (vpp_portal.register_export): one with more rows than this is written by a
# worker, with a progress page and a private download, instead of in the request.
EXPORT_JOB_THRESHOLD_ROWS = env.int("EXPORT_JOB_THRESHOLD_ROWS", default=5000)
# Links in e-mails: where users reach the portal.
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="http://127.0.0.1:8000")

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
# Uploads use a plain file input (a clearable one links to the file, which is private): style it
# as GOV.UK's file upload too.
CRISPY_CLASS_CONVERTERS = {"fileinput": "govuk-file-upload"}
DJANGO_TABLES2_TEMPLATE = "includes/_table.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "govuk-table"}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
SIMPLE_HISTORY_REVERT_DISABLED = True

SESSION_COOKIE_HTTPONLY = True
# Absolute lifetime from sign-in, never extended by activity (accounts.middleware enforces it,
# since Django would push the expiry on every session save).
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
# Signed out after this many seconds without a request.
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): only the portal's own files, no inline script or
# style (base.html loads its GOV.UK snippets from static files), never framed, forms post
# only to the portal. The printed DPIA and e-mails are not web pages and are not covered.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
# Permissions-Policy (vpp_portal.headers): the portal needs no camera, microphone or location.
PERMISSIONS_POLICY = {"camera": (), "microphone": (), "geolocation": ()}
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    # On by default, as `check --deploy` asks; turn off where a subdomain still serves HTTP.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# The demo password: taken from DEMO_PASSWORD; a default is used (and printed) in development only.
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="" if PRODUCTION else "humber-demo-2026")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint and fontTools log every step of every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # pypdf warns about every flaw of an uploaded PDF it checks; refusals are shown to the user.
        "pypdf": {"level": "ERROR"},
        # Each task run in-process (no broker: make run, the demo) would print a line.
        "celery.app.trace": {"level": "WARNING"},
    },
}

VPP_PARTNERSHIP_NAME = env.str(
    "VPP_PARTNERSHIP_NAME", default="Humber Violence Prevention Partnership"
)
