from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from django.utils import translation

from nsp.templatetags.nsp import sek

ROOT = Path(__file__).resolve().parents[2]


def _import_production(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    clean.update(env)
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
