"""Seed rules (issue 15, "Decisions"): admission is a decision like the others, and the
decision document follows seed 002's "Exempel beslutshandling"."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from cases.choices import CaseStatus
from cases.models import Case
from cases.services import admission_decide as cases_admission_decide
from funding.choices import ApplicationKind, ApplicationStatus, Outcome
from funding.models import Decision, FundingApplication
from funding.services import (
    admission_decide,
    decision_record,
    reconsideration_submit,
)
from funding.services.documents import render_decision_pdf
from nsp.accounts.models import Organisation, User
from tests.funding.factories import (
    FundingCaseFactory,
    grant,
    integration_application,
    intervention_application,
    rest_application,
)

MOTIVATION = "Personen faller inom målgruppen och har behov av skydd och stöd."


def _text(decision: Decision) -> str:
    reader = PdfReader(io.BytesIO(bytes(decision.pdf)))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def applied(org_a: Organisation, pilot_budget: object) -> Case:
    return FundingCaseFactory(organisation=org_a)


# --- Admission is a decision ------------------------------------------------------------


def test_admission_is_a_numbered_decision_with_motivation_decider_date_and_pdf(
    applied: Case, coordinator: User
) -> None:
    """Seed 002, NSP/IB/Dok.01 "Beslut och motivering": "Tillträde till NSP: Beviljas /
    Nekas … Beslutsmotivering: … Namn beslutsfattare: Datum: Signatur:" — also when no
    30 days are applied for."""
    decision = admission_decide(
        case=applied, by=coordinator, outcome=Outcome.GRANTED, motivation=MOTIVATION
    )
    applied.refresh_from_db()
    assert applied.status == CaseStatus.ADMITTED and applied.case_number
    assert applied.admitted_on == decision.decided_on
    assert decision.application.kind == ApplicationKind.ADMISSION
    assert decision.application.status == ApplicationStatus.DECIDED
    assert decision.number >= 1 and decision.decided_by == coordinator
    assert decision.motivation == MOTIVATION and decision.granted_amount == 0
    assert decision.pdf and decision.template_version == "v2"
    text = _text(decision)
    assert "Tillträde till NSP: Beviljas" in text
    assert MOTIVATION in text
    assert (
        f"Med grund i det ovan sagda är jag tillfredsställd att ansökan gällande "
        f"{applied.case_number} tillträde till NSP ska beviljas." in text
    )


def test_admission_shares_the_gapless_register_with_the_other_decisions(
    applied: Case, admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    """Issue 15: "a register number (same gapless numbering as other decisions)"."""
    first = grant(rest_application(admitted_case, staff_a), coordinator)
    second = admission_decide(
        case=applied, by=coordinator, outcome=Outcome.DENIED, motivation="Ej målgrupp."
    )
    assert second.number == first.number + 1
    assert sorted(Decision.objects.values_list("number", flat=True)) == [
        first.number,
        second.number,
    ]


def test_a_refused_admission_is_a_decision_and_refuses_the_case(
    applied: Case, coordinator: User
) -> None:
    """Seed 002, NSP/IB/Dok.01: "Tillträde till NSP: … Nekas"."""
    decision = cases_admission_decide(
        case=applied, by=coordinator, outcome=Outcome.DENIED, motivation="Ej målgrupp."
    )
    applied.refresh_from_db()
    assert applied.status == CaseStatus.REFUSED and applied.case_number is None
    assert applied.refusal_reason == "Ej målgrupp." and applied.refused_on == decision.decided_on
    text = _text(decision)
    assert "Tillträde till NSP: Nekas" in text
    assert (
        "Med grund i det ovan sagda är jag inte tillfredsställd att ansökan gällande den "
        "sökandes tillträde till NSP ska beviljas; ansökan nekas." in text
    )


def test_admission_is_granted_or_refused_and_needs_a_motivation(
    applied: Case, coordinator: User, staff_a: User
) -> None:
    """Seed 002, NSP/IB/Dok.01: "Beviljas / Nekas" and "Beslutsmotivering"."""
    for outcome in (Outcome.PARTLY_GRANTED, Outcome.MORE_INFO):
        with pytest.raises(ValidationError, match="granted or refused"):
            admission_decide(case=applied, by=coordinator, outcome=outcome, motivation="x")
    with pytest.raises(ValidationError, match="motivation"):
        admission_decide(case=applied, by=coordinator, outcome=Outcome.GRANTED, motivation=" ")
    with pytest.raises(ValidationError, match="coordinator"):
        admission_decide(case=applied, by=staff_a, outcome=Outcome.GRANTED, motivation="x")
    applied.refresh_from_db()
    assert applied.status == CaseStatus.APPLIED
    assert not Decision.objects.exists()


def test_a_refused_admission_is_open_to_reconsideration(
    applied: Case, coordinator: User, staff_a: User
) -> None:
    """Issue 15: admission is "open to reconsideration" (NSP/OB/Dok.08)."""
    refusal = admission_decide(
        case=applied, by=coordinator, outcome=Outcome.DENIED, motivation="Underlag saknas."
    )
    request = reconsideration_submit(
        decision=refusal,
        by=staff_a,
        grounds="Polisanmälan bifogas nu.",
        requested_change="Bevilja tillträde.",
        other_information="",
    )
    assert request.effective_kind == ApplicationKind.ADMISSION
    decision = decision_record(
        application=request, by=coordinator, outcome=Outcome.GRANTED, motivation=MOTIVATION
    )
    applied.refresh_from_db()
    assert applied.status == CaseStatus.ADMITTED and applied.case_number
    assert decision.number == refusal.number + 1
    assert "Efter omprövning av beslut" in _text(decision)


def test_admission_with_30_days_is_two_numbered_decisions_in_one_step(
    applied: Case, staff_a: User, coordinator: User
) -> None:
    """Seed 002, "Exempel beslutshandling": "Tillträde till NSP: … 30 dagars vila: …" and
    "ansökan gällande X tillträde till NSP och ansökan om max 30 dagars vilo-period ska
    beviljas"."""
    rest = grant(rest_application(applied, staff_a), coordinator)
    admission = FundingApplication.objects.get(case=applied, kind=ApplicationKind.ADMISSION)
    admission_decision = admission.decisions.get()
    assert admission_decision.outcome == Outcome.GRANTED
    assert rest.number == admission_decision.number + 1
    applied.refresh_from_db()
    text = _text(rest)
    assert "Tillträde till NSP: Beviljas" in text and "30 dagars vila: Beviljas" in text
    assert (
        f"Med grund i det ovan sagda är jag tillfredsställd att ansökan gällande "
        f"{applied.case_number} tillträde till NSP och ansökan om max 30 dagars vilo-period "
        "ska beviljas." in text
    )


