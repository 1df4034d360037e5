"""Step 2: answers, completion, the action plan from "done" to verified and closed."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from certification import services
from certification.choices import ActionStatus, AssessmentStatus, Outcome
from certification.models import ActionItem, ActionNote, Catalogue
from certification.selectors import open_action_items, overdue_action_items
from nsp.accounts.models import Organisation, User
from tests.certification import factories as cf

pytestmark = pytest.mark.django_db


def _values(assessment, **overrides):  # type: ignore[no-untyped-def]
    base = {
        str(a.pk): {"answer": "Ja", "recommendation": "", "outcome": Outcome.MET}
        for a in assessment.answers.all()
    }
    base.update(overrides)
    return base


def test_it_needs_an_outcome_for_every_item(org_a: Organisation, coordinator: User) -> None:
    assessment = cf.open_assessment(org_a)
    with pytest.raises(ValidationError, match="varje punkt"):
        services.assessment_complete(assessment=assessment, by=coordinator)


def test_items_not_fully_met_need_a_deadline(org_a: Organisation, coordinator: User) -> None:
    assessment = cf.open_assessment(org_a)
    first = assessment.answers.first()
    assert first is not None
    values = _values(assessment, **{str(first.pk): {"outcome": Outcome.PARTLY_MET}})
    services.assessment_record(assessment=assessment, answers=values, summary="")
    with pytest.raises(ValidationError, match="tidsfrist"):
        services.assessment_complete(assessment=assessment, by=coordinator)


def test_each_item_not_fully_met_becomes_an_action_item(org_a: Organisation) -> None:
    assessment = cf.completed_assessment(org_a, not_met=("3", "12", "25"))
    assert assessment.status == AssessmentStatus.COMPLETED
    items = ActionItem.objects.filter(assessment=assessment)
    assert sorted(i.answer.item.number for i in items) == ["12", "25", "3"]
    assert {i.description for i in items} == {
        "Åtgärda krav 3",
        "Åtgärda krav 12",
        "Åtgärda krav 25",
    }
    assert all(i.organisation == org_a and i.status == ActionStatus.OPEN for i in items)


def test_a_completed_assessment_cannot_be_changed(org_a: Organisation) -> None:
    assessment = cf.completed_assessment(org_a)
    with pytest.raises(ValidationError):
        services.assessment_record(assessment=assessment, answers={}, summary="Ändrat")


def test_the_action_plan_flow(org_a: Organisation, manager_a: User, coordinator: User) -> None:
    action = cf.completed_assessment(org_a).action_items.get()
    with pytest.raises(ValidationError):  # the coordinator verifies only what is marked done
        services.action_verify(action=action, by=coordinator, close=True)
    services.action_update(action=action, by=manager_a, note="Rutin skriven")
    assert action.status == ActionStatus.OPEN
    services.action_update(action=action, by=manager_a, note="", mark_done=True)
    assert action.status == ActionStatus.DONE
    with pytest.raises(ValidationError):  # sending back needs a reason
        services.action_verify(action=action, by=coordinator, close=False)
    services.action_verify(action=action, by=coordinator, close=False, note="Saknar datum")
    assert action.status == ActionStatus.OPEN
    services.action_update(action=action, by=manager_a, note="Datum tillagt", mark_done=True)
    services.action_verify(action=action, by=coordinator, close=True)
    action.refresh_from_db()
    assert action.status == ActionStatus.CLOSED
    assert action.closed_by == coordinator and action.closed_at is not None
    assert ActionNote.objects.filter(action_item=action).count() == 3
    with pytest.raises(ValidationError):
        services.action_update(action=action, by=manager_a, note="Efteråt")


def test_overdue_items_are_visible_on_both_sides(
    org_a: Organisation, org_b: Organisation, staff_a: User, staff_b: User, coordinator: User
) -> None:
    past = timezone.localdate() - datetime.timedelta(days=1)
    overdue = cf.completed_assessment(org_a, deadline=past).action_items.get()
    cf.completed_assessment(org_b)
    assert overdue.is_overdue
    assert list(overdue_action_items(staff_a)) == [overdue]
    assert list(overdue_action_items(coordinator)) == [overdue]
    assert list(overdue_action_items(staff_b)) == []
    assert open_action_items(coordinator).count() == 2


def test_a_shelter_follow_up_uses_the_same_flow(org_a: Organisation, coordinator: User) -> None:
    cf.catalogues()
    checklist = Catalogue.objects.get(code="LST/SB")
    assessment = cf.open_assessment(org_a, checklist)
    first = assessment.answers.first()
    assert first is not None
    deadline = timezone.localdate() + datetime.timedelta(days=21)
    values = _values(
        assessment,
        **{str(first.pk): {"outcome": Outcome.NOT_MET, "agreed_deadline": deadline}},
    )
    services.assessment_record(assessment=assessment, answers=values, summary="Uppföljning")
    services.assessment_complete(assessment=assessment, by=coordinator)
    action = assessment.action_items.get()
    assert action.deadline == deadline
    assert action.description == first.item.requirement  # no recommendation: the requirement
