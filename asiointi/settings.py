"""Asiointi settings: everything comes from the environment (see docs/operating.md).

Modes (ASIOINTI_ENV):
- ``demo`` (default): embedded SQLite under ASIOINTI_DATA_DIR, a generated secret kept there,
  demo personas with a clearly marked test login, tasks run inline, email to the console.
- ``production``: SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS and both OIDC providers (residents,
  staff) must be given; the demo login cannot be switched on; ``manage.py check --deploy`` passes.
- ``test``: like demo, but email is kept in memory and nothing is printed.
"""

import datetime
import json
import re
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _
from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban

from asiointi.common.csp import endpoint_origins
from asiointi.common.database_settings import database_settings
from asiointi.common.env import env_bool, env_choice, env_int, env_list, env_str
from asiointi.common.theme import Theme

BASE_DIR = Path(__file__).resolve().parent
ASIOINTI_ENV = env_choice("ASIOINTI_ENV", "demo", ("demo", "production", "test"))
PRODUCTION = ASIOINTI_ENV == "production"

DATA_DIR = Path(env_str("ASIOINTI_DATA_DIR", "data")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    configured = env_str("SECRET_KEY")
    if configured:
        return configured
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set in production mode")
    # Embedded mode: generate once and keep it, so sessions survive restarts.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG cannot be on in production mode")

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in production mode")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# The demo login lists the demo personas. It exists only outside production mode.
DEMO_LOGIN = env_bool("ASIOINTI_DEMO_LOGIN", not PRODUCTION)
if PRODUCTION and DEMO_LOGIN:
    raise ImproperlyConfigured("ASIOINTI_DEMO_LOGIN cannot be enabled in production mode")

INSTALLED_APPS = [
    # Django's admin with Asiointi's site: administrators only (asiointi/common/admin_access.py).
    "asiointi.common.admin_app.AsiointiAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "mozilla_django_oidc",
    "axes",
    "django_tasks_db",
    "ninja",
    "django_htmx",
    "asiointi.common",
    "asiointi.organisation",
    "asiointi.accounts",
    "asiointi.catalogue",
    "asiointi.eforms",
    "asiointi.cases",
    "asiointi.handling",
    "asiointi.grants",
    "asiointi.payments",
    "asiointi.reports",
    "asiointi.feedback",
    "asiointi.fees",
    "asiointi.assistance",
    "asiointi.scanning",
    # Above every app: loads their demo data in order (asiointi load_demo).
    "asiointi.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The Content-Security-Policy header on every response (SECURE_CSP below).
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Control characters, over-large bodies and HTML errors on the APIs, refused before anything
    # reads the session or the body (asiointi/common/boundary.py); after Locale for the language.
    "asiointi.common.boundary.BoundaryMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # request.htmx: a view answers an htmx request with the part of the page that changed.
    "django_htmx.middleware.HtmxMiddleware",
    # Logs out idle sessions (staff 30 min, residents 32 min); then axes' lockout answers.
    "asiointi.accounts.middleware.IdleSessionExpiryMiddleware",
    # An unprefixed page for someone who chose Swedish or English (the language cookie, else
    # their preferred language) redirects to /sv/… or /en/… (asiointi/common/language.py).
    "asiointi.common.language.StickyLanguageMiddleware",
    "axes.middleware.AxesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "asiointi.urls"
WSGI_APPLICATION = "asiointi.wsgi.application"
AUTH_USER_MODEL = "accounts.User"

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
                "asiointi.common.context_processors.platform",
            ],
        },
    },
]
# Every Django form renders its fields with one template (common/forms/field.html).
FORM_RENDERER = "asiointi.common.forms.FormRenderer"

