from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from cryptography.fernet import Fernet
from django.utils import translation

from nsp.templatetags.nsp import sek

ROOT = Path(__file__).resolve().parents[2]


def _import_production(env: dict[str, str | None]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    # The encryption keys production requires (each test below removes what it tests).
    clean.setdefault("NSP_MFA_ENCRYPTION_KEYS", Fernet.generate_key().decode())
    clean.setdefault("NSP_BACKUP_KEY", Fernet.generate_key().decode())
    clean.update(env)
    clean = {k: v for k, v in clean.items() if v is not None}
    return subprocess.run(
        [sys.executable, "-c", "import nsp.settings.production"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_secret_key() -> None:
    result = _import_production({"DATABASE_URL": "postgres://x@localhost/x"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_debug() -> None:
    result = _import_production(
        {"SECRET_KEY": "s" * 50, "DEBUG": "1", "DATABASE_URL": "postgres://x@localhost/x"}
    )
    assert result.returncode != 0
    assert "DEBUG must be off" in result.stderr


def test_production_starts_with_its_environment() -> None:
    result = _import_production(
        {"SECRET_KEY": "s" * 50, "DEBUG": "0", "DATABASE_URL": "postgres://x@localhost/x"}
    )
    assert result.returncode == 0, result.stderr


PRODUCTION_ENV: dict[str, str | None] = {
    "SECRET_KEY": "s" * 50,
    "DEBUG": "0",
    "DATABASE_URL": "postgres://x@localhost/x",
}


def test_production_refuses_to_start_without_the_mfa_key() -> None:
    """Issue 17 item 2: MFA secrets are never stored under a guessable development key."""
    result = _import_production({**PRODUCTION_ENV, "NSP_MFA_ENCRYPTION_KEYS": None})
    assert result.returncode != 0
    assert "NSP_MFA_ENCRYPTION_KEYS must be set" in result.stderr


def test_production_requires_mfa_for_every_role() -> None:
    """Issue 17 item 6: the switch for actors is for development only."""
    result = _import_production({**PRODUCTION_ENV, "NSP_MFA_REQUIRED_FOR_ACTORS": "0"})
    assert result.returncode != 0
    assert "MFA is required for every role in production" in result.stderr
    check = subprocess.run(
        [
            sys.executable,
            "-c",
            "import nsp.settings.production as s; print(s.NSP_MFA_REQUIRED_FOR_ACTORS)",
        ],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k != "NSP_MFA_REQUIRED_FOR_ACTORS"},
            "SECRET_KEY": "s" * 50,
            "DEBUG": "0",
            "DATABASE_URL": "postgres://x@localhost/x",
            "NSP_MFA_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
            "NSP_BACKUP_KEY": Fernet.generate_key().decode(),
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.stdout.strip() == "True", check.stderr


def test_production_refuses_to_start_without_a_backup_key() -> None:
    """Issue 17 item 14: no unencrypted backup in production."""
    result = _import_production(
        {**PRODUCTION_ENV, "NSP_BACKUP_KEY": None, "NSP_BACKUP_PUBLIC_KEY": None}
    )
    assert result.returncode != 0
    assert "NSP_BACKUP_KEY or NSP_BACKUP_PUBLIC_KEY must be set" in result.stderr


def test_amounts_are_formatted_the_swedish_way() -> None:
    with translation.override("sv"):
        assert sek(Decimal("45000")) == "45\xa0000 kr"
        assert sek(Decimal("1234.5")) == "1\xa0234,50 kr"
    with translation.override("en"):
        assert sek(Decimal("45000")) == "SEK 45,000"


def test_the_ui_is_swedish_even_when_the_browser_asks_for_english(db: None) -> None:
    from django.test import Client

    c = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Logga in i NSP" in c.get("/accounts/login/").content.decode()
    c.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert "Log in to NSP" in c.get("/accounts/login/").content.decode()
