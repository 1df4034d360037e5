"""Funding fixtures: a certified actor A, the active pilot phase and the pilot budget."""

from __future__ import annotations

from typing import Any

import pytest

from cases.models import Case
from funding.models import BudgetPeriod, ProgrammePhase
from nsp.accounts.models import Organisation
from tests.funding.factories import FundingCaseFactory, budget, certify, phase


@pytest.fixture
def pilot(org_a: Organisation) -> ProgrammePhase:
    certify(org_a)
    return phase()


@pytest.fixture
def pilot_budget(pilot: ProgrammePhase) -> BudgetPeriod:
    return budget()


@pytest.fixture
def admitted_case(org_a: Organisation, pilot_budget: Any) -> Case:
    return FundingCaseFactory(organisation=org_a, admitted=True)


@pytest.fixture(autouse=True)
def _english() -> Any:
    """Service messages are matched in their English source form."""
    from django.utils import translation

    with translation.override("en"):
        yield
