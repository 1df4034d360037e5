"""Reads of the evaluation survey: the coordinator's side-by-side view, the actor's list."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from nsp.accounts.models import Organisation
from surveys.choices import ResponseStatus
from surveys.models import Survey, SurveyResponse
from surveys.questions import QUESTIONS, display


def surveys() -> QuerySet[Survey]:
    """Every year's survey with how many actors have submitted and how many have a draft."""
    return Survey.objects.annotate(
        submitted=Count("responses", filter=Q(responses__status=ResponseStatus.SUBMITTED)),
        drafts=Count("responses", filter=Q(responses__status=ResponseStatus.DRAFT)),
    )


@dataclass
class Row:
    label: str
    answers: list[str]


@dataclass
class SideBySide:
    """Submitted answers: one column per actor, one row per question (drafts are the
    actor's own until submitted; only their existence is shown)."""

    survey: Survey
    responses: list[SurveyResponse]
    rows: list[Row]
    drafts: list[Organisation]
    not_started: list[Organisation]


def side_by_side(survey: Survey) -> SideBySide:
    all_responses = list(survey.responses.select_related("organisation"))
    submitted = [r for r in all_responses if r.is_submitted]
    rows = [Row(q.label, [display(q, getattr(r, q.field)) for r in submitted]) for q in QUESTIONS]
    answered = {r.organisation_id for r in all_responses}
    return SideBySide(
        survey=survey,
        responses=submitted,
        rows=rows,
        drafts=[r.organisation for r in all_responses if not r.is_submitted],
        not_started=list(
            Organisation.objects.filter(is_active=True).exclude(pk__in=answered).order_by("name")
        ),
    )


def actor_surveys(organisation: Organisation) -> list[tuple[Survey, SurveyResponse | None]]:
    """The surveys an actor sees: the open ones, and the closed ones it answered."""
    responses = {r.survey_id: r for r in SurveyResponse.objects.filter(organisation=organisation)}
    shown = Survey.objects.filter(Q(status="open") | Q(pk__in=list(responses)))
    return [(s, responses.get(s.pk)) for s in shown]


def response_of(survey: Survey, organisation: Organisation) -> SurveyResponse | None:
    return SurveyResponse.objects.filter(survey=survey, organisation=organisation).first()
