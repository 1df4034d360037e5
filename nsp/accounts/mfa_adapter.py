"""MFA secrets encrypted at rest (issue 17 item 2).

allauth stores each authenticator's secret in ``Authenticator.data``: the TOTP key
(``data["secret"]``), the recovery-code seed (``data["seed"]``) and, for codes migrated
from elsewhere, ``data["migrated_codes"]``. It passes every one of them through the MFA
adapter's ``encrypt``/``decrypt`` hooks, which by default do nothing. This adapter
encrypts them with Fernet (AES-128-CBC + HMAC-SHA256, from ``cryptography``) under
``NSP_MFA_ENCRYPTION_KEYS``: the first key encrypts, every key decrypts, so a new key can
be put first and ``manage.py reencrypt_mfa_secrets`` then moves every row to it before
the old key is dropped.

An encrypted value is ``nspenc1:<Fernet token>``; a value without the prefix is
plaintext from before this change, which ``decrypt`` refuses (a silent fallback would
hide a row the data migration or the command missed).
"""

from __future__ import annotations

from typing import Any

from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "nspenc1:"
# The keys of ``Authenticator.data`` that hold secrets (strings or lists of strings).
SECRET_FIELDS = ("secret", "seed", "migrated_codes")


class MFASecretError(Exception):
    """A stored MFA secret is plaintext or was encrypted under an unknown key."""


def _fernet(keys: list[str] | None = None) -> MultiFernet:
    keys = keys if keys is not None else list(settings.NSP_MFA_ENCRYPTION_KEYS)
    if not keys:
        raise ImproperlyConfigured("NSP_MFA_ENCRYPTION_KEYS holds no key.")
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "NSP_MFA_ENCRYPTION_KEYS must be Fernet keys (32 url-safe base64 bytes), "
            "e.g. from `python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'`."
        ) from exc


def is_encrypted(value: str) -> bool:
    return value.startswith(PREFIX)


def encrypt_secret(text: str, keys: list[str] | None = None) -> str:
    return PREFIX + _fernet(keys).encrypt(text.encode("utf-8")).decode("ascii")


def decrypt_secret(value: str, keys: list[str] | None = None) -> str:
    if not is_encrypted(value):
        raise MFASecretError("An MFA secret is stored unencrypted; run reencrypt_mfa_secrets.")
    try:
        return _fernet(keys).decrypt(value[len(PREFIX) :].encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise MFASecretError("An MFA secret was encrypted under an unknown key.") from exc


def reencrypt_data(
    data: dict[str, Any], keys: list[str] | None = None, old_keys: list[str] | None = None
) -> dict[str, Any]:
    """``data`` with every secret (plaintext or under any of ``old_keys`` + ``keys``)
    encrypted under the first of ``keys``."""
    decrypt_keys = list(keys or settings.NSP_MFA_ENCRYPTION_KEYS) + list(old_keys or [])

    def one(value: str) -> str:
        plain = decrypt_secret(value, decrypt_keys) if is_encrypted(value) else value
        return encrypt_secret(plain, keys)

    result = dict(data)
    for field in SECRET_FIELDS:
        value = result.get(field)
        if isinstance(value, str):
            result[field] = one(value)
        elif isinstance(value, list):
            result[field] = [one(v) for v in value]
    return result


class EncryptingMFAAdapter(DefaultMFAAdapter):
    """allauth's MFA adapter with the ``encrypt``/``decrypt`` hooks filled in."""

    def encrypt(self, text: str) -> str:
        return encrypt_secret(text)

    def decrypt(self, encrypted_text: str) -> str:
        return decrypt_secret(encrypted_text)
