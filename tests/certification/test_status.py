"""Certification status: the allowed-transition table, history, follow-ups, gating."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from certification import records, services
from certification.choices import ALLOWED_TRANSITIONS, CertificationStatus, FollowUpStatus
from certification.models import Certification, CertificationEvent, FollowUp
from certification.refresh import certification_refresh
from certification.selectors import can_file_applications
from nsp.accounts.models import Organisation, User
from tests.certification import factories as cf

pytestmark = pytest.mark.django_db
S = CertificationStatus

ALL_PAIRS = [(a, b) for a in S.values for b in S.values if a != b]


def _at(org: Organisation, status: str) -> None:
    cf.CertificationFactory(organisation=org, status=status)


@pytest.mark.parametrize(("current", "target"), ALL_PAIRS)
def test_it_allows_exactly_the_transitions_in_the_table(
    org_a: Organisation, coordinator: User, current: str, target: str
) -> None:
    _at(org_a, current)
    if current == S.STEP_2 and target == S.CERTIFIED:
        cf.completed_assessment(org_a)
    allowed = target in ALLOWED_TRANSITIONS[current]
    if allowed:
        cert = services.certification_transition(
            organisation=org_a, to_status=target, by=coordinator, reason="Skäl"
        )
        assert cert.status == target
    else:
        with pytest.raises(ValidationError, match="kan inte gå från"):
            services.certification_transition(
                organisation=org_a, to_status=target, by=coordinator, reason="Skäl"
            )
        assert Certification.objects.get(organisation=org_a).status == current


def test_it_records_date_who_and_why(org_a: Organisation, coordinator: User) -> None:
    _at(org_a, S.CERTIFIED)
    day = datetime.date(2026, 3, 1)
    services.certification_transition(
        organisation=org_a,
        to_status=S.SUSPENDED,
        by=coordinator,
        reason="Allvarliga brister",
        on=day,
    )
    event = CertificationEvent.objects.get(certification__organisation=org_a)
    assert (event.from_status, event.to_status) == (S.CERTIFIED, S.SUSPENDED)
    assert (event.changed_on, event.changed_by, event.reason) == (
        day,
        coordinator,
        "Allvarliga brister",
    )
    assert Certification.history.filter(organisation=org_a).count() >= 2


def test_it_refuses_a_change_without_a_reason(org_a: Organisation, coordinator: User) -> None:
    _at(org_a, S.CERTIFIED)
    with pytest.raises(ValidationError, match="motivering"):
        services.certification_transition(
            organisation=org_a, to_status=S.SUSPENDED, by=coordinator, reason="  "
        )


def test_certifying_needs_a_completed_visit(org_a: Organisation, coordinator: User) -> None:
    _at(org_a, S.STEP_2)
    cf.open_assessment(org_a)
    with pytest.raises(ValidationError, match="minimikraven"):
        services.certification_transition(
            organisation=org_a, to_status=S.CERTIFIED, by=coordinator, reason="Klart"
        )


def test_certifying_schedules_the_follow_up_a_year_later(org_a: Organisation) -> None:
    cert = cf.certify(org_a)
    assert cert.certified_on == timezone.localdate()
    followup = FollowUp.objects.get(organisation=org_a)
    assert followup.due_on == timezone.localdate().replace(year=timezone.localdate().year + 1)


def test_the_steps_move_the_status(org_a: Organisation) -> None:
    profile = cf.submitted_profile(org_a)
    assert Certification.objects.get(organisation=org_a).status == S.STEP_1
    services.profile_review(profile=profile, by=cf.coordinator(), accept=True, comment="")
    assert Certification.objects.get(organisation=org_a).status == S.STEP_2


def test_a_returned_profile_needs_comments_and_stays_at_step_1(org_a: Organisation) -> None:
    profile = cf.submitted_profile(org_a)
    with pytest.raises(ValidationError):
        services.profile_review(profile=profile, by=cf.coordinator(), accept=False, comment="")
    services.profile_review(
        profile=profile, by=cf.coordinator(), accept=False, comment="Komplettera boendet"
    )
    assert Certification.objects.get(organisation=org_a).status == S.STEP_1
    # The manager may edit and submit again.
    services.profile_save(profile=profile, services=profile.services, housing={}, submit=True)


def test_refresh_marks_follow_ups_due_then_overdue(org_a: Organisation) -> None:
    cf.certify(org_a)
    followup = FollowUp.objects.get(organisation=org_a)
    certification_refresh(today=followup.due_on - datetime.timedelta(days=60))
    assert Certification.objects.get(organisation=org_a).status == S.CERTIFIED
    certification_refresh(today=followup.due_on - datetime.timedelta(days=20))
    assert Certification.objects.get(organisation=org_a).status == S.FOLLOW_UP_DUE
    certification_refresh(today=followup.due_on + datetime.timedelta(days=1))
    assert Certification.objects.get(organisation=org_a).status == S.FOLLOW_UP_OVERDUE
    assert can_file_applications(org_a)


def test_recording_the_follow_up_clears_overdue_and_schedules_the_next(org_a: Organisation) -> None:
    cf.certify(org_a)
    followup = FollowUp.objects.get(organisation=org_a)
    certification_refresh(today=followup.due_on + datetime.timedelta(days=1))
    cf.reassessed(followup)
    services.followup_record(
        followup=followup,
        by=cf.coordinator(),
        year_review="Bra år",
    )
    assert Certification.objects.get(organisation=org_a).status == S.CERTIFIED
    followup.refresh_from_db()
    assert followup.status == FollowUpStatus.COMPLETED
    assert FollowUp.objects.filter(
        organisation=org_a, status=FollowUpStatus.SCHEDULED, due_on__year=followup.due_on.year + 1
    ).exists()
    with pytest.raises(ValidationError):
        services.followup_record(
            followup=followup,
            by=cf.coordinator(),
            year_review="Igen",
        )


@pytest.mark.parametrize("status", S.values)
def test_only_certified_actors_may_file_applications(org_a: Organisation, status: str) -> None:
    _at(org_a, status)
    decision = can_file_applications(org_a)
    expected = status in (S.CERTIFIED, S.FOLLOW_UP_DUE, S.FOLLOW_UP_OVERDUE)
    assert decision.allowed is expected
    if not expected:
        assert org_a.name in str(decision.reason)


def test_an_actor_without_certification_row_may_not_apply(org_b: Organisation) -> None:
    assert not can_file_applications(org_b)


def test_the_follow_up_counts_the_events_attended_in_the_year(org_a: Organisation) -> None:
    cf.certify(org_a)
    followup = FollowUp.objects.get(organisation=org_a)
    today = timezone.localdate()
    old = records.event_create(title="Förra året", held_on=today - datetime.timedelta(days=400))
    records.attendance_record(event=old, organisation=org_a)
    cf.reassessed(followup)
    services.followup_record(
        followup=followup,
        by=cf.coordinator(),
        year_review="År 1",
        completed_on=today,
    )
    assert followup.events_attended == 0
    assert len(followup.shortcomings) == 1

    recent = records.event_create(
        title="Nätverksträff", held_on=today - datetime.timedelta(days=30)
    )
    records.attendance_record(event=recent, organisation=org_a)
    following = FollowUp.objects.get(organisation=org_a, status=FollowUpStatus.SCHEDULED)
    cf.reassessed(following)
    services.followup_record(
        followup=following,
        by=cf.coordinator(),
        year_review="År 2",
        completed_on=today,
    )
    assert following.events_attended == 1
    assert following.shortcomings == []
