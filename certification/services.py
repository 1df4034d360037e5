"""Writes about certification: every change of state goes through a function here."""

from __future__ import annotations

import datetime
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certification import advance, year
from certification.choices import (
    ALLOWED_TRANSITIONS,
    PROFILE_IN_WORK,
    ActionStatus,
    AssessmentStatus,
    CatalogueKind,
    CertificationStatus,
    FollowUpStatus,
    Outcome,
    ProfileStatus,
)
from certification.models import (
    ActionItem,
    ActionNote,
    ActivityProfile,
    Assessment,
    AssessmentAnswer,
    Catalogue,
    CatalogueItem,
    Certification,
    CertificationEvent,
    EventAttendance,
    FollowUp,
)
from certification.profile_requests import profile_requests_close
from nsp.accounts.models import Organisation, User
from nsp.dates import one_year_after
from nsp.events import publish

S = CertificationStatus
M = TypeVar("M", bound=models.Model)


def _locked(obj: M) -> M:
    """``obj`` read again under a row lock: the caller's copy may be stale (a concurrent
    request changed the status); every service re-checks the state on this copy.

    The caller's instance itself is refreshed (not a new copy), so that a caller holding
    it sees the service's change afterwards, as before the lock was added."""
    obj.refresh_from_db(from_queryset=type(obj)._default_manager.select_for_update())
    return obj


# --- Status -------------------------------------------------------------------------


def certification_get_or_create(*, organisation: Organisation) -> Certification:
    cert, _created = Certification.objects.get_or_create(organisation=organisation)
    return cert


@transaction.atomic
def certification_transition(
    *,
    organisation: Organisation,
    to_status: str,
    by: User | None,
    reason: str,
    on: datetime.date | None = None,
) -> Certification:
    """Move an actor's certification to ``to_status``, recording date, who and why.

    1. Refuse a change not in ``ALLOWED_TRANSITIONS`` or without a reason.
    2. Certifying (from step 2) needs a completed minimum-requirements assessment; it
       sets ``certified_on`` and schedules the first annual follow-up a year later.
    3. Save the status and a ``CertificationEvent``.
    """
    on = on or timezone.localdate()
    cert = Certification.objects.select_for_update().get(
        pk=certification_get_or_create(organisation=organisation).pk
    )
    current = cert.status
    if to_status not in ALLOWED_TRANSITIONS.get(current, frozenset()):
        raise ValidationError(
            _("The certification cannot go from “%(from)s” to “%(to)s”.")
            % {"from": S(current).label, "to": S(to_status).label}
        )
    if not reason.strip():
        raise ValidationError(_("Give a reason for the status change."))
    if to_status == S.CERTIFIED and current == S.STEP_2:
        if not Assessment.objects.filter(
            organisation=organisation,
            status=AssessmentStatus.COMPLETED,
            catalogue__kind=CatalogueKind.MINIMUM_REQUIREMENTS,
        ).exists():
            raise ValidationError(
                _("Complete the certification visit against the minimum requirements first.")
            )
        cert.certified_on = on
        followup_schedule(organisation=organisation, due_on=one_year_after(on))
    cert.status = to_status
    cert.full_clean()
    cert.save()
    CertificationEvent.objects.create(
        certification=cert,
        from_status=current,
        to_status=to_status,
        changed_on=on,
        changed_by=by,
        reason=reason,
    )
    return cert


# --- Step 1: activity profile -------------------------------------------------------


def _latest_catalogue(kind: str) -> Catalogue:
    catalogue = Catalogue.objects.filter(kind=kind).order_by("-created_at").first()
    if catalogue is None:
        raise ValidationError(_("The catalogue has not been loaded yet."))
    return catalogue


def profile_for_form(*, organisation: Organisation) -> ActivityProfile:
    """The profile being worked on (draft, returned or waiting for review), or an unsaved
    new draft on the newest catalogue edition with the last profile's answers. Writes
    nothing: opening the form leaves no draft behind; saving it calls ``profile_start``."""
    current = (
        ActivityProfile.objects.filter(
            organisation=organisation,
            status__in=PROFILE_IN_WORK,
        )
        .order_by("-created_at")
        .first()
    )
    if current:
        return current
    previous = (
        ActivityProfile.objects.filter(organisation=organisation).order_by("-created_at").first()
    )
    return ActivityProfile(
        organisation=organisation,
        catalogue=_latest_catalogue(CatalogueKind.ACTIVITY_PROFILE),
        services=dict(previous.services) if previous else {},
        housing=dict(previous.housing) if previous else {},
    )


