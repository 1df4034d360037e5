"""The target group: adults; a person under 18 is not admitted (children come with a parent).

Seed 002, "Målgrupp": "Dessutom ingår ett barnperspektiv som innebär att den utsattas barn
inkluderas i stödinsatsen så långt som är möjligt."
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.choices import CaseStatus, DocumentKind
from cases.models import Case
from cases.services import application_save, case_admit
from cases.target_group import is_certainly_minor
from nsp.accounts.models import User
from tests.cases.factories import CaseFactory, answers_for
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_only_a_certain_minor_is_under_18() -> None:
    on = date(2026, 6, 1)
    assert is_certainly_minor(2009, on)  # 16 or 17
    assert not is_certainly_minor(2008, on)  # 17 or 18: the assessment decides
    assert not is_certainly_minor(1990, on)


def test_an_application_for_a_person_under_18_is_refused(staff_a: User) -> None:
    minor_year = timezone.localdate().year - 17
    answers = answers_for(DocumentKind.INITIAL, birth_year=minor_year)
    assert staff_a.organisation is not None
    with pytest.raises(ValidationError, match="18"):
        application_save(organisation=staff_a.organisation, by=staff_a, answers=answers)
    assert not Case.objects.exists()


def test_a_person_under_18_is_not_admitted(org_a: object, coordinator: User) -> None:
    case = CaseFactory(organisation=org_a, birth_year=timezone.localdate().year - 16)
    with pytest.raises(ValidationError, match="18"):
        case_admit(case=case, admitted_on=timezone.localdate(), by=coordinator)
    case.refresh_from_db()
    assert case.status == CaseStatus.APPLIED and case.case_number is None


def test_the_application_says_so_before_it_is_filled_in(staff_a: User) -> None:
    page = login(staff_a).get(reverse("cases:application_create")).content.decode()
    assert "under 18" in page or "under 18 år" in page
