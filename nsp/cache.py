"""The version of the data the statistics count, kept in Django's cache.

A service that changes counted data (cases, funding, privacy) calls
``bump_statistics_version()`` inside its transaction; the new version is written when the
transaction commits (``transaction.on_commit``), so a rolled-back change leaves it alone.
Cached statistics are keyed on the version, so a committed change makes the next request
compute them anew.
"""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db import transaction

STATISTICS_VERSION_KEY = "nsp:statistics:version"


def statistics_version() -> str:
    """The current version (a random token, set on first use and on every bump)."""
    version = cache.get(STATISTICS_VERSION_KEY)
    if version is None:
        cache.add(STATISTICS_VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(STATISTICS_VERSION_KEY)
    return str(version)


def _new_version() -> None:
    cache.set(STATISTICS_VERSION_KEY, uuid.uuid4().hex, timeout=None)


def bump_statistics_version() -> None:
    """Give the statistics a new version once the current transaction commits."""
    transaction.on_commit(_new_version)