def test_tilltrade_nekas_only_when_admission_itself_was_refused(
    applied: Case, org_a: Organisation, staff_a: User, coordinator: User
) -> None:
    """Issue 15: "'Tillträde till NSP: Nekas' only when admission itself was refused"."""
    rest = rest_application(applied, staff_a)
    denied = decision_record(
        application=rest,
        by=coordinator,
        outcome=Outcome.DENIED,
        motivation="Polisanmälan är gjord; reflektionsperiod söks hos polisen.",
        admission_outcome=Outcome.GRANTED,
    )
    applied.refresh_from_db()
    assert applied.status == CaseStatus.ADMITTED
    text = _text(denied)
    assert "Tillträde till NSP: Beviljas" in text and "30 dagars vila: Nekas" in text
    assert "Nekas" not in text.split("30 dagars vila")[0]
    assert (
        f"tillfredsställd att ansökan gällande {applied.case_number} tillträde till NSP ska "
        "beviljas, men inte att ansökan om max 30 dagars vilo-period ska beviljas" in text
    )
    other = FundingCaseFactory(organisation=org_a)
    both = decision_record(
        application=rest_application(other, staff_a),
        by=coordinator,
        outcome=Outcome.DENIED,
        motivation="Ej målgrupp.",
        admission_outcome=Outcome.DENIED,
    )
    other.refresh_from_db()
    assert other.status == CaseStatus.REFUSED
    text = _text(both)
    assert "Tillträde till NSP: Nekas" in text and "30 dagars vila: Nekas" in text
    assert "ansökningarna nekas" in text


def test_support_is_never_granted_on_a_refused_admission(
    applied: Case, staff_a: User, coordinator: User
) -> None:
    """Seed 002: "En person som fått tillträde beviljat kan få … stödinsatser"."""
    rest = rest_application(applied, staff_a)
    with pytest.raises(ValidationError, match="admission is refused"):
        grant(rest, coordinator, admission_outcome=Outcome.DENIED)
    applied.refresh_from_db()
    assert applied.status == CaseStatus.APPLIED and not Decision.objects.exists()


