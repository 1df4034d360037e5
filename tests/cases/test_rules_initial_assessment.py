"""Seed rule (issue 15, "Initial assessment"): submitting NSP/IB/Dok.01 requires what the
coordinator needs to decide; a draft may stay incomplete."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from cases import questionnaire
from cases.choices import DOCUMENT_QUESTIONNAIRE, CaseStatus, DocumentKind, DocumentStatus
from cases.services import application_save, document_submit
from nsp.accounts.models import User
from tests.cases.factories import answers_for, certify

pytestmark = pytest.mark.django_db


def _definition() -> dict[str, Any]:
    return questionnaire.current(DOCUMENT_QUESTIONNAIRE[DocumentKind.INITIAL]).definition


def _yes_no_questions() -> list[str]:
    required = questionnaire.submit_required(DocumentKind.INITIAL, _definition())
    return [k for k in required if k not in questionnaire.INITIAL_SUBMIT_ITEMS]


def _complete(**overrides: Any) -> dict[str, Any]:
    answers = answers_for(
        DocumentKind.INITIAL,
        surname_initial="K",
        first_name_initial="L",
        birth_year=1990,
        gender="female",
        nationality="Nigeria",
        recommendation="Tillträde och max 30 dagars vila.",
    )
    answers.update(overrides)
    return answers


def test_the_exposure_and_vulnerability_questions_are_what_must_be_answered() -> None:
    """Seed 002, NSP/IB/Dok.01: "Bedömning av utsatthet … Har den sökande utsatts för
    fysiskt våld? Ja/Nej" and "Bedömning av sårbarhet … Extrem rädsla för personer i sin
    omgivning? Ja/Nej" — eight questions each."""
    questions = _yes_no_questions()
    assert len(questions) == 16
    assert "physical_violence" in questions and "extreme_fear" in questions
    assert "persons_posing_risk" in questions and "other_personal_problems" in questions


@pytest.mark.parametrize(
    "missing",
    [
        "surname_initial",
        "first_name_initial",
        "birth_year",
        "gender",
        "nationality",
        "recommendation",
        "physical_violence",
        "substance_abuse",
    ],
)
def test_submitting_the_initial_assessment_requires_what_the_coordinator_decides_on(
    staff_a: User, missing: str
) -> None:
    """Seed 002, NSP/IB/Dok.01: "Efternamn (initial endast) … Födelseår: Nationalitet: Kön:",
    "Bedömning av utsatthet", "Bedömning av sårbarhet", "Rekommendation:" — then
    "Beslut och motivering": the coordinator decides on what the actor submitted."""
    assert staff_a.organisation is not None
    certify(staff_a.organisation)
    answers = _complete()
    # The identifying items are required even in a draft; blank them on the stored draft.
    draft = application_save(organisation=staff_a.organisation, by=staff_a, answers=answers)
    draft.answers[missing] = ""
    draft.save(update_fields=["answers"])
    with pytest.raises(ValidationError) as error:
        document_submit(document=draft, by=staff_a)
    label = next(
        item["label"]
        for _s, item in questionnaire.iter_items(_definition())
        if item["key"] == missing
    )
    assert label in str(error.value)
    draft.refresh_from_db()
    assert draft.status == DocumentStatus.DRAFT
    assert draft.case.status == CaseStatus.DRAFT


def test_a_draft_initial_assessment_may_stay_incomplete(staff_a: User) -> None:
    """Issue 15: "a draft may stay incomplete" — only the identifying items are needed to
    save (they make the case)."""
    assert staff_a.organisation is not None
    answers = {
        "date": "2026-03-01",
        "surname_initial": "K",
        "first_name_initial": "L",
        "birth_year": 1990,
        "gender": "female",
    }
    form = questionnaire.QuestionnaireForm(
        answers,
        definition=_definition(),
        strict=False,
        always_required=questionnaire.always_required(
            DocumentKind.INITIAL, _definition(), strict=False
        ),
    )
    assert form.is_valid(), form.errors
    draft = application_save(organisation=staff_a.organisation, by=staff_a, answers=answers)
    assert draft.status == DocumentStatus.DRAFT
    strict = questionnaire.QuestionnaireForm(
        answers,
        definition=_definition(),
        strict=True,
        always_required=questionnaire.always_required(
            DocumentKind.INITIAL, _definition(), strict=True
        ),
    )
    assert not strict.is_valid()
    assert {"nationality", "recommendation", "physical_violence"} <= set(strict.errors)


def test_an_exposure_question_can_be_answered_unknown(staff_a: User) -> None:
    """Issue 15: "the exposure and vulnerability sections answered (yes/no/unknown)" — "Vet
    ej" is an answer, and the submit goes through."""
    assert staff_a.organisation is not None
    certify(staff_a.organisation)
    answers = _complete(**dict.fromkeys(_yes_no_questions(), "unknown"))
    form = questionnaire.QuestionnaireForm(
        {k: v for k, v in answers.items() if not isinstance(v, list)},
        definition=_definition(),
        strict=True,
        always_required=questionnaire.always_required(
            DocumentKind.INITIAL, _definition(), strict=True
        ),
    )
    assert form.is_valid(), form.errors
    draft = application_save(organisation=staff_a.organisation, by=staff_a, answers=answers)
    submitted = document_submit(document=draft, by=staff_a)
    assert submitted.status == DocumentStatus.SUBMITTED
    assert submitted.case.status == CaseStatus.APPLIED
