"""Erasure on a data subject's request: delete without decisions, anonymise with them."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.models import Case, CaseDocument, Child, Inquiry, PlanItem
from funding.models import Decision, FundingApplication
from nsp.accounts.models import Organisation, User
from privacy.anonymise import PLACEHOLDER
from privacy.choices import ErasureKind
from privacy.models import ErasureRecord
from privacy.services import case_can_be_deleted, case_erase
from tests.conftest import login
from tests.privacy.factories import full_case

pytestmark = pytest.mark.django_db


def _history_count(model: Any, **lookup: Any) -> int:
    return int(model.history.model.objects.filter(**lookup).count())


def test_it_deletes_a_case_without_decisions_and_its_history(
    org_a: Organisation, staff_a: User, coordinator: User
) -> None:
    case = full_case(org_a, staff_a, coordinator, closed_years_ago=None, decided=False)
    assert case_can_be_deleted(case)
    record = case_erase(case=case, reason="Begäran 2026-11-01", decided_by="Chef A", by=coordinator)

    assert record.kind == ErasureKind.DELETED
    assert record.case_number == case.case_number and record.performed_by == coordinator
    assert not Case.objects.filter(pk=case.pk).exists()
    for model in (Child, CaseDocument, PlanItem):
        assert not model.objects.exists()
        assert _history_count(model, case_id=case.pk) == 0
    assert _history_count(Case, id=case.pk) == 0
    assert not FundingApplication.objects.exists()
    assert _history_count(FundingApplication) == 0
    inquiry = Inquiry.objects.get()  # Table 1 still counts it
    assert inquiry.case_id is None and inquiry.description == PLACEHOLDER
    assert _history_count(Inquiry, case_id=case.pk) == 0


def test_it_anonymises_a_case_with_decisions(
    org_a: Organisation, staff_a: User, coordinator: User
) -> None:
    case = full_case(org_a, staff_a, coordinator, closed_years_ago=None)
    assert not case_can_be_deleted(case)
    record = case_erase(case=case, reason="Begäran", decided_by="Chef A", by=coordinator)
    assert record.kind == ErasureKind.ANONYMISED
    case.refresh_from_db()
    assert case.surname_initial == "X"
    assert Decision.objects.get().motivation == PLACEHOLDER
    assert record.summary["fields"]["cases.case"] >= 2


def test_it_requires_a_reason_and_a_decider(
    org_a: Organisation, staff_a: User, coordinator: User
) -> None:
    case = full_case(org_a, staff_a, coordinator, closed_years_ago=None, decided=False)
    with pytest.raises(ValidationError):
        case_erase(case=case, reason=" ", decided_by="Chef", by=coordinator)
    with pytest.raises(ValidationError):
        case_erase(case=case, reason="Begäran", decided_by="", by=coordinator)
    assert Case.objects.filter(pk=case.pk).exists()


def test_it_refuses_a_second_erasure(org_a: Organisation, staff_a: User, coordinator: User) -> None:
    case = full_case(org_a, staff_a, coordinator, closed_years_ago=None)
    case_erase(case=case, reason="Begäran", decided_by="Chef", by=coordinator)
    with pytest.raises(ValidationError):
        case_erase(case=case, reason="Igen", decided_by="Chef", by=coordinator)
    assert ErasureRecord.objects.count() == 1


def test_the_view_erases_on_post(org_a: Organisation, staff_a: User, coordinator: User) -> None:
    case = full_case(org_a, staff_a, coordinator, closed_years_ago=None, decided=False)
    url = reverse("privacy:case_erase", args=[case.pk])
    client = login(coordinator)
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "Brev", "decided_by": "Chef A"})
    assert response.status_code == 200  # not confirmed
    assert Case.objects.filter(pk=case.pk).exists()
    response = client.post(url, {"reason": "Brev", "decided_by": "Chef A", "confirm": "on"})
    assert response.status_code == 302
    assert not Case.objects.filter(pk=case.pk).exists()


@pytest.mark.parametrize("persona", ["staff_a", "manager_a", "programme_manager", "staff_b"])
def test_it_is_for_the_coordinator_only(
    persona: str,
    request: pytest.FixtureRequest,
    org_a: Organisation,
    staff_a: User,
    coordinator: User,
) -> None:
    case = full_case(org_a, staff_a, coordinator, closed_years_ago=None, decided=False)
    user = request.getfixturevalue(persona)
    response = login(user).post(
        reverse("privacy:case_erase", args=[case.pk]),
        {"reason": "Brev", "decided_by": "Chef A", "confirm": "on"},
    )
    assert response.status_code in (403, 404)
    assert Case.objects.filter(pk=case.pk).exists()