# Database: DATABASE_URL, or the embedded SQLite file in the data directory; on PostgreSQL a
# connection pool sized to the web server's threads (docs/operating.md "Database connections").
DATABASES = {"default": database_settings(data_dir=DATA_DIR, mode=ASIOINTI_ENV)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


# Login (docs/operating.md "Login in production"). Residents log in through the city's OIDC
# broker in front of Suomi.fi e-Identification, staff through the city's directory (Entra ID or
# Keycloak): two providers, each with OIDC_RESIDENT_* / OIDC_STAFF_* settings. A password login
# exists only for the emergency administrator (superuser), rate limited by django-axes.
def _oidc_provider(prefix: str, scopes: str) -> dict[str, str]:
    return {
        "CLIENT_ID": env_str(f"{prefix}CLIENT_ID"),
        "CLIENT_SECRET": env_str(f"{prefix}CLIENT_SECRET"),
        "AUTHORIZATION_ENDPOINT": env_str(f"{prefix}AUTHORIZATION_ENDPOINT"),
        "TOKEN_ENDPOINT": env_str(f"{prefix}TOKEN_ENDPOINT"),
        "USER_ENDPOINT": env_str(f"{prefix}USER_ENDPOINT"),
        "JWKS_ENDPOINT": env_str(f"{prefix}JWKS_ENDPOINT"),
        "END_SESSION_ENDPOINT": env_str(f"{prefix}END_SESSION_ENDPOINT"),
        "SIGN_ALGO": env_str(f"{prefix}SIGN_ALGO", "RS256"),
        "SCOPES": env_str(f"{prefix}SCOPES", scopes),
    }


def _json_setting(name: str, default: str) -> dict:
    try:
        value = json.loads(env_str(name, default))
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a JSON object") from None
    if not isinstance(value, dict):
        raise ImproperlyConfigured(f"{name} must be a JSON object")
    return value


OIDC_PROVIDERS = {
    "resident": _oidc_provider("OIDC_RESIDENT_", "openid profile"),
    "staff": _oidc_provider("OIDC_STAFF_", "openid profile email"),
}
for _provider, _config in OIDC_PROVIDERS.items():
    _missing = [key for key, value in _config.items() if not value and key != "CLIENT_SECRET"]
    if PRODUCTION and _missing:
        _prefix = f"OIDC_{_provider.upper()}_"
        raise ImproperlyConfigured(
            f"Production mode needs the {_provider} login: set "
            + ", ".join(_prefix + key for key in _missing)
        )
OIDC_ENABLED = any(config["CLIENT_ID"] for config in OIDC_PROVIDERS.values())
# The level of assurance of a resident's identification from the acr claim (Suomi.fi's and
# eIDAS-style values); any other value is "low". Social assistance and registry consents need
# "substantial" or "high".
OIDC_RESIDENT_ACR_LEVELS = _json_setting(
    "OIDC_RESIDENT_ACR_LEVELS",
    '{"http://ftn.ficora.fi/2017/loa2": "substantial", "http://ftn.ficora.fi/2017/loa3": "high",'
    ' "substantial": "substantial", "high": "high"}',
)
# Staff: the stable subject claim users are matched on ("oid" on Entra ID, "sub" on Keycloak),
# the groups claim, and the groups' department memberships:
# {"group": [{"department": "<department code>", "role": "handler"}], ...}.
OIDC_STAFF_SUBJECT_CLAIM = env_str("OIDC_STAFF_SUBJECT_CLAIM", "sub")
OIDC_STAFF_GROUPS_CLAIM = env_str("OIDC_STAFF_GROUPS_CLAIM", "groups")
ASIOINTI_STAFF_GROUP_MAP = _json_setting("ASIOINTI_STAFF_GROUP_MAP", "{}")
for _group, _entries in ASIOINTI_STAFF_GROUP_MAP.items():
    if not isinstance(_entries, list) or not all(
        isinstance(entry, dict) and {"department", "role"} <= entry.keys() for entry in _entries
    ):
        raise ImproperlyConfigured(
            f"ASIOINTI_STAFF_GROUP_MAP[{_group!r}] must be a list of "
            '{"department": ..., "role": ...} objects'
        )
# Seconds to wait for a provider's token, userinfo and key endpoints.
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 5, minimum=1)
AUTHENTICATION_BACKENDS = [
    # Locks out a username + address after AXES_FAILURE_LIMIT failed passwords (admin login).
    "axes.backends.AxesStandaloneBackend",
    "asiointi.accounts.backends.AdministratorPasswordBackend",
    "asiointi.accounts.oidc.ResidentOIDCBackend",
    "asiointi.accounts.oidc.StaffOIDCBackend",
]
AXES_FAILURE_LIMIT = env_int("ASIOINTI_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=env_int("ASIOINTI_LOGIN_LOCKOUT_MINUTES", 15, minimum=1)
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The lockout is the site's own 429 page (header, page language, when to try again), not a line of
# English text.
AXES_LOCKOUT_TEMPLATE = "429.html"
# Lockouts are logged; "AXES: BEGIN" on every command and a line per attempt are not.
AXES_VERBOSE = False
# Passwords are asked only by the admin's login page; OIDC callbacks are not counted.
AXES_ONLY_ADMIN_SITE = True
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    if env_bool("ASIOINTI_TRUST_X_FORWARDED_FOR", False)
    else ["REMOTE_ADDR"]
)
# Idle sessions end (accounts/middleware.py): staff after 30 minutes by default; residents after
# Suomi.fi's 32 minutes (one identification is valid for 32 minutes at Suomi.fi).
STAFF_SESSION_IDLE_MINUTES = env_int("ASIOINTI_STAFF_SESSION_IDLE_MINUTES", 30, minimum=1)
RESIDENT_SESSION_IDLE_MINUTES = env_int("ASIOINTI_RESIDENT_SESSION_IDLE_MINUTES", 32, minimum=1)
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "cases:folder"
LOGOUT_REDIRECT_URL = "home"

