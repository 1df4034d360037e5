"""The statistics cache serves what a fresh computation would, and never a stale result.

These tests commit their rows (``transactional_db``): the services bump the statistics'
version when their transaction commits (``transaction.on_commit``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import services as case_services
from cases.police import case_police_report_record
from nsp.accounts.models import Organisation, User
from nsp.cache import bump_statistics_version, statistics_version
from reports.statistics import DateRange, Statistics, statistics
from reports.stats_cache import cached_statistics
from tests.conftest import login
from tests.reports.factories import PERIOD, build

pytestmark = pytest.mark.django_db(transaction=True)

# The statistics page with the production cache (Django's DatabaseCache): session, user,
# one get_many for the version and the stored result, the access log; computed, also the
# tables' five queries and cache.set's five statements (COUNT for culling, BEGIN, SELECT,
# INSERT or UPDATE, COMMIT). When the tables name cases (Table 1's notes), two more: the
# cases behind the numbers and the list row naming them (reports/access.py, issue 17).
SERVED_QUERIES = 6
COMPUTED_QUERIES = 16


def _inquiries(stats: Statistics) -> int:
    return next(row.received for row in stats.table1 if row.key == "inquiries")


def _police(stats: Statistics) -> int:
    section = next(s for s in stats.table3.sections if s.key == "police")
    return section.lines[0].count


def _record_inquiry(coordinator: User) -> None:
    case_services.inquiry_record(
        organisation=None,
        by=coordinator,
        received_on=date(2026, 4, 2),
        from_whom="Polisen",
        description="Förfrågan via tjänsten",
    )


def test_a_repeated_request_is_served_from_the_cache_until_a_service_changes_the_data(
    org_a: Organisation, coordinator: User, staff_a: User
) -> None:
    world = build(org_a, coordinator, staff_a)
    first = cached_statistics(PERIOD)
    assert first == statistics(PERIOD)

    with CaptureQueriesContext(connection) as queries:
        assert cached_statistics(PERIOD) == first
    assert len(queries) == 0  # the test cache lives in memory: nothing computed

    # A login writes the user's row: no service of the counted data ran.
    coordinator.last_login = timezone.now()
    coordinator.save()
    with CaptureQueriesContext(connection) as queries:
        assert cached_statistics(PERIOD) == first
    assert len(queries) == 0

    # A new inquiry through the service: once it commits, the next request counts it.
    version = statistics_version()
    _record_inquiry(coordinator)
    assert statistics_version() != version
    after = cached_statistics(PERIOD)
    assert _inquiries(after) == _inquiries(first) + 1
    assert after == statistics(PERIOD)

    # A change of an existing row through its service.
    case_police_report_record(case=world.a2, by=staff_a)  # a journal entry says so
    changed = cached_statistics(PERIOD)
    assert _police(changed) == _police(after) + 1
    assert changed == statistics(PERIOD)


def test_a_change_that_rolls_back_keeps_the_version_and_the_cached_result(
    org_a: Organisation, coordinator: User, staff_a: User
) -> None:
    build(org_a, coordinator, staff_a)
    first = cached_statistics(PERIOD)
    version = statistics_version()
    other_period = DateRange(PERIOD.start, date(2026, 8, 1))
    other_before = _inquiries(statistics(other_period))
    with transaction.atomic():
        _record_inquiry(coordinator)
        # The version changes only when the change commits.
        assert statistics_version() == version
        assert cached_statistics(PERIOD) == first
        # Computed inside the transaction, the tables count its own row; that result is
        # not stored for anyone else.
        assert _inquiries(cached_statistics(other_period)) == other_before + 1
        transaction.set_rollback(True)
    assert statistics_version() == version
    with CaptureQueriesContext(connection) as queries:
        assert cached_statistics(PERIOD) == first
    assert len(queries) == 0
    with CaptureQueriesContext(connection) as queries:
        assert _inquiries(cached_statistics(other_period)) == other_before
    assert len(queries) > 0


def test_no_cache_when_the_setting_is_zero(
    org_a: Organisation, coordinator: User, staff_a: User, settings: object
) -> None:
    build(org_a, coordinator, staff_a)
    settings.NSP_STATISTICS_CACHE_SECONDS = 0  # type: ignore[attr-defined]
    cached_statistics(PERIOD)
    with CaptureQueriesContext(connection) as queries:
        cached_statistics(PERIOD)
    assert len(queries) > 0


def test_the_page_reads_the_version_and_the_result_in_one_query(
    org_a: Organisation,
    coordinator: User,
    staff_a: User,
    settings: Any,
    django_assert_max_num_queries: Any,
) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "nsp_cache",
        }
    }
    call_command("createcachetable")
    cache.clear()
    build(org_a, coordinator, staff_a)
    client = login(coordinator)
    url = reverse("reports:statistics")
    client.get(url)  # the session, the version and the result are stored
    try:
        for _ in range(2):  # the second time the result is stored under the same key
            bump_statistics_version()  # a service's change has committed
            with django_assert_max_num_queries(COMPUTED_QUERIES) as computed:
                assert client.get(url).status_code == 200
            assert len(computed) > SERVED_QUERIES  # the tables were computed
            with django_assert_max_num_queries(SERVED_QUERIES):
                assert client.get(url).status_code == 200
    finally:
        cache.clear()
