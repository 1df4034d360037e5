"""Writes for cases: inquiries, applications, admission, documents, children, plans."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from cases import questionnaire
from cases.children import children_from_assessment
from cases.choices import (
    DOCUMENT_QUESTIONNAIRE,
    CaseStatus,
    ChildLocation,
    DocumentKind,
    DocumentStatus,
    Gender,
    TraffickingType,
)
from cases.closing import close_at_exit, exit_day
from cases.inquiries import inquiry_record as inquiry_record  # re-exported
from cases.inquiries import inquiry_update as inquiry_update  # re-exported
from cases.models import Case, CaseDocument, Child, ImplementationPlan, Inquiry, PlanItem
from cases.period_reports import period_answers
from cases.police import police_report_from_answers
from cases.target_group import check_adult
from certification.selectors import can_file_applications
from nsp.accounts.models import Organisation, User
from nsp.cache import bump_statistics_version

# Arbitrary constant key for the PostgreSQL advisory lock that serialises numbering.
_CASE_NUMBER_LOCK = 7_301_001

_GENDER_FROM_FORM = {"male": Gender.MAN, "female": Gender.WOMAN}


def format_case_number(number: int) -> str:
    return f"NSP{number:03d}"


@transaction.atomic
def case_admit(*, case: Case, admitted_on: date, by: User) -> Case:
    """Admit ``case`` to the programme and give it the next case number.

    Called by the admission decision (``funding.services.decisions``), never alone: an
    admission is a numbered decision with its document (docs/RULES.md). A refused case is
    admitted when a reconsideration grants admission.

    1. Lock the case row (a second decider waits, then sees it admitted and is refused).
    2. Take a transaction-scoped advisory lock so that two admissions at the same moment
       are numbered one after the other; the lock is released at commit or rollback, so
       a rolled-back admission leaves no gap.
    3. Next number = highest assigned + 1.
    """
    bump_statistics_version()  # the statistics count what this changes
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.case_number is not None:
        raise ValidationError(
            _("The case is already admitted as %(number)s.") % {"number": locked.case_number}
        )
    if locked.status not in (CaseStatus.APPLIED, CaseStatus.REFUSED):
        raise ValidationError(_("Only a case that has applied for admission can be admitted."))
    check_adult(locked.birth_year, admitted_on)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CASE_NUMBER_LOCK])
    highest = Case.objects.aggregate(m=Max("number"))["m"] or 0
    locked.number = highest + 1
    locked.case_number = format_case_number(locked.number)
    locked.status = CaseStatus.ADMITTED
    locked.admitted_on = admitted_on
    locked._history_user = by  # type: ignore[attr-defined]
    locked.full_clean()
    locked.save()
    return locked


def admission_decide(
    *,
    case: Case,
    by: User,
    outcome: str,
    motivation: str,
    actor_override_reason: str = "",
    decided_on: date | None = None,
) -> Any:
    """Grant (``"granted"``) or refuse (``"denied"``) admission: a numbered decision with its
    document, recorded by the app that keeps the decision register
    (``settings.NSP_ADMISSION_DECIDER``); it admits or refuses the case through
    ``case_admit`` / ``case_refuse_admission``."""
    decide = import_string(settings.NSP_ADMISSION_DECIDER)
    return decide(
        case=case,
        by=by,
        outcome=outcome,
        motivation=motivation,
        actor_override_reason=actor_override_reason,
        decided_on=decided_on,
    )


@transaction.atomic
def case_refuse_admission(*, case: Case, by: User, reason: str) -> Case:
    """Refuse an application for admission; the reason (the decision's motivation) is kept
    on the case. Called by the admission decision, never alone (see ``case_admit``)."""
    bump_statistics_version()  # the statistics count what this changes
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.status != CaseStatus.APPLIED:
        raise ValidationError(_("Only a case that has applied for admission can be refused."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the refusal.")})
    locked.status = CaseStatus.REFUSED
    locked.refused_on = timezone.localdate()
    locked.refusal_reason = reason
    locked._history_user = by  # type: ignore[attr-defined]
    locked.full_clean()
    locked.save()
    return locked


@transaction.atomic
def case_update_details(
    *,
    case: Case,
    by: User,
    exploitation_countries: list[str],
) -> Case:
    """Statistics facts that no form asks for (a police report is recorded in the initial
    assessment and the journal, ``cases.police``)."""
    bump_statistics_version()  # the statistics count what this changes
    case = Case.objects.select_for_update().get(pk=case.pk)  # never write a stale status back
    case.exploitation_countries = [c.strip() for c in exploitation_countries if c.strip()]
    case._history_user = by  # type: ignore[attr-defined]
    case.full_clean()
    case.save()
    return case


# --- Documents (applications, assessments, reports) ------------------------------------


def _sync_case_from_initial(case: Case, answers: dict[str, Any]) -> None:
    """Copy the identifying and statistical answers into the case's columns."""
    case.surname_initial = str(answers.get("surname_initial", "")).upper()
    case.first_name_initial = str(answers.get("first_name_initial", "")).upper()
    case.birth_year = int(answers["birth_year"]) if answers.get("birth_year") else 0
    case.gender = _GENDER_FROM_FORM.get(str(answers.get("gender")), Gender.UNKNOWN)
    case.nationality = str(answers.get("nationality", ""))
    arrival = answers.get("arrival_date")
    case.arrival_date = date.fromisoformat(arrival) if arrival else None
    case.trafficking_types = [
        t for t in answers.get("trafficking_type", []) if t in TraffickingType.values
    ]
    police_report_from_answers(case, answers)


def _document_date(answers: dict[str, Any]) -> date | None:
    raw = answers.get("date")
    return date.fromisoformat(raw) if raw else None


@transaction.atomic
def application_save(
    *,
    organisation: Organisation,
    by: User,
    answers: dict[str, Any],
    document: CaseDocument | None = None,
    inquiry: Inquiry | None = None,
) -> CaseDocument:
    """Save an admission application (initial needs assessment) as a draft.

    A new application creates its case (status draft, no number); a later save of the
    draft updates both. An inquiry it comes from is linked to the case.
    """
    bump_statistics_version()  # the statistics count what this changes
    if document is None:
        case = Case(organisation=organisation, status=CaseStatus.DRAFT)
        _sync_case_from_initial(case, answers)
        check_adult(case.birth_year, timezone.localdate())
        case._history_user = by  # type: ignore[attr-defined]
        case.full_clean()
        case.save()
        document = CaseDocument(
            case=case,
            kind=DocumentKind.INITIAL,
            questionnaire=questionnaire.current(DOCUMENT_QUESTIONNAIRE[DocumentKind.INITIAL]),
            created_by=by,
        )
        if inquiry is not None:
            inquiry = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
        if inquiry is not None and inquiry.case_id is None:
            inquiry.case = case
            inquiry.save(update_fields=["case", "updated_at"])
    else:
        document = _locked_draft(document)
        case = document.case
        if case.status in (CaseStatus.DRAFT, CaseStatus.APPLIED, CaseStatus.ADMITTED):
            _sync_case_from_initial(case, answers)
            if case.status == CaseStatus.DRAFT:
                check_adult(case.birth_year, timezone.localdate())
            case._history_user = by  # type: ignore[attr-defined]
            case.full_clean()
            case.save()
    document.answers = answers
    document.document_date = _document_date(answers)
    document.full_clean()
    document.save()
    return document


def _require_draft(document: CaseDocument) -> None:
    if document.is_locked:
        raise ValidationError(_("A submitted document is locked; make a correction to change it."))


def _locked_draft(document: CaseDocument) -> CaseDocument:
    """Re-read ``document`` and its case under row locks and require it to be a draft.

    The caller's copy may be stale: a submit in another request may have committed since
    it was read, and saving the stale copy would put the document back to draft. The lock
    makes a concurrent submit wait for this transaction (or this one wait for it).
    """
    locked = CaseDocument.objects.select_for_update().select_related("case").get(pk=document.pk)
    _require_draft(locked)
    return locked


def _require_open_case(case: Case) -> None:
    if case.status in (CaseStatus.CLOSED, CaseStatus.REFUSED):
        raise ValidationError(_("The case is closed; nothing more can be added to it."))


def _locked_open_case(case: Case) -> Case:
    """Re-read ``case`` under a row lock and require it to be open (not closed meanwhile)."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    _require_open_case(locked)
    return locked


@transaction.atomic
def document_save(
    *,
    case: Case,
    kind: str,
    by: User,
    answers: dict[str, Any],
    document: CaseDocument | None = None,
    period_id: Any = None,
) -> CaseDocument:
    """Create or update a draft assessment or report of an admitted case (a new support
    period report names its granted period, ``period_id``: the decision's id)."""
    if kind == DocumentKind.INITIAL:
        return application_save(
            organisation=case.organisation, by=by, answers=answers, document=document
        )
    if document is not None:
        document = _locked_draft(document)
        case = document.case
    else:
        case = Case.objects.select_for_update().get(pk=case.pk)
    _require_open_case(case)
    if case.status != CaseStatus.ADMITTED:
        raise ValidationError(_("Assessments and reports are made for admitted cases."))
    if document is None:
        document = CaseDocument(
            case=case,
            kind=kind,
            questionnaire=questionnaire.current(DOCUMENT_QUESTIONNAIRE[DocumentKind(kind)]),
            created_by=by,
        )
    answers = period_answers(document, case, period_id, answers)
    document.answers = answers
    document.document_date = _document_date(answers)
    document.full_clean()
    document.save()
    return document


def missing_required(document: CaseDocument) -> list[str]:
    """Labels of required items without an answer: those the edition marks required and,
    for an initial assessment, what the coordinator decides on (``submit_required``)."""
    definition = document.questionnaire.definition
    also = set(questionnaire.submit_required(document.kind, definition))
    return [
        str(item["label"])
        for _section, item in questionnaire.iter_items(definition)
        if (item.get("required") or item["key"] in also)
        and document.answers.get(item["key"]) in (None, "", [])
    ]


@transaction.atomic
def document_submit(
    *, document: CaseDocument, by: User, confirm_exit: bool = False
) -> CaseDocument:
    """Submit a draft: it is locked from now on.

    1. Required items must be answered.
    2. An admission application needs a certified actor; the case becomes "applied".
    3. A correction supersedes the version it replaces.
    4. An exit report closes the case; open funding (a period running past the exit date,
       an application waiting) needs ``confirm_exit`` and is then ended (``cases.closing``).
    5. The initial assessment's children become the case's children (``cases.children``).
    """
    bump_statistics_version()  # the statistics count what this changes
    document = CaseDocument.objects.select_for_update().select_related("case").get(pk=document.pk)
    _require_draft(document)
    missing = missing_required(document)
    if missing:
        raise ValidationError(
            _("Answer the required questions first: %(items)s") % {"items": ", ".join(missing)}
        )
    case = document.case
    today = timezone.localdate()
    if document.kind == DocumentKind.INITIAL and case.status == CaseStatus.DRAFT:
        decision = can_file_applications(case.organisation)
        if not decision:
            raise ValidationError(str(decision.reason))
        case.status = CaseStatus.APPLIED
        case.applied_on = today
    if document.kind == DocumentKind.EXIT_REPORT:
        if case.status != CaseStatus.ADMITTED:
            raise ValidationError(_("Only an admitted case can be closed with an exit report."))
        case.closed_on = exit_day(document)
        close_at_exit(case=case, day=case.closed_on, by=by, confirmed=confirm_exit)
        case.status = CaseStatus.CLOSED
    case._history_user = by  # type: ignore[attr-defined]
    case.full_clean()
    case.save()
    if document.kind == DocumentKind.INITIAL:
        children_from_assessment(case=case, document=document, by=by)
    if document.previous_id is not None:
        # Saved (not ``update()``d) so that the change has its history row, with its author.
        previous = CaseDocument.objects.select_for_update().get(pk=document.previous_id)
        previous.status = DocumentStatus.SUPERSEDED
        previous._history_user = by  # type: ignore[attr-defined]
        previous.save(update_fields=["status", "updated_at"])
    document.status = DocumentStatus.SUBMITTED
    document.submitted_at = timezone.now()
    document.submitted_by = by
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def document_correct(*, document: CaseDocument, by: User) -> CaseDocument:
    """Start a correction of a submitted document: a new draft version with its answers."""
    document = CaseDocument.objects.select_for_update().get(pk=document.pk)
    if document.status != DocumentStatus.SUBMITTED:
        raise ValidationError(_("Only the current submitted version can be corrected."))
    if CaseDocument.objects.filter(previous=document).exists():
        raise ValidationError(_("A correction of this document is already being written."))
    correction = CaseDocument(
        case_id=document.case_id,
        kind=document.kind,
        questionnaire_id=document.questionnaire_id,
        answers=dict(document.answers),
        version=document.version + 1,
        previous=document,
        period_id=document.period_id,
        document_date=document.document_date,
        created_by=by,
    )
    correction.full_clean()
    correction.save()
    return correction


# --- Children and the plan -------------------------------------------------------------


@transaction.atomic
def child_save(
    *,
    case: Case,
    by: User,
    age: int,
    gender: str,
    location: str = ChildLocation.WITH_PARENT,
    needs_notes: str = "",
    child: Child | None = None,
) -> Child:
    bump_statistics_version()  # the statistics count what this changes
    case = _locked_open_case(case)
    child = child or Child(case=case)
    child.age, child.gender, child.location, child.needs_notes = age, gender, location, needs_notes
    child._history_user = by  # type: ignore[attr-defined]
    child.full_clean()
    child.save()
    return child


@transaction.atomic
def plan_item_save(
    *,
    case: Case,
    by: User,
    goal: str,
    activities: str,
    responsible: str,
    follow_up_on: date,
    follow_up_how: str = "",
    when_how: str = "",
    done_on: date | None = None,
    outcome: str = "",
    item: PlanItem | None = None,
) -> PlanItem:
    case = _locked_open_case(case)
    if done_on is not None and done_on > timezone.localdate():
        raise ValidationError({"done_on": _("The follow-up cannot be done in the future.")})
    item = item or PlanItem(case=case)
    item.goal, item.activities, item.responsible = goal, activities, responsible
    item.when_how = when_how
    item.follow_up_on, item.follow_up_how = follow_up_on, follow_up_how
    item.done_on, item.outcome = done_on, outcome
    item._history_user = by  # type: ignore[attr-defined]
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def implementation_plan_save(*, case: Case, by: User, **fields: Any) -> ImplementationPlan:
    """Create or update the case's implementation plan (the fields of seed 001's list)."""
    case = _locked_open_case(case)
    plan = ImplementationPlan.objects.filter(case=case).first() or ImplementationPlan(case=case)
    for name, value in fields.items():
        setattr(plan, name, value)
    if plan.follow_up_on and plan.established_on and plan.follow_up_on < plan.established_on:
        raise ValidationError(
            {"follow_up_on": _("The follow-up cannot come before the plan is established.")}
        )
    plan._history_user = by  # type: ignore[attr-defined]
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def document_write(
    *,
    case: Case | None,
    organisation: Organisation,
    kind: str,
    by: User,
    answers: dict[str, Any],
    document: CaseDocument | None = None,
    inquiry: Inquiry | None = None,
    submit: bool = False,
    period_id: Any = None,
    confirm_exit: bool = False,
) -> CaseDocument:
    """Save a draft and, when asked, submit it — all or nothing."""
    if kind == DocumentKind.INITIAL:
        document = application_save(
            organisation=organisation, by=by, answers=answers, document=document, inquiry=inquiry
        )
    else:
        assert case is not None
        document = document_save(
            case=case, kind=kind, by=by, answers=answers, document=document, period_id=period_id
        )
    if submit:
        document = document_submit(document=document, by=by, confirm_exit=confirm_exit)
    return document