# Languages: Finnish is the default and has no URL prefix; Swedish and English under /sv/, /en/.
LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["asiointi.formats"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
# The project package is not an installed app, so its own static folder (site.css) is listed here.
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
S3_STORAGE_CLASSES = ("storages.backends.s3.S3Storage", "storages.backends.s3boto3.S3Boto3Storage")


def _attachment_storage() -> dict:
    """Attachments are private: no base URL, served only through an access-checked view that
    streams them from the storage. Local files in the data directory (one machine), or an
    S3-compatible bucket shared by every machine (docs/operating.md "Several machines"); the
    S3 credentials come from the standard AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY variables."""
    backend = env_str("ASIOINTI_ATTACHMENT_STORAGE")
    if not backend:
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(DATA_DIR / "attachments"), "base_url": None},
        }
    if backend not in S3_STORAGE_CLASSES:
        return {"BACKEND": backend, "OPTIONS": {}}
    bucket = env_str("ASIOINTI_S3_BUCKET")
    if not bucket:
        raise ImproperlyConfigured(
            f"ASIOINTI_ATTACHMENT_STORAGE={backend} needs ASIOINTI_S3_BUCKET"
        )
    return {
        "BACKEND": backend,
        "OPTIONS": {
            "bucket_name": bucket,
            # Empty: AWS itself; otherwise the city's S3-compatible service (MinIO, Ceph, …).
            "endpoint_url": env_str("ASIOINTI_S3_ENDPOINT_URL") or None,
            "region_name": env_str("ASIOINTI_S3_REGION") or None,
            "location": env_str("ASIOINTI_S3_PREFIX"),
            # Objects get the bucket's own (private) permissions and are never handed out by
            # address: no ACL of their own, no signed URLs.
            "default_acl": None,
            "querystring_auth": False,
            # A stored name is never reused: an upload never replaces another's object.
            "file_overwrite": False,
        },
    }


STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # WhiteNoise's, compressing only what changed since the last start.
        "BACKEND": "asiointi.common.static_storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
    "attachments": _attachment_storage(),
}
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_ROOT = DATA_DIR / "media"

ATTACHMENT_MAX_BYTES = env_int("ASIOINTI_ATTACHMENT_MAX_MB", 20, minimum=1) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Virus scanning (asiointi/common/antivirus.py, docs/operating.md "Virus scanning"): `clamd`
# (ClamAV's daemon over its socket), `none`, or a scanner class's dotted path. Production has no
# default: it needs a real scanner, or `none` given explicitly (then `check --deploy` warns).
ANTIVIRUS_SCANNER = env_str("ASIOINTI_ANTIVIRUS_SCANNER", "" if PRODUCTION else "none")
if PRODUCTION and ANTIVIRUS_SCANNER in ("", "asiointi.common.antivirus.NoOpScanner"):
    raise ImproperlyConfigured(
        "Production mode needs a virus scanner: set ASIOINTI_ANTIVIRUS_SCANNER=clamd (with "
        "ASIOINTI_CLAMD_SOCKET or ASIOINTI_CLAMD_HOST), or =none to run without one on purpose"
    )
CLAMD_HOST = env_str("ASIOINTI_CLAMD_HOST")
CLAMD_PORT = env_int("ASIOINTI_CLAMD_PORT", 3310, minimum=1)
# Debian's clamav-daemon listens on this socket by default.
CLAMD_SOCKET = env_str("ASIOINTI_CLAMD_SOCKET", "" if CLAMD_HOST else "/run/clamav/clamd.ctl")
CLAMD_TIMEOUT = env_int("ASIOINTI_CLAMD_TIMEOUT", 30, minimum=1)

