"""Certification advances by itself when step 2 completes (issue 18; certification/advance.py).

Seed 002, "Steg 2 – Certifieringsbesök": "I de fall något eller några av kraven inte är
uppfyllda resulterar mötet i en åtgärdsplan som meddelas aktören och en överenskommelse
kring en tid då åtgärderna ska ha skett upprättas."
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from certification import services
from certification.choices import CertificationStatus, Outcome
from certification.models import Certification, CertificationEvent, FollowUp
from certification.selectors import certification_status
from nsp.accounts.models import Organisation
from tests.certification import factories as cf

pytestmark = pytest.mark.django_db
S = CertificationStatus


def _visit(org: Organisation, **outcomes: str) -> object:
    """A completed visit: every requirement met except those given (number → outcome)."""
    assessment = cf.open_assessment(org)
    deadline = timezone.localdate() + datetime.timedelta(days=30)
    values = {}
    for answer in assessment.answers.select_related("item"):
        outcome = outcomes.get(f"n{answer.item.number}", Outcome.MET)
        values[str(answer.pk)] = {
            "answer": "Svar",
            "recommendation": "" if outcome == Outcome.MET else "Skriv en rutin.",
            "outcome": outcome,
            "agreed_deadline": None if outcome == Outcome.MET else deadline,
        }
    services.assessment_record(assessment=assessment, answers=values, summary="")
    return services.assessment_complete(assessment=assessment, by=cf.coordinator())


def _certified_event(org: Organisation) -> CertificationEvent:
    return CertificationEvent.objects.get(certification__organisation=org, to_status=S.CERTIFIED)


def test_a_completed_visit_with_no_requirement_not_met_certifies_with_the_reasons(
    org_a: Organisation,
) -> None:
    cf.accepted_profile(org_a)
    assert certification_status(org_a) == S.STEP_2
    _visit(org_a, n12=Outcome.PARTLY_MET)
    cert = Certification.objects.get(organisation=org_a)
    assert cert.status == S.CERTIFIED and cert.certified_on == timezone.localdate()
    event = _certified_event(org_a)
    assert event.from_status == S.STEP_2
    assert event.changed_by == cf.coordinator()
    assert "24" in event.reason and "25" in event.reason and "NSP/MC/Dok.10" in event.reason
    # The certification's own history has the change too, and the first follow-up is set.
    assert cert.history.filter(status=S.CERTIFIED).exists()  # type: ignore[attr-defined]
    assert FollowUp.objects.filter(organisation=org_a).exists()


def test_a_requirement_not_met_holds_step_2_until_its_action_item_is_closed(
    org_a: Organisation,
) -> None:
    """Not met → an action plan with an agreed time; certified once it has been done."""
    cf.accepted_profile(org_a)
    visit = _visit(org_a, n7=Outcome.NOT_MET, n12=Outcome.PARTLY_MET)
    assert certification_status(org_a) == S.STEP_2
    blocking = visit.action_items.get(answer__item__number="7")  # type: ignore[attr-defined]
    blocking = services.action_update(
        action=blocking, by=cf.manager_of(org_a), note="", mark_done=True
    )
    services.action_verify(action=blocking, by=cf.coordinator(), close=False, note="Inte än.")
    assert certification_status(org_a) == S.STEP_2  # sent back: still blocking
    blocking = services.action_update(
        action=blocking, by=cf.manager_of(org_a), note="", mark_done=True
    )
    services.action_verify(action=blocking, by=cf.coordinator(), close=True)
    assert certification_status(org_a) == S.CERTIFIED
    event = _certified_event(org_a)
    assert "7" in event.reason and event.changed_by == cf.coordinator()


def test_a_visit_before_the_profile_is_accepted_certifies_nothing(org_a: Organisation) -> None:
    cf.submitted_profile(org_a)
    assert certification_status(org_a) == S.STEP_1
    _visit(org_a)
    assert certification_status(org_a) == S.STEP_1
    assert not CertificationEvent.objects.filter(to_status=S.CERTIFIED).exists()


def test_a_suspended_actor_is_not_recertified_by_closing_an_item(org_a: Organisation) -> None:
    cf.accepted_profile(org_a)
    visit = _visit(org_a, n7=Outcome.NOT_MET)
    services.certification_transition(
        organisation=org_a, to_status=S.SUSPENDED, by=cf.coordinator(), reason="Brister."
    )
    item = visit.action_items.get()  # type: ignore[attr-defined]
    item = services.action_update(action=item, by=cf.manager_of(org_a), note="", mark_done=True)
    services.action_verify(action=item, by=cf.coordinator(), close=True)
    assert certification_status(org_a) == S.SUSPENDED
