"""Dashboard panel of the evaluation survey: for an actor's manager, the open year not yet
submitted (the reminder to answer). The programme roles follow the answers on the survey
page (``surveys:overview``); their dashboard keeps its query budget."""

from __future__ import annotations

from typing import Any

from surveys.choices import ResponseStatus, SurveyStatus
from surveys.models import Survey, SurveyResponse
from surveys.permissions import can_answer_surveys


def panels(user: Any) -> dict[str, Any]:
    if not can_answer_surveys(user):
        return {}
    answered = SurveyResponse.objects.filter(
        organisation_id=user.organisation_id, status=ResponseStatus.SUBMITTED
    ).values("survey")
    waiting = list(Survey.objects.filter(status=SurveyStatus.OPEN).exclude(pk__in=answered))
    if not waiting:
        return {}
    return {"actor_panels": ["surveys/panels/actor.html"], "surveys_waiting": waiting}
