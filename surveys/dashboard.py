"""Dashboard panels of the evaluation survey: the open year's progress for the programme
roles; for an actor's manager, the open year not yet submitted (the reminder to answer)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from nsp.accounts.models import Organisation
from surveys.choices import ResponseStatus, SurveyStatus
from surveys.models import Survey, SurveyResponse
from surveys.permissions import can_answer_surveys, can_read_survey_answers


def panels(user: Any) -> dict[str, Any]:
    if can_read_survey_answers(user):
        survey = (
            Survey.objects.filter(status=SurveyStatus.OPEN)
            .annotate(
                submitted=Count("responses", filter=Q(responses__status=ResponseStatus.SUBMITTED))
            )
            .first()
        )
        if survey is None:
            return {}
        actors = Organisation.objects.filter(is_active=True).count()
        return {
            "programme_panels": ["surveys/panels/programme.html"],
            "survey_open": survey,
            "survey_actors": actors,
        }
    if can_answer_surveys(user):
        answered = SurveyResponse.objects.filter(
            organisation=user.organisation, status=ResponseStatus.SUBMITTED
        ).values("survey")
        waiting = list(Survey.objects.filter(status=SurveyStatus.OPEN).exclude(pk__in=answered))
        if not waiting:
            return {}
        return {"actor_panels": ["surveys/panels/actor.html"], "surveys_waiting": waiting}
    return {}
