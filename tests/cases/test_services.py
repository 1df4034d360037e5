"""Services: applications, submit and lock, corrections, decisions, closing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from cases.choices import CaseStatus, ChildLocation, DocumentKind, DocumentStatus, Gender
from cases.models import Case, CaseDocument, Inquiry
from cases.services import (
    application_save,
    case_admit,
    case_refuse_admission,
    case_update_details,
    child_save,
    document_correct,
    document_save,
    document_submit,
    document_write,
    inquiry_record,
)
from nsp.accounts.models import User
from tests.cases.factories import (
    CaseDocumentFactory,
    CaseFactory,
    answers_for,
    certify,
)

pytestmark = pytest.mark.django_db


def _application(staff: User, **overrides: object) -> CaseDocument:
    answers = answers_for(
        DocumentKind.INITIAL,
        surname_initial="K",
        first_name_initial="L",
        birth_year=1990,
        gender="female",
        trafficking_type=["forced_labour", "begging"],
        **overrides,
    )
    assert staff.organisation is not None
    return application_save(organisation=staff.organisation, by=staff, answers=answers)


def test_a_draft_application_creates_a_case_without_number(staff_a: User) -> None:
    doc = _application(staff_a)
    case = doc.case
    assert case.status == CaseStatus.DRAFT
    assert case.case_number is None
    assert (case.surname_initial, case.birth_year, case.gender) == ("K", 1990, Gender.WOMAN)
    assert case.trafficking_types == ["forced_labour", "begging"]


def test_only_a_certified_actor_can_submit_an_application(staff_a: User) -> None:
    doc = _application(staff_a)
    with pytest.raises(ValidationError):
        document_submit(document=doc, by=staff_a)
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.DRAFT
    assert staff_a.organisation is not None
    certify(staff_a.organisation)
    document_submit(document=doc, by=staff_a)
    doc.case.refresh_from_db()
    assert doc.case.status == CaseStatus.APPLIED
    assert doc.case.applied_on == timezone.localdate()


def test_a_failed_submit_saves_nothing_half_way(staff_a: User) -> None:
    with pytest.raises(ValidationError):
        document_write(
            case=None,
            organisation=staff_a.organisation,  # type: ignore[arg-type]
            kind=DocumentKind.INITIAL,
            by=staff_a,
            answers=answers_for(DocumentKind.INITIAL, surname_initial="K", birth_year=1990),
            submit=True,
        )
    assert not Case.objects.exists()
    assert not CaseDocument.objects.exists()


def test_an_inquiry_is_recorded_without_certification_and_links_to_its_application(
    staff_a: User,
) -> None:
    inquiry = inquiry_record(
        organisation=staff_a.organisation,
        by=staff_a,
        received_on=timezone.localdate(),
        from_whom="Polisen",
        description="<b>Kvinna</b> behöver skydd",
    )
    assert inquiry.description == "<b>Kvinna</b> behöver skydd"  # stored as typed
    assert staff_a.organisation is not None
    doc = application_save(
        organisation=staff_a.organisation,
        by=staff_a,
        answers=answers_for(DocumentKind.INITIAL, surname_initial="A", birth_year=1991),
        inquiry=inquiry,
    )
    inquiry.refresh_from_db()
    assert inquiry.case == doc.case


def test_an_inquiry_cannot_be_dated_in_the_future(staff_a: User) -> None:
    with pytest.raises(ValidationError):
        inquiry_record(
            organisation=staff_a.organisation,
            by=staff_a,
            received_on=timezone.localdate() + timedelta(days=1),
            from_whom="x",
            description="y",
        )
    assert not Inquiry.objects.exists()


def test_a_submitted_document_is_locked(staff_a: User) -> None:
    doc = CaseDocumentFactory(case__organisation=staff_a.organisation, submitted=True)
    with pytest.raises(ValidationError):
        document_save(
            case=doc.case, kind=doc.kind, by=staff_a, answers={"date": "2026-01-01"}, document=doc
        )
    with pytest.raises(ValidationError):
        document_submit(document=doc, by=staff_a)


@pytest.mark.parametrize("kind", [DocumentKind.INITIAL, DocumentKind.IN_DEPTH])
@pytest.mark.parametrize("submit", [False, True])
def test_a_stale_draft_copy_of_a_submitted_document_is_refused(
    staff_a: User, kind: str, submit: bool
) -> None:
    """The caller's copy says draft, the row says submitted: the row decides."""
    assert staff_a.organisation is not None
    certify(staff_a.organisation)
    if kind == DocumentKind.INITIAL:
        doc = _application(staff_a)
    else:
        doc = CaseDocumentFactory(kind=kind, case__organisation=staff_a.organisation)
    stale = CaseDocument.objects.select_related("case").get(pk=doc.pk)
    document_submit(document=doc, by=staff_a)
    submitted_answers = CaseDocument.objects.get(pk=doc.pk).answers
    with translation.override("en"), pytest.raises(ValidationError, match="locked"):
        document_write(
            case=stale.case,
            organisation=staff_a.organisation,
            kind=kind,
            by=staff_a,
            answers={**stale.answers, "case_officer": "Too late"},
            document=stale,
            submit=submit,
        )
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.SUBMITTED
    assert doc.answers == submitted_answers
    assert doc.case.status == (
        CaseStatus.APPLIED if kind == DocumentKind.INITIAL else CaseStatus.ADMITTED
    )


