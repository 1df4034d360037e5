"""Swedish is the default UI: every user-facing string must have a Swedish translation."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "sv" / "LC_MESSAGES" / "django.po"
SOURCES = ("nsp", "certification", "cases", "funding", "templates", "locale")


def _untranslated(po_path: Path) -> list[str]:
    po = polib.pofile(str(po_path))
    return [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]


def test_every_string_in_the_catalogue_has_a_swedish_translation() -> None:
    missing = _untranslated(PO)
    assert not missing, f"Untranslated in {PO}: {missing[:20]}"


def test_every_string_marked_in_the_code_is_in_the_catalogue(tmp_path: Path) -> None:
    """Re-extract the strings from a copy of the sources: nothing may come out untranslated."""
    for name in SOURCES:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    env = {**os.environ, "DATABASE_URL": "postgres://unused@localhost/unused"}
    env["DJANGO_SETTINGS_MODULE"] = "nsp.settings.dev"
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "sv", "-v", "0"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    missing = _untranslated(tmp_path / "locale" / "sv" / "LC_MESSAGES" / "django.po")
    assert not missing, (
        f"Strings without Swedish translation (run makemessages, then translate): {missing[:20]}"
    )
