"""Passwords are stored with Argon2id (OWASP parameters); PBKDF2 hashes from before the
switch still log in and are re-hashed at that login (docs/SECURITY.md, "Password storage").

The test settings use MD5 for speed; these tests put the real list back.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher, check_password
from django.test import Client
from django.urls import reverse

from nsp.accounts.models import User
from nsp.settings import base
from tests.factories import UserFactory

PASSWORD = "a-long-enough-passphrase-2026"
ARGON2ID_PREFIX = "argon2$argon2id$v=19$m=19456,t=2,p=1$"


@pytest.fixture
def real_hashers(settings: Any) -> None:
    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS


def test_the_default_hasher_is_argon2id_with_owasp_parameters(real_hashers: None) -> None:
    assert base.PASSWORD_HASHERS[0] == "nsp.accounts.hashers.OwaspArgon2idPasswordHasher"
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in base.PASSWORD_HASHERS[1:]
    user = User(username="ny")
    user.set_password(PASSWORD)
    assert user.password.startswith(ARGON2ID_PREFIX)
    assert check_password(PASSWORD, user.password)
    assert not check_password(PASSWORD + "x", user.password)


def test_a_pbkdf2_hash_still_logs_in_and_is_upgraded(db: None, real_hashers: None) -> None:
    user = UserFactory(username="gammal.hash")
    # A hash as stored before the switch (fewer iterations than today's PBKDF2 default, as
    # older Django versions wrote; it keeps the test fast and is upgraded all the same).
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt(), iterations=10_000)
    user.save(update_fields=["password"])

    response = Client().post(
        reverse("account_login"), {"login": user.username, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    user.refresh_from_db()
    assert user.password.startswith(ARGON2ID_PREFIX)
    assert check_password(PASSWORD, user.password)
