"""Statistics computed once per state of the data, then served from the cache.

Tables 1–3 for a year of a national programme scan every case and application of the
year (~0.5–1 s at 100 000 cases), while the data they count changes a few times an
hour. ``cached_statistics`` keys the result on the **state of the data**: the highest
history id of every historical table (every domain model writes a history row on each
change — ``nsp.models.DomainModel``; the ids come from sequences, so any insert, update or
delete through the models raises one of them). One query of index-only look-ups reads it.

Correctness under concurrency:

* the version is read *before* the tables are computed, so the stored result is never
  older than its key (a write committed in between makes it newer, and the next
  request computes again under the next key);
* a write still in progress when the version is read could commit later without raising
  the maximum — only when another writer of the same history table took a later id and
  committed first. So a result is kept the full time only when no other session is
  writing one of the counted history tables (its INSERT holds a ``ROW EXCLUSIVE`` lock on
  the table until it commits: ``pg_locks``) and the caller's own transaction has written
  nothing; otherwise for ``BRIEF_SECONDS`` (30 s) only, which bounds how long that rare
  race can show a count one short. A writer that has not inserted its history row yet
  will take a higher id than any seen, and raise the version when it commits. Writes to
  other tables (the access log of every page view, sessions) do not matter. A result
  computed inside a transaction that later rolls back carries ids no one will see again,
  so its key never comes back;
* ``NSP_STATISTICS_CACHE_SECONDS`` (10 minutes) bounds anything else (a write outside
  the models, such as the anonymisation's ``bulk_update``, which records an erasure row
  with history anyway).

The version covers the apps whose rows the tables count (``COUNTED_APPS``). The key also
holds the range, the notes flag, the language (notes are rendered text) and today's date.
While one request computes a key (under a PostgreSQL advisory lock), the others asking for
the same key wait for its result instead of computing it too.
"""

from __future__ import annotations

import hashlib
from functools import cache

from django.conf import settings
from django.core.cache import cache as django_cache
from django.db import connection
from django.utils import timezone, translation
from simple_history.models import registered_models

from reports.statistics import DateRange, Statistics, statistics

_PREFIX = "nsp:statistics:v1"
# The apps whose rows the tables count (cases, funding) or rewrite (privacy's erasure).
# Not accounts: a login writes the user's history row and must not throw the result away.
COUNTED_APPS = ("cases", "funding", "privacy")
# Advisory lock class of "computing the statistics for one key" (any constant int4).
_LOCK_CLASS = 7_000_301
# How long a result computed while another session was writing is kept (see above).
BRIEF_SECONDS = 30


@cache
def _version_sql() -> str:
    tables = sorted(
        model.history.model._meta.db_table
        for model in registered_models.values()
        if model._meta.app_label in COUNTED_APPS and hasattr(model, "history")
    )
    quote = connection.ops.quote_name
    # Table names from the model registry, never input.
    maxima = ", ".join(f"(SELECT max(history_id) FROM {quote(t)})" for t in tables)  # noqa: S608
    # Quiet: no other session is writing one of these history tables (an INSERT holds a
    # ROW EXCLUSIVE lock on its table until the transaction ends), and our own transaction
    # has written nothing.
    relations = ", ".join(f"'{quote(t)}'::regclass" for t in tables)
    return (
        f"SELECT ARRAY[{maxima}]::text, "  # noqa: S608
        "pg_current_xact_id_if_assigned() IS NULL AND NOT EXISTS (SELECT 1 FROM pg_locks "
        "WHERE locktype = 'relation' AND mode = 'RowExclusiveLock' AND granted "
        f"AND pid <> pg_backend_pid() AND relation = ANY(ARRAY[{relations}]::oid[]))"
    )


def data_version() -> tuple[str, bool]:
    """(the highest history id of every historical table, no writer in progress)."""
    with connection.cursor() as cursor:
        cursor.execute(_version_sql())
        version, quiet = cursor.fetchone()
    return str(version), bool(quiet)


def cache_seconds() -> int:
    return int(getattr(settings, "NSP_STATISTICS_CACHE_SECONDS", 600))


def cached_statistics(period: DateRange, *, notes: bool = True) -> Statistics:
    """``reports.statistics.statistics``, computed once per state of the data."""
    if cache_seconds() <= 0:
        return statistics(period, notes=notes)
    version, quiet = data_version()
    parts = (
        _PREFIX,
        str(period),
        str(notes),
        translation.get_language() or "",
        str(timezone.localdate()),
        version,
    )
    key = f"{_PREFIX}:{hashlib.sha256('|'.join(parts).encode()).hexdigest()}"
    stored = django_cache.get(key)
    if isinstance(stored, Statistics):
        return stored
    if not quiet:  # rare: a write of counted rows is in flight; keep the result briefly
        result = statistics(period, notes=notes)
        django_cache.set(key, result, min(BRIEF_SECONDS, cache_seconds()))
        return result
    # One request computes a key; the others asking for it meanwhile wait for its result
    # instead of each scanning the year too.
    lock = int.from_bytes(bytes.fromhex(key[-8:]), "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s, %s)", [_LOCK_CLASS, lock])
        try:
            stored = django_cache.get(key)
            if isinstance(stored, Statistics):
                return stored
            result = statistics(period, notes=notes)
            django_cache.set(key, result, cache_seconds())
            return result
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [_LOCK_CLASS, lock])
