"""The queues, the budget page and the dashboard stay a fixed number of queries (no N+1)."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Case
from nsp.accounts.models import User
from tests.conftest import login
from tests.funding.factories import grant, rest_application

PAGES = ("funding:application_list", "funding:budget", "funding:decision_register", "dashboard")


def _query_counts(client: Any) -> dict[str, int]:
    counts = {}
    for name in PAGES:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(name)).status_code == 200
        counts[name] = len(captured)
    return counts


def test_list_budget_register_and_dashboard_do_not_grow_with_the_rows(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    client = login(coordinator)
    grant(rest_application(admitted_case, staff_a, days=2), coordinator, outcome="denied")
    rest_application(admitted_case, staff_a, days=2)
    few = _query_counts(client)
    for _ in range(6):
        grant(rest_application(admitted_case, staff_a, days=2), coordinator, outcome="denied")
        rest_application(admitted_case, staff_a, days=2)
    many = _query_counts(client)
    assert many == few
    assert max(many.values()) <= 30, many