# --- The decision document ----------------------------------------------------------------


def test_the_decision_document_follows_the_seed_example_in_order(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    """Seed 002, "Exempel beslutshandling": "Beslutsmotivering: X … faller därmed in i NSPs
    målgrupp … Under de max 30 dagarna (datum - datum) har aktören ansvar att säkerställa
    att NSP fortsätter att verka kompletterande … Med grund i det ovan sagda är jag
    tillfredsställd att ansökan … ska beviljas"."""
    decision = grant(rest_application(admitted_case, staff_a), coordinator)
    text = _text(decision)
    number = admitted_case.case_number
    parts = [
        "Beslut och motivering",
        "30 dagars vila: Beviljas",
        "Beslutsmotivering",
        f"{number} har utsatts för människohandel eller människohandelsliknande brott och "
        "faller därmed in i NSPs målgrupp",
        "Därmed kan NSP verka kompletterande",
        decision.motivation,
        f"Under de max 30 dagarna ({decision.granted_start} – {decision.granted_end}) har "
        "aktören ansvar att säkerställa att NSP fortsätter att verka kompletterande",
        f"Med grund i det ovan sagda är jag tillfredsställd att ansökan gällande {number} om "
        "max 30 dagars vilo-period ska beviljas.",
        "Namn beslutsfattare",
    ]
    positions = [text.find(p) for p in parts]
    assert all(p >= 0 for p in positions), list(zip(parts, positions, strict=True))
    assert positions == sorted(positions)
    assert "Tillträde till NSP" not in text  # not part of this decision


def test_a_partial_grant_says_what_was_granted_of_what_was_applied_for(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    """Issue 15: the operative sentence "adapted to … partial grants"."""
    application = rest_application(admitted_case, staff_a)
    decision = grant(
        application,
        coordinator,
        outcome=Outcome.PARTLY_GRANTED,
        granted_end=application.period_start + timedelta(days=9),
    )
    text = _text(decision)
    assert "30 dagars vila: Beviljas delvis" in text
    assert "ska beviljas delvis:" in text
    assert f"av sökta {application.period_start} – {application.period_end} (30 dygn)" in text
    intervention = intervention_application(
        admitted_case, staff_a, key="therapy", quantity=2, unit_cost="800"
    )
    partly = grant(
        intervention, coordinator, outcome=Outcome.PARTLY_GRANTED, granted_amount=Decimal("800")
    )
    assert "ska beviljas delvis: 800 kr av sökta 1 600 kr" in _text(partly).replace("\xa0", " ")


def test_the_integration_guidelines_are_in_the_seeds_wording(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    """Seed 002, NSP/AI/Dok.07 "Övergripande riktlinjer för beslutsfattande": "2. Klienten
    har genom det arbete som utförts bedömts ha ett behov av en period av
    integrationsinriktat stöd inom ramen för stödprogrammet (se programhandledningen)."""
    decision = grant(integration_application(admitted_case, staff_a), coordinator)
    text = _text(decision)
    assert "Övergripande riktlinjer för beslutsfattande" in text
    assert "1. De i ansökan nämnda stödinsatserna har utförts." in text
    assert (
        "2. Klienten har genom det arbete som utförts bedömts ha ett behov av en period av "
        "integrationsinriktat stöd inom ramen för stödprogrammet (se programhandledningen)." in text
    )
    assert "4. Stödprogrammet skall endast komplettera annat tillgängligt stöd." in text


def test_an_existing_document_keeps_its_template_version(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    """Issue 15: "Existing documents keep their template version"."""
    decision = grant(rest_application(admitted_case, staff_a), coordinator)
    decision.template_version = "v1"
    decision.save(update_fields=["template_version"])
    decision.refresh_from_db()
    old = render_decision_pdf(decision.snapshot, decision.template_version)
    new = render_decision_pdf(decision.snapshot, "v2")
    old_text = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(old)).pages)
    new_text = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(new)).pages)
    assert "Kompletteringsprincipen" in old_text and "Kompletteringsprincipen" not in new_text
    assert "Med grund i det ovan sagda" in new_text
