"""Reports that fit the case (issue 19): the initial assessment's children become the
case's children, and "Polisanmälan gjord" is a structured answer the statistics read
(docs/RULES.md, "Reports that fit the case")."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from cases import questionnaire
from cases.children import children_from_assessment
from cases.choices import ChildLocation, DocumentKind, Gender
from cases.models import Case, CaseDocument, Child, Questionnaire
from cases.police import police_report_from_answers
from cases.questionnaire import QuestionnaireForm, load
from cases.services import application_save, document_correct, document_submit, document_write
from journal.choices import EntryKind
from journal.services import entry_add
from nsp.accounts.models import User
from tests.cases.factories import CaseFactory, answers_for, certify
from tests.conftest import login

pytestmark = pytest.mark.django_db

TWO = [
    {"age": 4, "gender": "man", "location": "with_parent"},
    {"age": 9, "gender": "woman", "location": "home_country"},
]


def _apply(staff: User, **answers: Any) -> CaseDocument:
    assert staff.organisation is not None
    certify(staff.organisation)
    data = answers_for(DocumentKind.INITIAL, minor_children="yes", **answers)
    document = application_save(organisation=staff.organisation, by=staff, answers=data)
    return document_submit(document=document, by=staff)


def _children(case: Case) -> list[tuple[int, str, str]]:
    return [(c.age, c.gender, c.location) for c in case.children.order_by("assessment_row")]


def test_the_children_of_the_initial_assessment_become_the_case_children(staff_a: User) -> None:
    """002, NSP/IB/Dok.01: "Har den sökande minderåriga barn? Ange var barnet/barnen finns,
    kön, ålder etc." — and Tabell 3 "Barn: Medföljande … I hemlandet"."""
    document = _apply(staff_a, children=TWO)
    assert _children(document.case) == [
        (4, Gender.MAN, ChildLocation.WITH_PARENT),
        (9, Gender.WOMAN, ChildLocation.HOME_COUNTRY),
    ]
    assert document.case.accompanying_children_count == 1


def test_submitting_again_updates_the_same_children_and_keeps_those_added_by_hand(
    staff_a: User,
) -> None:
    document = _apply(staff_a, children=TWO)
    case = document.case
    by_hand = Child.objects.create(case=case, age=1, gender=Gender.WOMAN, location="with_parent")
    first_ids = list(
        case.children.filter(assessment_row__isnull=False).values_list("pk", flat=True)
    )
    correction = document_correct(document=document, by=staff_a)
    answers = {**correction.answers, "children": [{**TWO[0], "age": 5}]}
    document_write(
        case=case,
        organisation=case.organisation,
        kind=DocumentKind.INITIAL,
        by=staff_a,
        answers=answers,
        document=correction,
        submit=True,
    )
    rows = list(case.children.filter(assessment_row__isnull=False))
    assert [(c.pk, c.age) for c in rows] == [(first_ids[0], 5)]
    assert Child.objects.filter(pk=by_hand.pk).exists()
    assert rows[0].history.first().history_user == staff_a


def test_an_assessment_of_an_older_edition_leaves_the_children_alone(staff_a: User) -> None:
    case = CaseFactory(organisation=staff_a.organisation, admitted=True)
    Child.objects.create(case=case, age=2, gender=Gender.MAN, location="with_parent")

    load(io.StringIO())
    old = Questionnaire.objects.get(code="NSP/IB/Dok.01", edition="2 2026")
    document = CaseDocument(case=case, kind=DocumentKind.INITIAL, questionnaire=old, answers={})
    assert children_from_assessment(case=case, document=document, by=staff_a) == 0
    assert case.children.count() == 1


def test_the_form_gathers_the_rows_and_refuses_half_a_child() -> None:
    definition = questionnaire.current("NSP/IB/Dok.01").definition
    ok = QuestionnaireForm(
        {
            "children__1__age": "3",
            "children__1__gender": "woman",
            "children__1__location": "with_parent",
            "minor_children": "yes",
        },
        definition=definition,
    )
    assert ok.is_valid(), ok.errors
    assert ok.answers()["children"] == [{"age": 3, "gender": "woman", "location": "with_parent"}]
    # The listed child describes the "yes": no free text needed.
    assert "minor_children__detail" not in ok.errors
    half = QuestionnaireForm(
        {"children__2__age": "3", "minor_children": "yes"}, definition=definition
    )
    assert not half.is_valid()
    assert "children__2__age" in half.errors
    contradiction = QuestionnaireForm(
        {
            "children__1__age": "3",
            "children__1__gender": "man",
            "children__1__location": "other",
            "minor_children": "no",
        },
        definition=definition,
    )
    assert not contradiction.is_valid()
    assert "minor_children" in contradiction.errors
    # Stored answers (a list) come back into the rows when a draft is edited.
    again = QuestionnaireForm(definition=definition, initial={"children": TWO})
    assert again["children__2__location"].value() == "home_country"


def test_the_application_page_lists_children_in_rows(staff_a: User) -> None:
    response = login(staff_a).get(reverse("cases:application_create"))
    assert 'id="children-rows"' in response.content.decode()


def test_the_police_report_answer_is_what_table_3_counts(staff_a: User) -> None:
    """002, Tabell 3: "Polisanmälan gjord" — the initial assessment's structured answer
    (Ja / Nej / Vet ej), not a second entry on the case page."""
    assert _apply(staff_a, police_report="yes").case.police_report_made is True
    assert _apply(staff_a, police_report="no").case.police_report_made is False
    assert _apply(staff_a, police_report="dont_know").case.police_report_made is None


def test_a_police_report_in_the_journal_counts_and_stays(staff_a: User) -> None:
    """002 Exempel beslutshandling: "om X bestämmer sig för att polisanmälan … ska man
    försöka få tillträde till X rättigheter via dessa kanaler" — a report made during the
    support is recorded in the journal, and the statistics count it."""
    case = CaseFactory(organisation=staff_a.organisation, admitted=True, police_report_made=False)
    entry_add(
        case=case,
        by=staff_a,
        kind=EntryKind.POLICE_REPORT,
        entry_date=date(2026, 4, 2),
        text="Polisanmälan gjord i Malmö.",
    )
    case.refresh_from_db()
    assert case.police_report_made is True
    police_report_from_answers(case, {"police_report": "no"})
    assert case.police_report_made is True


def test_the_case_facts_form_no_longer_asks_for_the_police_report(staff_a: User) -> None:
    case = CaseFactory(organisation=staff_a.organisation, admitted=True)
    response = login(staff_a).get(reverse("cases:case_details_update", args=[case.pk]))
    assert "police_report_made" not in response.context["form"].fields
