"""The benchmark database: ``nsp_bench`` on the same PostgreSQL server as ``nsp``.

Benchmarks never touch the development database: they derive the bench URL from the
default one (``DATABASE_URL``, or the embedded server under ``var/``) by swapping the
database name, create it when missing, and export it as ``DATABASE_URL`` before Django
starts.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE = os.environ.get("NSP_BENCH_DATABASE", "nsp_bench")
SETTINGS = "bench.settings"


def default_url() -> str:
    url = os.environ.get("NSP_DEFAULT_DATABASE_URL") or os.environ.get("DATABASE_URL")
    if url:
        return url
    sys.path.insert(0, str(ROOT))
    from nsp.dbserver import ensure_running

    return ensure_running()


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def _admin_connection(url: str) -> object:
    import psycopg2

    params = urlsplit(url)
    query = dict(part.split("=", 1) for part in params.query.split("&") if "=" in part)
    connection = psycopg2.connect(
        dbname="postgres",
        user=params.username or None,
        password=params.password or None,
        host=query.get("host") or params.hostname or None,
        port=params.port or None,
    )
    connection.autocommit = True
    return connection


def ensure_database(*, fresh: bool = False) -> str:
    """Create (or with ``fresh`` recreate) the bench database; return its URL."""
    base = default_url()
    connection = _admin_connection(base)
    with connection.cursor() as cursor:  # type: ignore[attr-defined]
        if fresh:
            cursor.execute(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DATABASE])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{BENCH_DATABASE}"')
    connection.close()  # type: ignore[attr-defined]
    return with_database(base, BENCH_DATABASE)


def bench_environment(url: str) -> dict[str, str]:
    """Environment for a process that works on the bench database."""
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "DEBUG": "0",
        "PYTHONPATH": str(ROOT),
    }


def manage(url: str, *args: str, quiet: bool = False) -> None:
    """Run ``manage.py ARGS`` on the bench database, its output shown as it comes."""
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=bench_environment(url),
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )


def prepare(*, fresh: bool = False, cases: int | None = None) -> str:
    """Create and migrate the bench database, load catalogues and demo data; its URL."""
    url = ensure_database(fresh=fresh)
    manage(url, "migrate", "--no-input", "-v", "0")
    manage(url, "createcachetable", quiet=True)
    manage(url, "load_catalogues", quiet=True)
    seed = ["seed_demo", "--quiet"] + (["--cases", str(cases)] if cases else [])
    manage(url, *seed)
    # Planner statistics for the rows just seeded (autovacuum would take its time; with
    # the statistics of empty tables some queries pick sequential scans).
    manage(
        url,
        "shell",
        "-c",
        "from django.db import connection; connection.cursor().execute('ANALYZE')",
        quiet=True,
    )
    return url
