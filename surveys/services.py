"""Writes of the evaluation survey: the coordinator opens and closes a year, each actor's
manager saves a draft and submits it once (locked after)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nsp.accounts.models import Organisation, User
from surveys.choices import ResponseStatus, SurveyStatus
from surveys.models import Survey, SurveyResponse
from surveys.questions import FIELDS, REQUIRED, cleared_branches


@transaction.atomic
def survey_open(*, year: int, by: User) -> Survey:
    """Open ``year``'s survey; one per year (the constraint ``year`` unique holds it)."""
    survey = Survey(year=year, opened_by=by)
    survey.full_clean()
    survey.save()
    return survey


@transaction.atomic
def survey_close(*, survey: Survey, by: User) -> Survey:
    """Close the survey: no more drafts or submissions (drafts stay unsubmitted)."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if not survey.is_open:
        raise ValidationError(_("The survey is already closed."))
    survey.status = SurveyStatus.CLOSED
    survey.closed_at = timezone.now()
    survey.closed_by = by
    survey.full_clean()
    survey.save()
    return survey


def _locked_draft(survey: Survey, organisation: Organisation) -> SurveyResponse:
    """The actor's response to ``survey``, created on the first save, re-read under lock;
    refused once the survey is closed or the response submitted."""
    locked = Survey.objects.select_for_update().get(pk=survey.pk)
    if not locked.is_open:
        raise ValidationError(_("The survey is closed."))
    SurveyResponse.objects.get_or_create(survey=locked, organisation=organisation)
    response = SurveyResponse.objects.select_for_update().get(
        survey=locked, organisation=organisation
    )
    if response.is_submitted:
        raise ValidationError(_("The answers have been submitted and can no longer be changed."))
    return response


@transaction.atomic
def response_save(
    *, survey: Survey, organisation: Organisation, by: User, answers: dict[str, Any]
) -> SurveyResponse:
    """Save the actor's answers as a draft (unknown keys are ignored)."""
    response = _locked_draft(survey, organisation)
    _apply(response, answers, by)
    response.full_clean()
    response.save()
    return response


def _apply(response: SurveyResponse, answers: dict[str, Any], by: User) -> None:
    for field, value in cleared_branches({k: answers.get(k) for k in FIELDS}).items():
        setattr(response, field, value if value is not None or field in REQUIRED else "")
    response.saved_by = by


@transaction.atomic
def response_submit(
    *, survey: Survey, organisation: Organisation, by: User, answers: dict[str, Any]
) -> SurveyResponse:
    """Save the answers and submit them: the three yes/no questions must be answered;
    afterwards the response is locked (the seed's questionnaire is answered once a year)."""
    # Locked and re-checked here: a draft saved by a second tab waits for these row locks
    # and is refused after the submit (tests/races/surveys.py).
    response = _locked_draft(survey, organisation)
    _apply(response, answers, by)
    missing = {
        f: _("Answer this question to submit.") for f in REQUIRED if getattr(response, f) is None
    }
    if missing:
        raise ValidationError(missing)
    response.status = ResponseStatus.SUBMITTED
    response.submitted_at = timezone.now()
    response.submitted_by = by
    response.full_clean()
    response.save()
    return response
