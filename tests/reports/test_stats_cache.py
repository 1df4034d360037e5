"""The statistics cache serves what a fresh computation would, and never a stale result.

These tests commit their rows (``transactional_db``): the cache stores a result only when
no writing transaction is in progress, and a test's own open transaction is one.
"""

from __future__ import annotations

from datetime import date

import psycopg2
import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.choices import CaseStatus
from funding.choices import ApplicationKind
from nsp.accounts.models import Organisation, User
from reports import stats_cache
from reports.statistics import statistics
from reports.stats_cache import cached_statistics, data_version
from tests.reports import factories
from tests.reports.factories import PERIOD, build

pytestmark = pytest.mark.django_db(transaction=True)


def _received(stats: object) -> dict[str, int]:
    return {row.key: row.received for row in stats.table1}  # type: ignore[attr-defined]


def test_a_repeated_request_is_served_from_the_cache_until_the_data_changes(
    org_a: Organisation, coordinator: User, staff_a: User
) -> None:
    world = build(org_a, coordinator, staff_a)
    first = cached_statistics(PERIOD)
    assert first == statistics(PERIOD)

    with CaptureQueriesContext(connection) as queries:
        again = cached_statistics(PERIOD)
    assert again == first
    assert len(queries) == 1  # the data version only

    # A login writes the user's history row: not a change the tables count.
    coordinator.last_login = timezone.now()
    coordinator.save()
    with CaptureQueriesContext(connection) as queries:
        assert cached_statistics(PERIOD) == first
    assert len(queries) == 1

    # A new application in the range: the next request counts it.
    factories.application(world.a1, staff_a, ApplicationKind.REST, date(2026, 4, 2))
    after = cached_statistics(PERIOD)
    assert _received(after)["rest_30"] == _received(first)["rest_30"] + 1
    assert after == statistics(PERIOD)

    # A change of an existing row (no new row) changes the version too.
    world.a3.status = CaseStatus.CLOSED
    world.a3.police_report_made = False
    world.a3.save()
    assert cached_statistics(PERIOD).table3.total == statistics(PERIOD).table3.total
    assert cached_statistics(PERIOD) == statistics(PERIOD)


def test_a_result_computed_inside_a_write_that_rolls_back_is_never_served(
    org_a: Organisation, coordinator: User, staff_a: User
) -> None:
    world = build(org_a, coordinator, staff_a)
    with transaction.atomic():
        factories.application(world.a1, staff_a, ApplicationKind.REST, date(2026, 4, 2))
        _version, quiet = data_version()
        assert not quiet
        inside = cached_statistics(PERIOD)
        assert _received(inside)["rest_30"] == 2  # its own row
        transaction.set_rollback(True)
    with CaptureQueriesContext(connection) as queries:
        outside = cached_statistics(PERIOD)
    assert len(queries) > 1  # computed again: the version of the rolled-back rows is gone
    assert _received(outside)["rest_30"] == 1


def test_a_result_computed_while_another_session_writes_is_kept_briefly(
    org_a: Organisation, coordinator: User, staff_a: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(org_a, coordinator, staff_a)
    kept: list[int] = []
    real_set = stats_cache.django_cache.set

    def spy(key: str, value: object, timeout: int) -> None:
        kept.append(timeout)
        real_set(key, value, timeout)

    monkeypatch.setattr(stats_cache.django_cache, "set", spy)
    other = psycopg2.connect(**connection.get_connection_params())
    try:
        with other.cursor() as cursor:
            # Writing what the tables do not count (every page view's access-log row) is
            # not a reason to keep a result briefly.
            cursor.execute("LOCK TABLE audit_accesslog IN ROW EXCLUSIVE MODE")
            assert data_version()[1] is True
            # Another session in the middle of writing a counted table's history.
            cursor.execute("LOCK TABLE cases_historicalcase IN ROW EXCLUSIVE MODE")
        assert data_version()[1] is False
        cached_statistics(PERIOD)
    finally:
        other.rollback()
        other.close()
    assert data_version()[1] is True
    cache.clear()
    cached_statistics(PERIOD)
    assert kept == [stats_cache.BRIEF_SECONDS, stats_cache.cache_seconds()]
