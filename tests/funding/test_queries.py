"""The queues and the budget page stay a fixed number of queries (no N+1)."""

from __future__ import annotations

import time
from typing import Any

from django.urls import reverse

from cases.models import Case
from nsp.accounts.models import User
from tests.conftest import login
from tests.funding.factories import grant, rest_application


def _queries(client: Any, url: str, django_assert_max_num_queries: Any, limit: int) -> None:
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200


def test_list_and_budget_do_not_grow_with_the_number_of_rows(
    admitted_case: Case,
    staff_a: User,
    coordinator: User,
    django_assert_max_num_queries: Any,
) -> None:
    for _ in range(6):
        grant(rest_application(admitted_case, staff_a), coordinator, outcome="denied")
        rest_application(admitted_case, staff_a)
    client = login(coordinator)
    _queries(client, reverse("funding:application_list"), django_assert_max_num_queries, 12)
    _queries(client, reverse("funding:budget"), django_assert_max_num_queries, 16)
    _queries(client, reverse("funding:decision_register"), django_assert_max_num_queries, 12)
    _queries(client, reverse("dashboard"), django_assert_max_num_queries, 16)


def test_signing_a_decision_with_its_pdf_takes_under_three_seconds(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    application = rest_application(admitted_case, staff_a)
    started = time.perf_counter()
    grant(application, coordinator)
    assert time.perf_counter() - started < 3.0