def test_a_stale_copy_of_the_case_does_not_undo_its_admission(
    staff_a: User, coordinator: User
) -> None:
    case = CaseFactory(organisation=staff_a.organisation)
    stale = Case.objects.get(pk=case.pk)
    case_admit(case=case, admitted_on=timezone.localdate(), by=coordinator)
    case_update_details(case=stale, by=staff_a, exploitation_countries=["Sverige"])
    case.refresh_from_db()
    assert case.status == CaseStatus.ADMITTED
    assert case.case_number is not None
    assert case.exploitation_countries == ["Sverige"]


def test_a_correction_is_a_new_version_and_keeps_the_history(staff_a: User) -> None:
    v1 = CaseDocumentFactory(case__organisation=staff_a.organisation, submitted=True)
    v2 = document_correct(document=v1, by=staff_a)
    assert (v2.version, v2.previous, v2.status) == (2, v1, DocumentStatus.DRAFT)
    assert v2.answers == v1.answers
    with pytest.raises(ValidationError):
        document_correct(document=v1, by=staff_a)  # one correction at a time
    answers = {**v2.answers, "overall_assessment": "Rättad bedömning"}
    document_save(case=v2.case, kind=v2.kind, by=staff_a, answers=answers, document=v2)
    document_submit(document=v2, by=staff_a)
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert v1.status == DocumentStatus.SUPERSEDED
    # Being superseded is a change with its own history row and author.
    latest = v1.history.order_by("-history_id").first()
    assert latest is not None
    assert (latest.status, latest.history_user) == (DocumentStatus.SUPERSEDED, staff_a)
    assert v1.answers.get("overall_assessment") != "Rättad bedömning"
    assert v2.status == DocumentStatus.SUBMITTED
    assert v2.history.count() >= 2


def test_an_exit_report_closes_the_case(staff_a: User) -> None:
    case = CaseFactory(organisation=staff_a.organisation, admitted=True)
    doc = document_save(
        case=case,
        kind=DocumentKind.EXIT_REPORT,
        by=staff_a,
        answers=answers_for(DocumentKind.EXIT_REPORT, date="2026-02-01"),
    )
    document_submit(document=doc, by=staff_a)
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert case.closed_on == date(2026, 2, 1)
    with pytest.raises(ValidationError):
        child_save(case=case, by=staff_a, age=3, gender=Gender.MAN)


def test_assessments_need_an_admitted_case(staff_a: User) -> None:
    case = CaseFactory(organisation=staff_a.organisation)
    with pytest.raises(ValidationError):
        document_save(
            case=case,
            kind=DocumentKind.IN_DEPTH,
            by=staff_a,
            answers=answers_for(DocumentKind.IN_DEPTH),
        )


def test_the_coordinator_refuses_an_application_with_a_reason(coordinator: User) -> None:
    case = CaseFactory()
    with pytest.raises(ValidationError):
        case_refuse_admission(case=case, by=coordinator, reason="  ")
    refused = case_refuse_admission(case=case, by=coordinator, reason="Ej målgrupp")
    assert refused.status == CaseStatus.REFUSED
    assert refused.case_number is None
    with pytest.raises(ValidationError):
        case_refuse_admission(case=case, by=coordinator, reason="igen")


def test_accompanying_children_are_counted(staff_a: User) -> None:
    case = CaseFactory(organisation=staff_a.organisation, admitted=True)
    child_save(case=case, by=staff_a, age=3, gender=Gender.MAN)
    child_save(
        case=case, by=staff_a, age=7, gender=Gender.WOMAN, location=ChildLocation.HOME_COUNTRY
    )
    assert case.accompanying_children_count == 1
    with pytest.raises(ValidationError):
        child_save(case=case, by=staff_a, age=19, gender=Gender.MAN)
