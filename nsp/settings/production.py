"""Production settings: refuse to start without a secret key or with DEBUG on."""

import os

from django.core.exceptions import ImproperlyConfigured

from nsp.env import env_bool, env_int

if not os.environ.get("SECRET_KEY"):
    raise ImproperlyConfigured("SECRET_KEY must be set in production.")
if env_bool("DEBUG", False):
    raise ImproperlyConfigured("DEBUG must be off in production.")
if not os.environ.get("NSP_MFA_ENCRYPTION_KEYS"):
    raise ImproperlyConfigured(
        "NSP_MFA_ENCRYPTION_KEYS must be set in production (Fernet keys; docs/DEPLOYMENT.md)."
    )
if not (os.environ.get("NSP_BACKUP_KEY") or os.environ.get("NSP_BACKUP_PUBLIC_KEY")):
    raise ImproperlyConfigured(
        "NSP_BACKUP_KEY or NSP_BACKUP_PUBLIC_KEY must be set in production (docs/DEPLOYMENT.md)."
    )
if not env_bool("NSP_MFA_REQUIRED_FOR_ACTORS", True):
    raise ImproperlyConfigured(
        "MFA is required for every role in production; NSP_MFA_REQUIRED_FOR_ACTORS=0 is "
        "for development only."
    )
if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured("DATABASE_URL must point at the production PostgreSQL server.")

from .base import *  # noqa: F403

DEBUG = False
NSP_MFA_REQUIRED_FOR_ACTORS = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The client address behind the reverse proxy (docs/DEPLOYMENT.md: one nginx appending to
# X-Forwarded-For): allauth's per-IP limits and the lockout's per-source count use it.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("NSP_TRUSTED_PROXY_COUNT", 1)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
