"""The form built from a questionnaire, scale summaries and comparisons."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from cases import questionnaire
from cases.choices import DOCUMENT_QUESTIONNAIRE, DocumentKind
from cases.models import Questionnaire

pytestmark = pytest.mark.django_db


def _definition(kind: DocumentKind) -> dict[str, Any]:
    return questionnaire.current(DOCUMENT_QUESTIONNAIRE[kind]).definition


def _form(kind: DocumentKind, data: dict[str, Any], **kw: Any) -> questionnaire.QuestionnaireForm:
    return questionnaire.QuestionnaireForm(data, definition=_definition(kind), **kw)


def test_it_loads_every_questionnaire_once() -> None:
    questionnaire.load(io.StringIO())
    questionnaire.load(io.StringIO())
    assert Questionnaire.objects.count() == len(
        list(questionnaire.QUESTIONNAIRE_DIR.glob("*.json"))
    )
    assert Questionnaire.objects.filter(code="NSP/FB/Dok.02", edition="1 2015").exists()


def test_it_has_one_field_per_item_and_a_detail_for_yes_no_items() -> None:
    form = _form(DocumentKind.INITIAL, {})
    items = list(questionnaire.iter_items(_definition(DocumentKind.INITIAL)))
    for _section, item in items:
        if item["type"] == "children":  # one row of fields per child (issue 19)
            assert f"{item['key']}__1__age" in form.fields
            continue
        assert item["key"] in form.fields
    assert "physical_violence__detail" in form.fields
    assert [v for v, _l in form.fields["trafficking_type"].choices] == [
        "sexual_exploitation",
        "forced_labour",
        "begging",
        "crime",
        "organ_trade",
        "other",
    ]


def test_item_choices_win_over_the_scale_default() -> None:
    form = _form(DocumentKind.IN_DEPTH, {})
    labels = [str(label) for _v, label in form.fields["alcohol_use_during_exploitation"].choices]
    assert labels == ["Inte alls", "Ibland", "Nästan dagligen", "Dagligen"]
    trauma = [str(label) for _v, label in form.fields["recurring_nightmares"].choices]
    assert trauma[-1] == "I mycket hög utsträckning"


def test_a_valid_draft_needs_only_the_identifying_items() -> None:
    form = _form(
        DocumentKind.INITIAL,
        {
            "surname_initial": "m",
            "first_name_initial": "A",
            "birth_year": "1990",
            "gender": "female",
        },
        always_required=questionnaire.IDENTIFYING_ITEMS,
    )
    assert form.is_valid(), form.errors
    assert form.answers()["surname_initial"] == "M"


def test_it_rejects_missing_identity_and_bad_values() -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    form = _form(
        DocumentKind.INITIAL,
        {
            "surname_initial": "Maria",
            "birth_year": "1850",
            "gender": "female",
            "arrival_date": tomorrow.isoformat(),
            "physical_violence": "yes",
        },
        always_required=questionnaire.IDENTIFYING_ITEMS,
    )
    assert not form.is_valid()
    assert "first_name_initial" in form.errors
    assert "surname_initial" in form.errors
    assert "birth_year" in form.errors
    assert "arrival_date" in form.errors
    assert "physical_violence__detail" in form.errors


def test_submitting_enforces_the_required_items() -> None:
    form = _form(DocumentKind.PERIOD_REPORT, {}, strict=True)
    assert not form.is_valid()
    assert {"date", "case_officer", "support_type", "period_start", "period_end"} <= set(
        form.errors
    )


def test_a_period_cannot_end_before_it_starts() -> None:
    form = _form(
        DocumentKind.PERIOD_REPORT,
        {"period_start": "2026-03-10", "period_end": "2026-03-01"},
    )
    assert not form.is_valid()
    assert "period_end" in form.errors


def test_scale_summary_counts_answers_sum_high_and_flags_suicidal_thoughts() -> None:
    definition = _definition(DocumentKind.IN_DEPTH)
    answers = {"nervousness": "3", "easily_irritated": "2", "suicidal_thoughts": "1", "panic": "0"}
    summaries = {s.key: s for s in questionnaire.scale_summaries(definition, answers)}
    symptoms = summaries["mental_health_symptoms"]
    assert (symptoms.items, symptoms.answered, symptoms.total, symptoms.high) == (17, 4, 6, 2)
    assert symptoms.maximum == 51
    assert symptoms.flags and "ta sitt eget liv" in symptoms.flags[0]
    trauma = summaries["mental_health_trauma"]
    assert (trauma.items, trauma.answered, trauma.flags) == (14, 0, [])
    # The alcohol/drug items have their own scale and are not part of a sum.
    assert "physical_health_continued" not in summaries


def test_no_flag_when_suicidal_thoughts_are_not_at_all() -> None:
    definition = _definition(DocumentKind.IN_DEPTH)
    [_, symptoms] = questionnaire.scale_summaries(definition, {"suicidal_thoughts": "0"})
    assert symptoms.flags == []


def test_compare_tells_what_improved_and_what_got_worse() -> None:
    definition = _definition(DocumentKind.IN_DEPTH)
    before = {"nervousness": "3", "panic": "1", "threats": "yes", "fear": "2"}
    after = {"nervousness": "1", "panic": "2", "threats": "partly", "fear": "2"}
    rows = {r.label: r.change for r in questionnaire.compare(definition, before, after)}
    assert rows["Nervositet?"] == "better"
    assert rows["Panikkänslor?"] == "worse"
    assert rows["Hot"] == "better"
    assert rows["Rädsla?"] == "same"
    assert rows["Känsla av ensamhet?"] == ""  # not answered twice: not comparable