@transaction.atomic
def profile_start(*, organisation: Organisation, by: User | None) -> ActivityProfile:
    """The profile being worked on, or a new draft (``profile_for_form``) saved.

    The organisation's row is locked first, so that two first saves at once (the manager
    and the coordinator) find or make one draft; the constraint ``profile_one_open`` holds
    the same in the database."""
    Organisation.objects.select_for_update().filter(pk=organisation.pk).exists()
    profile = profile_for_form(organisation=organisation)
    if profile._state.adding:
        profile.full_clean()
        profile.save()
    return profile


@transaction.atomic
def profile_save(
    *,
    profile: ActivityProfile,
    services: dict[str, Any],
    housing: dict[str, Any],
    submit: bool = False,
    by: User | None = None,
) -> ActivityProfile:
    """Save the answers; with ``submit`` hand the profile to the coordinator (step 1).

    ``by`` (the manager, or the coordinator filling it in for the organisation) is kept as
    ``submitted_by``; a submission closes the coordinator's open request for step 1. An
    unsaved new profile (``profile_for_form``) is made here, in the same transaction: a
    refused save leaves nothing behind."""
    if profile._state.adding:
        profile = profile_start(organisation=profile.organisation, by=by)
    profile = _locked(profile)
    if profile.status not in (ProfileStatus.DRAFT, ProfileStatus.RETURNED):
        raise ValidationError(_("The profile has been submitted and can no longer be changed."))
    profile.services = services
    profile.housing = housing
    if submit:
        if not any(answer.get("offers") for answer in services.values()) and not housing.get(
            "places"
        ):
            raise ValidationError(_("State at least one service you offer before submitting."))
        profile.status = ProfileStatus.SUBMITTED
        profile.submitted_at = timezone.now()
        profile.submitted_by = by
    profile.full_clean()
    profile.save()
    if submit:
        profile_requests_close(profile=profile)
        cert = certification_get_or_create(organisation=profile.organisation)
        if cert.status in (S.NOT_STARTED, S.WITHDRAWN):
            certification_transition(
                organisation=profile.organisation,
                to_status=S.STEP_1,
                by=None,
                reason=_("Activity profile submitted."),
            )
    return profile


@transaction.atomic
def profile_review(
    *, profile: ActivityProfile, by: User, accept: bool, comment: str
) -> ActivityProfile:
    """The coordinator accepts the profile (the actor moves to step 2) or returns it."""
    profile = _locked(profile)
    if profile.status != ProfileStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted profile can be reviewed."))
    if not accept and not comment.strip():
        raise ValidationError(_("Say what needs to change when returning the profile."))
    profile.status = ProfileStatus.ACCEPTED if accept else ProfileStatus.RETURNED
    profile.review_comment = comment
    profile.reviewed_at = timezone.now()
    profile.reviewed_by = by
    profile.full_clean()
    profile.save()
    if accept:
        cert = certification_get_or_create(organisation=profile.organisation)
        if cert.status == S.STEP_1:
            certification_transition(
                organisation=profile.organisation,
                to_status=S.STEP_2,
                by=by,
                reason=_("Activity profile accepted."),
            )
    return profile


# --- Step 2: assessments and action plans -------------------------------------------


@transaction.atomic
def assessment_open(
    *,
    organisation: Organisation,
    catalogue: Catalogue,
    by: User,
    visit_date: datetime.date | None = None,
) -> Assessment:
    """Open a visit or follow-up on one catalogue edition, one answer row per item."""
    if catalogue.kind == CatalogueKind.ACTIVITY_PROFILE:
        raise ValidationError(_("Choose a requirement catalogue."))
    assessment = Assessment(
        organisation=organisation,
        catalogue=catalogue,
        assessor=by,
        visit_date=visit_date or timezone.localdate(),
    )
    assessment.full_clean()
    assessment.save()
    items = CatalogueItem.objects.filter(section__catalogue=catalogue)
    AssessmentAnswer.objects.bulk_create(
        AssessmentAnswer(assessment=assessment, item=item) for item in items
    )
    return assessment


