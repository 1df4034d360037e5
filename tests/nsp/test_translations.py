"""Swedish is the default UI: every user-facing string must have a Swedish translation."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
SOURCES = (
    "nsp",
    "certification",
    "cases",
    "funding",
    "reports",
    "privacy",
    "journal",
    "surveys",
    "templates",
    "locale",
    "scripts",
)


def _catalogues(root: Path) -> list[Path]:
    return sorted(root.glob("locale/sv/LC_MESSAGES/django.po")) + sorted(
        root.glob("*/locale/sv/LC_MESSAGES/django.po")
    )


def _untranslated(root: Path) -> list[str]:
    missing = []
    for path in _catalogues(root):
        po = polib.pofile(str(path))
        missing += [
            f"{path.relative_to(root)}: {e.msgid}"
            for e in po
            if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)
        ]
    return missing


def test_every_string_in_the_catalogues_has_a_swedish_translation() -> None:
    assert len(_catalogues(ROOT)) == 8
    missing = _untranslated(ROOT)
    assert not missing, f"Untranslated: {missing[:20]}"


def test_every_string_marked_in_the_code_is_in_a_catalogue(tmp_path: Path) -> None:
    """Re-extract the strings from a copy of the sources: nothing may come out untranslated."""
    for name in SOURCES:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    env = {**os.environ, "DATABASE_URL": "postgres://unused@localhost/unused"}
    env["DJANGO_SETTINGS_MODULE"] = "nsp.settings.dev"
    env["PY"] = sys.executable
    result = subprocess.run(
        ["bash", "scripts/makemessages.sh"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    missing = _untranslated(tmp_path)
    assert not missing, (
        f"Strings without Swedish translation (run scripts/makemessages.sh, translate): "
        f"{missing[:20]}"
    )
