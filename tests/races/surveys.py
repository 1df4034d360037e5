"""Races of the evaluation survey (issue 19) built like the others in ``test_transitions.py``
(which wraps each entry in its ``Transition``): the coordinator closing a year twice at once,
and an actor's manager submitting the answers while a second tab saves a draft — the class of
fault of issue 17, item 1 (a submitted document going back to draft).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Calls = tuple[Callable[[], Any], ...]

YES_NO = {"q1_applied": True, "q2_manuals": True, "q3_participated": False}


def _open_survey(p: Any) -> Any:
    from surveys.services import response_save, survey_open

    survey = survey_open(year=2026, by=p.coordinator)
    manager = _manager(p)
    response_save(survey=survey, organisation=p.org, by=manager, answers={"q8_other": "Utkast"})
    return survey


def _manager(p: Any) -> Any:
    from nsp.accounts.models import User
    from tests.factories import UserFactory

    found = User.objects.filter(username="manager_a").first()
    return found or UserFactory(username="manager_a", organisation=p.org, manager=True)


def close_twice(p: Any) -> Calls:
    from surveys.services import survey_close

    survey = _open_survey(p)
    return (
        lambda: survey_close(survey=survey, by=p.coordinator),
        lambda: survey_close(survey=survey, by=p.coordinator),
    )


def submit_against_save(p: Any) -> Calls:
    """One tab submits, another saves a draft at the same moment. Either order is fine for
    the calls (a save before the submit is legitimate), but the end state must be the
    submitted answers, locked — never a draft with the draft's text."""
    from surveys.choices import ResponseStatus
    from surveys.models import SurveyResponse
    from surveys.services import response_save, response_submit

    survey = _open_survey(p)
    manager = _manager(p)

    def submit() -> Any:
        return response_submit(
            survey=survey,
            organisation=p.org,
            by=manager,
            answers={**YES_NO, "q8_other": "Inskickat"},
        )

    def save() -> Any:
        return response_save(
            survey=survey, organisation=p.org, by=manager, answers={"q8_other": "Andra fliken"}
        )

    def check() -> None:
        response = SurveyResponse.objects.get(survey=survey, organisation=p.org)
        assert response.status == ResponseStatus.SUBMITTED, response.status
        assert response.q8_other == "Inskickat", response.q8_other
        assert response.submitted_by == manager

    return submit, save, check


def submit_twice(p: Any) -> Calls:
    from surveys.services import response_submit

    survey = _open_survey(p)
    manager = _manager(p)

    def submit(text: str) -> Any:
        return response_submit(
            survey=survey, organisation=p.org, by=manager, answers={**YES_NO, "q8_other": text}
        )

    return lambda: submit("Första"), lambda: submit("Andra")


# (name, model met at save(), services raced, builder) — see test_transitions.Transition.
SURVEY_RACES: tuple[tuple[str, str, tuple[str, ...], Callable[[Any], Calls]], ...] = (
    (
        "surveys.Survey: open → closed (twice)",
        "surveys.Survey",
        ("surveys.services.survey_close",),
        close_twice,
    ),
    (
        "surveys.SurveyResponse: draft → submitted (twice)",
        "surveys.SurveyResponse",
        ("surveys.services.response_submit",),
        submit_twice,
    ),
    (
        "surveys.SurveyResponse: submitted against a draft save",
        "surveys.SurveyResponse",
        ("surveys.services.response_submit", "surveys.services.response_save"),
        submit_against_save,
    ),
)
