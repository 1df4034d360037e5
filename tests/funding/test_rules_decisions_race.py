"""Seed rule (issue 15): admission is a decision — also when two deciders act at once.

Each thread has its own database connection (as in tests/cases/test_concurrency.py); a
barrier starts both decisions together. The case row lock serialises them: the second
finds the admission decided and is refused, or (support with admission) sees the outcome.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from cases.choices import CaseStatus
from cases.models import Case
from funding.choices import ApplicationKind, Outcome
from funding.models import Decision
from funding.services import admission_decide
from nsp.accounts.models import Organisation, User
from tests.funding.factories import FundingCaseFactory, grant, rest_application

pytestmark = pytest.mark.django_db(transaction=True)


def _at_once(*jobs: Callable[[], Any]) -> list[Any]:
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)

    def run(index: int, job: Callable[[], Any]) -> None:
        try:
            with translation.override("en"):
                barrier.wait(timeout=10)
                results[index] = job()
        except Exception as exc:
            results[index] = exc
        finally:
            connection.close()  # each thread had its own connection

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def test_two_deciders_granting_and_refusing_admission_at_once_make_one_decision(
    org_a: Organisation, pilot_budget: object, coordinator: User, programme_manager: User
) -> None:
    """Seed 002, NSP/IB/Dok.01: "Tillträde till NSP: Beviljas / Nekas" — one decision."""
    case = FundingCaseFactory(organisation=org_a)
    results = _at_once(
        lambda: admission_decide(
            case=case, by=coordinator, outcome=Outcome.GRANTED, motivation="Målgrupp."
        ),
        lambda: admission_decide(
            case=case, by=programme_manager, outcome=Outcome.DENIED, motivation="Ej målgrupp."
        ),
    )
    assert sum(isinstance(r, ValidationError) for r in results) == 1, results
    assert sum(isinstance(r, Decision) for r in results) == 1, results
    case.refresh_from_db()
    decision = Decision.objects.get()
    assert decision.application.kind == ApplicationKind.ADMISSION
    assert case.funding_applications.count() == 1
    expected = CaseStatus.ADMITTED if decision.outcome == Outcome.GRANTED else CaseStatus.REFUSED
    assert case.status == expected
    assert (case.status == CaseStatus.ADMITTED) == (case.case_number is not None)


def test_admission_alone_and_with_30_days_at_once_decide_admission_once(
    org_a: Organisation,
    pilot_budget: object,
    staff_a: User,
    coordinator: User,
    programme_manager: User,
) -> None:
    """Seed 002, "Exempel beslutshandling": admission and 30 days decided together; a
    second decider deciding admission alone at the same moment never makes a second
    admission decision, and 30 days are never granted on a refused admission."""
    case = FundingCaseFactory(organisation=org_a)
    rest = rest_application(case, staff_a)
    results = _at_once(
        lambda: grant(rest, coordinator),
        lambda: admission_decide(
            case=case, by=programme_manager, outcome=Outcome.DENIED, motivation="Ej målgrupp."
        ),
    )
    case.refresh_from_db()
    admissions = Decision.objects.filter(application__kind=ApplicationKind.ADMISSION)
    assert admissions.count() == 1, results
    rest_decisions = Decision.objects.filter(application=rest)
    if admissions.get().outcome == Outcome.DENIED:
        assert case.status == CaseStatus.REFUSED
        assert not rest_decisions.exists(), results
        assert isinstance(results[0], ValidationError)
    else:
        assert case.status == CaseStatus.ADMITTED
        assert rest_decisions.get().outcome == Outcome.GRANTED
        assert isinstance(results[1], ValidationError)


def test_admissions_of_two_cases_at_once_get_consecutive_numbers(
    org_a: Organisation, pilot_budget: object, coordinator: User, programme_manager: User
) -> None:
    """Issue 15: "a register number (same gapless numbering as other decisions)"."""
    first, second = FundingCaseFactory(organisation=org_a), FundingCaseFactory(organisation=org_a)
    results = _at_once(
        lambda: admission_decide(
            case=first, by=coordinator, outcome=Outcome.GRANTED, motivation="Målgrupp."
        ),
        lambda: admission_decide(
            case=second, by=programme_manager, outcome=Outcome.GRANTED, motivation="Målgrupp."
        ),
    )
    assert all(isinstance(r, Decision) for r in results), results
    assert sorted(Decision.objects.values_list("number", flat=True)) == [1, 2]
    numbers = sorted(Case.objects.values_list("number", flat=True))
    assert numbers == [1, 2]
