"""Statistics computed once per version of the counted data, then served from the cache.

Tables 1–3 for a year scan every case and application of the year (about a second at
100 000 cases), while the data they count changes a few times an hour. The services that
change counted data (cases, funding, privacy) bump ``nsp.cache.statistics_version()``
when their transaction commits; the cache key is (version, parameters), so the first
request after a change computes the tables again. ``NSP_STATISTICS_CACHE_SECONDS``
(10 minutes) bounds how long a result is served after a change made outside the services
(a data migration, the admin, a shell).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone, translation

from nsp.cache import statistics_version
from reports.statistics import DateRange, Statistics, statistics


def cache_seconds() -> int:
    return int(getattr(settings, "NSP_STATISTICS_CACHE_SECONDS", 600))


def _key(period: DateRange, notes: bool) -> str:
    parts = (
        statistics_version(),
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
    stored = cache.get(key)
    if isinstance(stored, Statistics):
        return stored
    result = statistics(period, notes=notes)
    # Inside a transaction the tables may count its own uncommitted rows: not for others.
    if not connection.in_atomic_block:
        cache.set(key, result, cache_seconds())
    return result