@transaction.atomic
def assessment_record(
    *, assessment: Assessment, answers: dict[str, dict[str, Any]], summary: str
) -> Assessment:
    """Store answer, recommendation, outcome and agreed deadline per answer id."""
    assessment = _locked(assessment)
    if not assessment.is_open:
        raise ValidationError(_("The assessment is completed and can no longer be changed."))
    for answer in assessment.answers.all():
        values = answers.get(str(answer.pk))
        if values is None:
            continue
        for field in ("answer", "recommendation", "outcome", "agreed_deadline"):
            if field in values:
                setattr(answer, field, values[field])
        answer.full_clean(exclude=["assessment", "item"])
        answer.save()
    assessment.summary = summary
    assessment.full_clean()
    assessment.save()
    return assessment


@transaction.atomic
def assessment_complete(*, assessment: Assessment, by: User) -> Assessment:
    """Close the visit; each item not fully met becomes an action-plan item.

    1. Every item needs an outcome; items not fully met need an agreed deadline.
    2. Create one ``ActionItem`` per such item (the recommendation is the action).
    3. Mark the assessment completed.
    """
    assessment = _locked(assessment)
    if not assessment.is_open:
        raise ValidationError(_("The assessment is already completed."))
    answers = list(assessment.answers.select_related("item"))
    missing = [a.item.number for a in answers if not a.outcome]
    if missing:
        raise ValidationError(
            _("Record met / partly met / not met for every item (missing: %(items)s).")
            % {"items": ", ".join(missing)}
        )
    no_deadline = [
        a.item.number for a in answers if a.outcome != Outcome.MET and not a.agreed_deadline
    ]
    if no_deadline:
        raise ValidationError(
            _("Agree a deadline for every item not fully met (missing: %(items)s).")
            % {"items": ", ".join(no_deadline)}
        )
    still_open = _open_actions_by_number(assessment)
    for answer in answers:
        if answer.outcome == Outcome.MET:
            continue
        assert answer.agreed_deadline is not None
        carried = still_open.get(answer.item.number)
        if carried is not None:  # last year's action goes on, with the deadline agreed now
            carried.deadline = answer.agreed_deadline
            carried.save(update_fields=["deadline", "updated_at"])
            continue
        ActionItem.objects.create(
            assessment=assessment,
            organisation=assessment.organisation,
            answer=answer,
            description=answer.recommendation or answer.item.requirement,
            deadline=answer.agreed_deadline,
        )
    assessment.status = AssessmentStatus.COMPLETED
    assessment.completed_at = timezone.now()
    assessment.full_clean()
    assessment.save()
    # Step 2 completes by itself when nothing blocks (certification/advance.py).
    _advance(assessment.organisation, by, min(assessment.visit_date, timezone.localdate()))
    return assessment


def _advance(organisation: Organisation, by: User, on: datetime.date) -> None:
    """Certify when step 2 has completed: ``step_2_completed`` locks the certification row
    and re-checks; the transition re-checks again, so two completions at once certify once."""
    reason = advance.step_2_completed(organisation)
    if reason is not None:
        certification_transition(
            organisation=organisation, to_status=S.CERTIFIED, by=by, reason=reason, on=on
        )


def _open_actions_by_number(assessment: Assessment) -> dict[str, ActionItem]:
    """The actor's action-plan items not yet closed from earlier assessments on the same
    catalogue, by requirement number (a re-assessment continues them: no second item)."""
    found = (
        ActionItem.objects.select_for_update(of=("self",))
        .filter(
            organisation=assessment.organisation,
            assessment__catalogue__code=assessment.catalogue.code,
        )
        .exclude(status=ActionStatus.CLOSED)
        .exclude(assessment=assessment)
        .select_related("answer__item")
    )
    return {item.answer.item.number: item for item in found}


