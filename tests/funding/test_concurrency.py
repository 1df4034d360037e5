"""Two deciders at once: exactly one decision; two grants cannot overdraw a stream.

Each thread uses its own database connection; a barrier starts them together.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from funding.choices import Stream
from funding.models import Decision
from funding.selectors import stream_remaining
from nsp.accounts.models import User
from tests.factories import OrganisationFactory, UserFactory
from tests.funding.factories import (
    FundingCaseFactory,
    budget,
    certify,
    grant,
    phase,
    rest_application,
    stream,
)


def _race(*jobs: Callable[[], Any]) -> list[Any]:
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)

    def run(index: int, job: Callable[[], Any]) -> None:
        try:
            with translation.override("en"):
                barrier.wait()
                results[index] = job()
        except Exception as exc:
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def _world() -> tuple[User, User, User]:
    org = OrganisationFactory(name="Aktör A")
    certify(org)
    phase()
    staff = UserFactory(username="staff_a", organisation=org)
    first = UserFactory(username="coordinator", coordinator=True)
    second = UserFactory(username="programme_manager", programme_manager=True)
    return staff, first, second


@pytest.mark.django_db(transaction=True)
def test_two_deciders_on_one_application_record_exactly_one_decision() -> None:
    staff, first, second = _world()
    budget()
    case = FundingCaseFactory(organisation=staff.organisation, admitted=True)
    application = rest_application(case, staff)
    results = _race(lambda: grant(application, first), lambda: grant(application, second))
    decisions = [r for r in results if isinstance(r, Decision)]
    errors = [r for r in results if isinstance(r, ValidationError)]
    assert len(decisions) == 1 and len(errors) == 1, results
    assert "no longer waiting" in errors[0].messages[0]
    assert Decision.objects.filter(application=application).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_grants_at_once_cannot_overdraw_the_stream() -> None:
    staff, first, second = _world()
    budget(rest="50000")
    one = rest_application(
        FundingCaseFactory(organisation=staff.organisation, admitted=True), staff
    )
    two = rest_application(
        FundingCaseFactory(organisation=staff.organisation, admitted=True), staff
    )
    results = _race(lambda: grant(one, first), lambda: grant(two, second))
    assert sum(isinstance(r, Decision) for r in results) == 1, results
    assert stream_remaining(stream(Stream.REST)) == Decimal("14000")
