"""Purchase requests against the intervention list (NSP/IL/Dok.05, NSP/IA/Dok.06)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from cases.models import Case
from certification.models import Certification
from nsp.accounts.models import User
from tests.funding.factories import FundingCaseFactory, intervention_application


def test_therapy_five_sessions_at_800_is_4000(admitted_case: Case, staff_a: User) -> None:
    application = intervention_application(
        admitted_case, staff_a, key="therapy", quantity=5, unit_cost="800"
    )
    assert application.requested_amount == 4000


def test_tattoo_removal_of_4500_is_within_the_cap(admitted_case: Case, staff_a: User) -> None:
    application = intervention_application(
        admitted_case,
        staff_a,
        key="other",
        quantity=1,
        unit_cost="4500",
        description="Borttagning av tatuering (märkning av människohandlare).",
    )
    assert application.requested_amount == 4500


def test_tattoo_removal_of_5200_exceeds_the_cap(admitted_case: Case, staff_a: User) -> None:
    with pytest.raises(ValidationError, match="5000"):
        intervention_application(
            admitted_case,
            staff_a,
            key="other",
            quantity=1,
            unit_cost="5200",
            description="Borttagning av tatuering.",
        )


def test_the_cap_is_per_occasion_not_per_unit(admitted_case: Case, staff_a: User) -> None:
    with pytest.raises(ValidationError, match="cap"):
        intervention_application(admitted_case, staff_a, key="therapy", quantity=7, unit_cost="800")


def test_a_phone_at_250_exceeds_its_list_max_of_200(admitted_case: Case, staff_a: User) -> None:
    with pytest.raises(ValidationError, match="200"):
        intervention_application(
            admitted_case, staff_a, key="mobile_phone", quantity=1, unit_cost="250"
        )


def test_other_needs_a_description(admitted_case: Case, staff_a: User) -> None:
    with pytest.raises(ValidationError, match="Other"):
        intervention_application(admitted_case, staff_a, key="other", quantity=1, unit_cost="100")


def test_cost_documentation_is_required(admitted_case: Case, staff_a: User) -> None:
    with pytest.raises(ValidationError, match="cost documentation"):
        intervention_application(
            admitted_case,
            staff_a,
            key="therapy",
            quantity=1,
            unit_cost="800",
            cost_document=None,
        )


def test_only_certified_actors_apply(admitted_case: Case, staff_a: User) -> None:
    Certification.objects.filter(organisation=admitted_case.organisation).update(
        status="not_started"
    )
    with pytest.raises(ValidationError, match="not certified"):
        intervention_application(admitted_case, staff_a, key="therapy", quantity=1, unit_cost="800")


def test_an_actor_cannot_apply_for_another_actors_case(admitted_case: Case, staff_b: User) -> None:
    with pytest.raises(ValidationError, match="own organisation"):
        intervention_application(admitted_case, staff_b, key="therapy", quantity=1, unit_cost="800")


def test_an_intervention_can_be_applied_for_together_with_admission(
    org_a: object, pilot_budget: object, staff_a: User
) -> None:
    """002: "Tillträde och finansiering av punktinsats kan ansökas samtidigt" (this test
    asserted the opposite before issue 15)."""
    case = FundingCaseFactory(organisation=org_a)
    application = intervention_application(
        case, staff_a, key="therapy", quantity=1, unit_cost="800"
    )
    assert application.with_admission and application.case.case_number is None


def test_a_refused_case_cannot_apply_for_interventions(
    org_a: object, pilot_budget: object, staff_a: User
) -> None:
    case = FundingCaseFactory(organisation=org_a, status="refused")
    with pytest.raises(ValidationError, match="neither applying for admission nor admitted"):
        intervention_application(case, staff_a, key="therapy", quantity=1, unit_cost="800")