@transaction.atomic
def action_update(
    *, action: ActionItem, by: User, note: str, mark_done: bool = False
) -> ActionItem:
    """The actor writes a progress note and may mark the item done."""
    action = _locked(action)
    if action.status == ActionStatus.CLOSED:
        raise ValidationError(_("The item is closed."))
    if not note.strip() and not mark_done:
        raise ValidationError(_("Write a progress note."))
    if note.strip():
        ActionNote.objects.create(action_item=action, author=by, text=note)
    if mark_done:
        action.status = ActionStatus.DONE
        action.done_at = timezone.now()
        action.full_clean()
        action.save()
    publish(
        "action_item_changed",
        action_item_id=action.pk,
        by_id=by.pk,
        step=timezone.now().isoformat(),
    )
    return action


@transaction.atomic
def action_verify(*, action: ActionItem, by: User, close: bool, note: str = "") -> ActionItem:
    """The coordinator verifies a done item and closes it, or sends it back as open."""
    action = _locked(action)
    if action.status != ActionStatus.DONE:
        raise ValidationError(_("Only an item marked done can be verified."))
    if not close and not note.strip():
        raise ValidationError(_("Say why the item is not done yet."))
    if note.strip():
        ActionNote.objects.create(action_item=action, author=by, text=note)
    if close:
        action.status = ActionStatus.CLOSED
        action.closed_at = timezone.now()
        action.closed_by = by
    else:
        action.status = ActionStatus.OPEN
        action.done_at = None
    action.full_clean()
    action.save()
    if close:  # the last blocking item closed may complete step 2 (certification/advance.py)
        _advance(action.organisation, by, timezone.localdate())
    publish(
        "action_item_changed",
        action_item_id=action.pk,
        by_id=by.pk,
        step=timezone.now().isoformat(),
    )
    return action


# --- Step 3: annual follow-up -------------------------------------------------------


def followup_schedule(*, organisation: Organisation, due_on: datetime.date) -> FollowUp:
    followup, _created = FollowUp.objects.get_or_create(organisation=organisation, due_on=due_on)
    return followup


@transaction.atomic
def followup_record(
    *,
    followup: FollowUp,
    by: User,
    year_review: str,
    completed_on: datetime.date | None = None,
) -> FollowUp:
    """Record the year's follow-up, schedule the next one and clear "follow-up due".

    1. The re-assessment against the minimum requirements must be completed
       (``certification.annual.followup_assessment_open``; its items not met are the new
       action plan).
    2. The year's case handling is read from the records and kept with the follow-up; the
       annual statistics and the final reports count as submitted when nothing owed in the
       year is missing (``certification.year.case_handling``), never ticked by hand.
    """
    followup = _locked(followup)
    if followup.status == FollowUpStatus.COMPLETED:
        raise ValidationError(_("This follow-up is already recorded."))
    if not year_review.strip():
        raise ValidationError(_("Write the review of the year."))
    assessment = followup.assessment
    if assessment is None or assessment.status != AssessmentStatus.COMPLETED:
        raise ValidationError(
            _("Complete the re-assessment against the minimum requirements first.")
        )
    followup.year_review = year_review
    followup.status = FollowUpStatus.COMPLETED
    followup.completed_on = completed_on or timezone.localdate()
    followup.completed_by = by
    start, end = year.followup_year(followup)
    handling = year.case_handling(followup.organisation, start, end, followup.completed_on)
    followup.case_handling = handling.figures
    followup.statistics_submitted = handling.statistics_complete
    followup.final_reports_submitted = handling.final_reports_complete
    followup.events_attended = EventAttendance.objects.filter(
        organisation=followup.organisation,
        event__held_on__gt=followup.completed_on - datetime.timedelta(days=365),
        event__held_on__lte=followup.completed_on,
    ).count()
    followup.full_clean()
    followup.save()
    followup_schedule(organisation=followup.organisation, due_on=one_year_after(followup.due_on))
    cert = certification_get_or_create(organisation=followup.organisation)
    if cert.status in (S.FOLLOW_UP_DUE, S.FOLLOW_UP_OVERDUE):
        certification_transition(
            organisation=followup.organisation,
            to_status=S.CERTIFIED,
            by=by,
            reason=_("Annual follow-up recorded."),
        )
    return followup