# Email. Notifications never contain the content of a case or message, only that something changed.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "asiointi@example.fi")
_MAIL_BACKEND = env_str(
    "ASIOINTI_EMAIL_BACKEND",
    {
        "production": "django.core.mail.backends.smtp.EmailBackend",
        # The demo writes each message into a file (ASIOINTI_EMAIL_FILE_PATH) instead of printing
        # it among the server's lines.
        "demo": "django.core.mail.backends.filebased.EmailBackend",
        "test": "django.core.mail.backends.locmem.EmailBackend",
    }[ASIOINTI_ENV],
)
MAILERS = {
    "default": {
        "BACKEND": _MAIL_BACKEND,
        "OPTIONS": {
            "host": env_str("EMAIL_HOST", "localhost"),
            "port": env_int("EMAIL_PORT", 25),
            "username": env_str("EMAIL_HOST_USER"),
            "password": env_str("EMAIL_HOST_PASSWORD"),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
        }
        if _MAIL_BACKEND.endswith("smtp.EmailBackend")
        # Django's file backend (a staging machine, a test) writes each message into this folder.
        else {"file_path": env_str("ASIOINTI_EMAIL_FILE_PATH", str(DATA_DIR / "emails"))}
        if _MAIL_BACKEND.endswith("filebased.EmailBackend")
        else {},
    }
}
SITE_URL = env_str("ASIOINTI_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Background work: the database queue in production; inline in demo and tests unless asked.
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django.tasks.backends.immediate.ImmediateBackend",
        }[
            env_choice(
                "ASIOINTI_TASKS",
                "database" if PRODUCTION else "immediate",
                ("database", "immediate"),
            )
        ]
    }
}

# Rate limits ("requests/seconds") for the public feedback form (per client address) and for
# Open311 POST requests (per API client). Behind a proxy that sets X-Forwarded-For, trust it.
FEEDBACK_FORM_RATE_LIMIT = env_str("ASIOINTI_FEEDBACK_FORM_RATE_LIMIT", "10/600")
OPEN311_POST_RATE_LIMIT = env_str("ASIOINTI_OPEN311_POST_RATE_LIMIT", "120/60")
# Tracking-code lookups (the status page) per client address: slows down guessing codes.
FEEDBACK_TRACK_RATE_LIMIT = env_str("ASIOINTI_FEEDBACK_TRACK_RATE_LIMIT", "30/60")
RATE_LIMIT_TRUST_FORWARDED_FOR = env_bool("ASIOINTI_TRUST_X_FORWARDED_FOR", False)
for _name, _value in (
    ("ASIOINTI_FEEDBACK_FORM_RATE_LIMIT", FEEDBACK_FORM_RATE_LIMIT),
    ("ASIOINTI_OPEN311_POST_RATE_LIMIT", OPEN311_POST_RATE_LIMIT),
    ("ASIOINTI_FEEDBACK_TRACK_RATE_LIMIT", FEEDBACK_TRACK_RATE_LIMIT),
):
    if not re.fullmatch(r"[1-9][0-9]*/[1-9][0-9]*", _value):
        raise ImproperlyConfigured(f"{_name} must look like 10/600 (requests/seconds)")

RECORD_NUMBER_PREFIX = env_str("ASIOINTI_RECORD_PREFIX", "ASI")

# City-wide reports are served from snapshots computed in the background; a snapshot older than
# this is recomputed (0: always computed on the spot, as the tests want).
REPORT_MAX_AGE_SECONDS = env_int(
    "ASIOINTI_REPORT_MAX_AGE", 0 if ASIOINTI_ENV == "test" else 600, minimum=0
)

# The city as the payer of grants (the debtor of ISO 20022 credit transfers) and the sender of
# decision letters. The demo defaults are a fictitious city with a valid test IBAN.
CITY_NAME = env_str("ASIOINTI_CITY_NAME", "Esimerkkilän kaupunki")
# The pages' colours and logo (asiointi/common/theme.py; docs/operating.md "Look"): HDS tokens
# set from these, each colour checked for contrast against white when the settings load.
THEME = Theme(
    primary=env_str("ASIOINTI_THEME_PRIMARY", Theme.primary),
    primary_dark=env_str("ASIOINTI_THEME_PRIMARY_DARK", Theme.primary_dark),
    primary_light=env_str("ASIOINTI_THEME_PRIMARY_LIGHT", Theme.primary_light),
    logo_url=env_str("ASIOINTI_LOGO_URL"),
)
# The body that reviews social-welfare decisions (client fees, social assistance), as the review
# instructions of a letter name it, e.g. "Esimerkkilän kaupunki, sosiaali- ja terveyslautakunnan
# yksilöjaosto". Empty: "<city>, Social and Health Services Committee" in the letter's language.
SOCIAL_WELFARE_REVIEW_BODY = env_str("ASIOINTI_SOCIAL_WELFARE_REVIEW_BODY", "")
PAYER_NAME = env_str("ASIOINTI_PAYER_NAME", CITY_NAME)
PAYER_IBAN = env_str("ASIOINTI_PAYER_IBAN", "FI2112345600000785")
PAYER_BIC = env_str("ASIOINTI_PAYER_BIC", "NDEAFIHH")
if not stdnum_iban.is_valid(PAYER_IBAN):
    raise ImproperlyConfigured("ASIOINTI_PAYER_IBAN is not a valid IBAN")
