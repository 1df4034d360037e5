"""MFA secrets are encrypted at rest and shown nowhere in the admin (issue 17 item 2)."""

from __future__ import annotations

import io
import json
import re

import pytest
from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet
from django.contrib import admin
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory, override_settings
from django.urls import reverse

from nsp.accounts.allauth_internal import TOTP, RecoveryCodes
from nsp.accounts.mfa_adapter import (
    PREFIX,
    MFASecretError,
    decrypt_secret,
    encrypt_secret,
    reencrypt_data,
)
from nsp.accounts.models import User
from tests.conftest import login
from tests.factories import TEST_TOTP_SECRET


def _raw_data(pk: int) -> str:
    """The row's ``data`` as the database (and a backup) holds it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT data::text FROM mfa_authenticator WHERE id = %s", [pk])
        return str(cursor.fetchone()[0])


def test_the_totp_secret_and_recovery_seed_are_not_stored_in_plaintext(coordinator: User) -> None:
    totp = Authenticator.objects.get(user=coordinator, type=Authenticator.Type.TOTP)
    raw = _raw_data(totp.pk)
    assert TEST_TOTP_SECRET not in raw
    assert json.loads(raw)["secret"].startswith(PREFIX)
    codes = RecoveryCodes.activate(coordinator)
    seed = decrypt_secret(codes.instance.data["seed"])
    raw_codes = _raw_data(codes.instance.pk)
    assert seed not in raw_codes
    assert not any(code in raw_codes for code in codes.generate_codes())


def test_a_code_from_the_encrypted_secret_still_logs_in(coordinator: User) -> None:
    totp = TOTP(Authenticator.objects.get(user=coordinator, type=Authenticator.Type.TOTP))
    import time

    from nsp.accounts.allauth_internal import format_hotp_value, hotp_value

    code = format_hotp_value(hotp_value(TEST_TOTP_SECRET, int(time.time()) // 30))
    assert totp.validate_code(code)


def test_plaintext_is_refused_rather_than_silently_read() -> None:
    with pytest.raises(MFASecretError):
        decrypt_secret(TEST_TOTP_SECRET)


def test_the_command_moves_every_secret_to_a_new_key(coordinator: User, settings: object) -> None:
    old = list(settings.NSP_MFA_ENCRYPTION_KEYS)  # type: ignore[attr-defined]
    new = Fernet.generate_key().decode()
    # A plaintext row from before the change is encrypted by the same command.
    legacy = Authenticator.objects.create(
        user=coordinator, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "ab" * 40}
    )
    with override_settings(NSP_MFA_ENCRYPTION_KEYS=[new, *old]):
        call_command("reencrypt_mfa_secrets", stdout=io.StringIO())
    with override_settings(NSP_MFA_ENCRYPTION_KEYS=[new]):
        for row in Authenticator.objects.filter(user=coordinator):
            for field in ("secret", "seed"):
                if field in row.data:
                    decrypt_secret(row.data[field])  # readable with the new key alone
        legacy.refresh_from_db()
        assert decrypt_secret(legacy.data["seed"]) == "ab" * 40
    totp = Authenticator.objects.get(user=coordinator, type=Authenticator.Type.TOTP)
    with pytest.raises(MFASecretError):
        decrypt_secret(totp.data["secret"], old)  # the old key no longer opens it


def test_the_data_migration_encrypts_plaintext_rows() -> None:
    data = {"seed": "cd" * 40, "used_mask": 3, "migrated_codes": ["12345678"]}
    encrypted = reencrypt_data(data)
    assert encrypted["used_mask"] == 3
    assert "cd" * 40 not in json.dumps(encrypted) and "12345678" not in json.dumps(encrypted)
    assert decrypt_secret(encrypted["migrated_codes"][0]) == "12345678"
    # Running it twice changes nothing a reader sees.
    assert decrypt_secret(reencrypt_data(encrypted)["seed"]) == "cd" * 40
    assert decrypt_secret(encrypt_secret("x")) == "x"


def test_the_admin_shows_no_secret(administrator: User, coordinator: User) -> None:
    totp = Authenticator.objects.get(user=coordinator, type=Authenticator.Type.TOTP)
    client = login(administrator)
    for url in (
        reverse("admin:mfa_authenticator_changelist"),
        reverse("admin:mfa_authenticator_change", args=[totp.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        page = response.content.decode()
        assert TEST_TOTP_SECRET not in page
        assert totp.data["secret"] not in page and PREFIX not in page
    # Nothing can be written through the admin.
    change = reverse("admin:mfa_authenticator_change", args=[totp.pk])
    assert client.post(change, {"data": "{}"}).status_code == 403
    assert client.get(reverse("admin:mfa_authenticator_add")).status_code == 403


# Field names that must never be on an admin page, for any model (the class of fault).
_SECRET_FIELD = re.compile(r"secret|seed|key_hash|password|token|^data$|^key$|session_data")


def test_no_admin_shows_a_field_that_holds_a_secret(administrator: User, coordinator: User) -> None:
    """Every registered ModelAdmin, as each user who may open it: no secret-looking field."""
    offenders = []
    for model, model_admin in admin.site._registry.items():
        for user in (administrator, coordinator):
            request = RequestFactory().get("/")
            request.user = user
            if not model_admin.has_view_permission(request):
                continue
            names = list(model_admin.get_fields(request)) + list(
                model_admin.get_list_display(request)
            )
            for name in names:
                if isinstance(name, str) and _SECRET_FIELD.search(name):
                    offenders.append(f"{model._meta.label}.{name}")
    assert not offenders, offenders
