"""Case numbers are gapless and unique even when two admissions happen at once."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from cases.models import Case
from cases.services import case_admit
from nsp.accounts.models import Organisation, User
from tests.cases.factories import CaseFactory
from tests.factories import OrganisationFactory


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_admissions_get_nsp001_and_nsp002(coordinator: User, staff_a: User) -> None:
    first = CaseFactory(organisation=staff_a.organisation, surname_initial="A")
    second = CaseFactory(organisation=staff_a.organisation, surname_initial="B")
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def admit(case: Case) -> None:
        try:
            barrier.wait(timeout=10)
            case_admit(case=case, admitted_on=date(2026, 1, 5), by=coordinator)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()  # each thread had its own connection

    threads = [threading.Thread(target=admit, args=(c,)) for c in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert not errors
    numbers = sorted(Case.objects.values_list("case_number", flat=True))
    assert numbers == ["NSP001", "NSP002"]
    assert sorted(Case.objects.values_list("number", flat=True)) == [1, 2]


@pytest.mark.django_db
def test_it_continues_after_the_highest_number(coordinator: User) -> None:
    CaseFactory(admitted=True, number=41, case_number="NSP041")
    case = CaseFactory()
    admitted = case_admit(case=case, admitted_on=date(2026, 1, 5), by=coordinator)
    assert admitted.case_number == "NSP042"


@pytest.mark.django_db
def test_it_refuses_to_number_a_case_twice(coordinator: User) -> None:
    case = CaseFactory()
    case_admit(case=case, admitted_on=date(2026, 1, 5), by=coordinator)
    with pytest.raises(ValidationError):
        case_admit(case=case, admitted_on=date(2026, 1, 6), by=coordinator)


@pytest.mark.django_db
def test_a_draft_application_cannot_be_admitted(coordinator: User) -> None:
    with pytest.raises(ValidationError):
        case_admit(case=CaseFactory(draft=True), admitted_on=date(2026, 1, 5), by=coordinator)


@pytest.mark.django_db
def test_each_actor_numbers_its_cases_from_the_first_save(org_a: Organisation) -> None:
    """Issue 18: a readable reference from the first save — initials, birth year and a short
    per-actor serial ("K.M. 1995 · A-0012"); the NSP number joins it at admission."""
    org_b = OrganisationFactory(name="Senare aktör")
    a1 = CaseFactory(organisation=org_a, first_name_initial="K", surname_initial="M")
    a2 = CaseFactory(organisation=org_a, first_name_initial="K", surname_initial="M")
    b1 = CaseFactory(organisation=org_b)
    assert (a1.serial, a2.serial, b1.serial) == (1, 2, 1)
    assert a1.serial_prefix != b1.serial_prefix  # each actor has its own letter
    assert str(a1) == f"K.M. 1995 · {a1.serial_prefix}-0001"
    assert str(a1) != str(a2)
    admitted = CaseFactory(organisation=org_a, admitted=True)
    assert str(admitted).startswith(f"{admitted.case_number} · ")
    assert str(admitted).endswith(f"{admitted.serial_prefix}-0003")
