"""Seed 002's rules for 90 days' integration, one test per rule (docs/RULES.md, "Funding
rules")."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.models import Case
from funding.services import Guidelines
from nsp.accounts.models import User
from tests.cases.factories import CaseDocumentFactory
from tests.funding.factories import (
    grant,
    integration_application,
    intervention_application,
    rest_application,
)


def test_a_guideline_answered_no_refuses_a_grant_without_special_circumstances(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    """NSP/AI/Dok.07: "Beslut om beviljande av en integrationsperiod kommer att fattas enligt
    följande övergripande riktlinjer" — a "Nej" needs "särskilda omständigheter"."""
    application = integration_application(admitted_case, staff_a, days=30)
    no_chance = Guidelines(True, True, False, True)
    with pytest.raises(ValidationError, match="answered “No”"):
        grant(application, coordinator, guidelines=no_chance)
    decision = grant(
        application,
        coordinator,
        guidelines=no_chance,
        special_circumstances="Arbetsgivare har lovat anställning.",
    )
    assert decision.guideline_real_chance is False and decision.special_circumstances


def test_a_guideline_answered_no_does_not_block_a_refusal(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    """NSP/AI/Dok.07: "Integrationsperiod beviljas/nekas" — a refusal needs no special
    circumstances."""
    application = integration_application(admitted_case, staff_a, days=30)
    decision = grant(
        application, coordinator, outcome="denied", guidelines=Guidelines(False, True, True, True)
    )
    assert decision.outcome == "denied"


def test_integration_requires_a_submitted_in_depth_assessment(
    admitted_case: Case, staff_a: User
) -> None:
    """002: "Ansökan om en integrationsperiod ska baseras på en heltäckande behovsbedömning
    utförd av den certifierade stödgivande aktören." A draft does not count."""
    CaseDocumentFactory(case=admitted_case, created_by=staff_a)  # a draft
    with pytest.raises(ValidationError, match="in-depth needs assessment"):
        integration_application(admitted_case, staff_a, assessed=False)
    CaseDocumentFactory(case=admitted_case, created_by=staff_a, submitted=True)
    assert integration_application(admitted_case, staff_a, assessed=False).pk


def test_residence_status_is_a_structured_answer(admitted_case: Case, staff_a: User) -> None:
    """NSP/AI/Dok.07: "Rättslig status (Kort beskrivning av rättslig status t.ex. svensk
    medborgare, EU/EES medborgare, TUT, PUT)"."""
    with pytest.raises(ValidationError, match="residence status"):
        integration_application(admitted_case, staff_a, residence_status="")
    application = integration_application(admitted_case, staff_a, residence_status="tut")
    assert application.get_residence_status_display() == "Temporary residence permit (TUT)"


def test_days_enjoyed_are_computed_from_the_records(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    """NSP/AI/Dok.07: "Klienten har sammanlagt åtnjutit ... antal dagar/veckor/månader" —
    NSP's own days come from the records, the municipality's from the actor."""
    grant(rest_application(admitted_case, staff_a, days=20), coordinator)
    application = integration_application(
        admitted_case,
        staff_a,
        days=30,
        period_start=timezone.localdate() + timedelta(days=25),
        municipal_support_days=14,
    )
    assert application.nsp_days_enjoyed == 20
    assert application.support_days_total == 34


def test_no_more_funding_after_the_integration_period_but_during_it(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    """002: "Efter max 90 dagars integration kan man inte längre söka finansiering för
    stödinsats för samma individ om inte väldigt speciella omständigheter föreligger" —
    after the period, not during it."""
    running = integration_application(
        admitted_case, staff_a, days=60, period_start=timezone.localdate() - timedelta(days=10)
    )
    grant(running, coordinator, retroactive_motivation="")
    during = intervention_application(
        admitted_case, staff_a, key="therapy", quantity=2, unit_cost="800"
    )
    assert grant(during, coordinator).granted_amount == Decimal("1600")
    # Once the period has ended (here: a public body took over), funding needs special
    # circumstances.
    from funding.models import Decision
    from funding.services import decision_record_takeover

    decision = Decision.objects.get(application=running)
    decision_record_takeover(
        decision=decision,
        taken_over_on=timezone.localdate(),
        taken_over_by="social_services",
        by=coordinator,
    )
    after = intervention_application(
        admitted_case, staff_a, key="therapy", quantity=2, unit_cost="800"
    )
    with pytest.raises(ValidationError, match="integration period has ended"):
        grant(after, coordinator)
    assert grant(after, coordinator, special_circumstances="Akut hot.").granted_amount == 1600
