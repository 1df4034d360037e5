"""Statistics computed once per version of the counted data, then served from the cache.

Tables 1–3 for a year scan every case and application of the year (about a second at
100 000 cases), while the data they count changes a few times an hour. The services that
change counted data (cases, funding, privacy) bump ``nsp.cache.statistics_version()``
when their transaction commits. A result is stored under a key of its parameters,
together with the version it counted; one ``get_many`` reads the current version and the
stored result, and a result of another version is computed again.
``NSP_STATISTICS_CACHE_SECONDS`` (10 minutes) bounds how long a result is served after a
change made outside the services (a data migration, the admin, a shell).

Queries of the statistics page with Django's database cache: 4 when served (session, user,
this ``get_many``, the access log); 14 when computed — the five of the tables and the five
statements of ``cache.set`` (Django 5.2's ``DatabaseCache`` always counts the table for
culling, then ``BEGIN``, ``SELECT``, ``INSERT``/``UPDATE``, ``COMMIT``).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone, translation

from nsp.cache import STATISTICS_VERSION_KEY, statistics_version
from reports.statistics import DateRange, Statistics, statistics


def cache_seconds() -> int:
    return int(getattr(settings, "NSP_STATISTICS_CACHE_SECONDS", 600))


def _key(period: DateRange, notes: bool) -> str:
    parts = (
        str(period),
        str(notes),
        translation.get_language() or "",  # the notes are rendered text
        str(timezone.localdate()),
    )
    return "nsp:statistics:" + hashlib.sha256("|".join(parts).encode()).hexdigest()


def cached_statistics(period: DateRange, *, notes: bool = True) -> Statistics:
    """``reports.statistics.statistics``, computed once per version of the data."""
    if cache_seconds() <= 0:
        return statistics(period, notes=notes)
    key = _key(period, notes)
    found = cache.get_many([STATISTICS_VERSION_KEY, key])
    version = found.get(STATISTICS_VERSION_KEY)
    if version is None:  # first use, or the cache was emptied
        version = statistics_version()
    match found.get(key):
        case (str() as stored_version, Statistics() as stored) if stored_version == version:
            return stored
    # The version was read before computing: a change committed meanwhile gives a newer
    # one, so the result stored below is not served after it.
    result = statistics(period, notes=notes)
    # Inside a transaction the tables may count its own uncommitted rows: not for others.
    if not connection.in_atomic_block:
        cache.set(key, (version, result), cache_seconds())
    return result
