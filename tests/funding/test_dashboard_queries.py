"""The role dashboards' query budget: every app's panels together, counted per request.

At 100 000 cases the dashboard was the slowest part of the coordinator's day
(docs/PERFORMANCE.md); the panels now read the certification table in one query, count
open and overdue action items together, and join only what they show.
"""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Case
from nsp.accounts.models import User
from tests.conftest import login
from tests.funding.factories import grant, rest_application


def _dashboard_queries(user: User) -> int:
    client = login(user)
    client.get(reverse("dashboard"))  # the first request after a login writes the session
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("dashboard")).status_code == 200
    return len(captured)


def test_the_dashboards_stay_within_their_query_budget(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    grant(rest_application(admitted_case, staff_a, days=10), coordinator)
    rest_application(admitted_case, staff_a, days=10)
    # + 3 each since issue 19: seed 004's deadlines (plans to establish, plans to follow up:
    # the first ten of each read by the database, interventions unused).
    assert _dashboard_queries(coordinator) <= 19
    assert _dashboard_queries(staff_a) <= 15