if not stdnum_bic.is_valid(PAYER_BIC):
    raise ImproperlyConfigured("ASIOINTI_PAYER_BIC is not a valid BIC")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600, minimum=300)
# Secure cookies in production; only a loopback test without TLS turns them off.
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", PRODUCTION)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", PRODUCTION)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint logs every step of every letter it renders, fontTools every font it reads.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # A line per task and state: worth it from production's workers, noise in the demo (where
        # tasks run inline, and loading the demo data runs a hundred of them).
        "django.tasks": {"level": "INFO" if PRODUCTION else "WARNING"},
    },
}

# Client fees (issue 5): the national registries' base URLs. The demo serves simulators of them
# on these loopback ports (``asiointi serve`` starts them, see asiointi/simulators/registries.py);
# production points them at the authorities' services (docs/fees.md, docs/operating.md).
INCOMES_REGISTER_URL = env_str("ASIOINTI_INCOMES_REGISTER_URL", "http://127.0.0.1:8701").rstrip("/")
TAX_REGISTRY_URL = env_str("ASIOINTI_TAX_URL", "http://127.0.0.1:8702").rstrip("/")
POPULATION_REGISTRY_URL = env_str("ASIOINTI_POPULATION_URL", "http://127.0.0.1:8703").rstrip("/")
# The credential sent to every registry as a bearer token.
REGISTRY_TOKEN = env_str("ASIOINTI_REGISTRY_TOKEN", "demo-token")
# Seconds to wait for one answer; how many times to try again after a transient failure.
REGISTRY_TIMEOUT_SECONDS = env_int("ASIOINTI_REGISTRY_TIMEOUT", 10, minimum=1)
REGISTRY_RETRIES = env_int("ASIOINTI_REGISTRY_RETRIES", 2, minimum=0)
# Requests per second towards each registry from the annual review batch.
REGISTRY_RATE_LIMIT = env_int("ASIOINTI_REGISTRY_RATE_LIMIT", 20, minimum=1)
# A proposal whose fee changes more than this percentage from the fee in force is flagged.
FEE_CHANGE_THRESHOLD_PERCENT = env_int("ASIOINTI_FEE_CHANGE_THRESHOLD", 15, minimum=0)
# Whether ``asiointi serve`` starts the registry simulators (demo mode only).
START_REGISTRY_SIMULATORS = env_bool("ASIOINTI_REGISTRY_SIMULATORS", not PRODUCTION)

# Content-Security-Policy (docs/operating.md, "Content-Security-Policy"), sent on every response
# by Django's own middleware. No inline script or style, no eval: scripts and styles come only
# from our static files. CSP.NONCE adds a nonce only to a response whose page asked for one
# (Django's CSRF failure page styles itself with it); other pages get exactly 'self'.
# form-action names the identity providers (the origins of every *ENDPOINT URL in the OIDC_*
# settings), because the login and logout forms end in a redirect to them. This section stays
# last, so that it sees every OIDC_* setting above it.
CSP_REPORT_URI = env_str("ASIOINTI_CSP_REPORT_URI")
# W027 warns that templates cannot see the nonce without the csp context processor: on purpose.
# Our templates have no inline code to nonce (a test scans them), and Django's CSRF failure page
# takes its nonce from the request itself; the processor would put nonces on admin pages too.
SILENCED_SYSTEM_CHECKS = ["security.W027"]
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [
        CSP.SELF,
        *endpoint_origins(
            {name: value for name, value in globals().items() if name.startswith("OIDC_")}
        ),
    ],
    "frame-ancestors": [CSP.NONE],
    "report-uri": [CSP_REPORT_URI] if CSP_REPORT_URI else None,
}
