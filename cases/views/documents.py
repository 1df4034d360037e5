"""Applications, assessments and reports: the questionnaire documents of a case."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import closing, period_reports, periods, questionnaire, selectors, services
from cases.choices import DOCUMENT_QUESTIONNAIRE, DocumentKind
from cases.closing import EXIT_OPEN
from cases.models import Case, CaseDocument, Inquiry
from cases.periods import FIXED_ITEMS, GrantedPeriod
from cases.permissions import (
    can_add_documents,
    can_apply,
    can_correct_document,
    can_edit_document,
    can_receive_report,
)
from cases.views._common import DOC_KINDS_AFTER_ADMISSION, case_or_404, filing_decision
from nsp.audit.access import log_access
from nsp.permissions import (
    get_for_user_or_404,
    require,
    require_case_reader,
)
from nsp.viewtools import acting_user, ensure

# --- Applications and documents ------------------------------------------------------


def _questionnaire_form(
    request: HttpRequest,
    definition: dict[str, Any],
    kind: str,
    initial: dict[str, Any],
    fixed: tuple[str, ...] = (),
) -> questionnaire.QuestionnaireForm:
    submit = request.method == "POST" and "submit" in request.POST
    return questionnaire.QuestionnaireForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        definition=definition,
        strict=submit,
        always_required=questionnaire.always_required(kind, definition, strict=submit),
        fixed=fixed,
    )


def _write_document(
    request: HttpRequest,
    *,
    kind: str,
    definition: dict[str, Any],
    case: Case | None,
    document: CaseDocument | None,
    inquiry: Inquiry | None = None,
    initial: dict[str, Any] | None = None,
    period: GrantedPeriod | None = None,
) -> HttpResponse:
    user = acting_user(request)
    if period is not None:
        initial = {**(initial or {}), **period.answers()}
    fixed = FIXED_ITEMS if period is not None else ()
    form = _questionnaire_form(request, definition, kind, initial or {}, fixed)
    if request.method == "POST" and form.is_valid():
        organisation = case.organisation if case else user.organisation
        assert organisation is not None
        write = partial(
            services.document_write,
            case=case,
            organisation=organisation,
            kind=kind,
            by=user,
            answers=form.answers(),
            document=document,
            inquiry=inquiry,
            period_id=period.decision_id if period and document is None else None,
        )
        try:
            saved = write(submit="submit" in request.POST)
        except ValidationError as exc:
            if getattr(exc, "code", None) == EXIT_OPEN:
                # Funding is still open: keep the report as a draft and show what the exit
                # would end, for the actor to confirm (``exit_confirm``).
                draft = write(submit=False)
                return redirect("cases:exit_confirm", document_id=draft.pk)
            if hasattr(exc, "error_dict"):
                exc = ValidationError(
                    [m for msgs in exc.message_dict.values() for m in msgs]  # field-less here
                )
            form.add_error(None, exc)
        else:
            if saved.is_locked:
                messages.success(request, _("Submitted. The document is now locked."))
            else:
                messages.success(request, _("Draft saved."))
            return redirect("cases:document_detail", document_id=saved.pk)
    return render(
        request,
        "cases/document_form.html",
        {
            "form": form,
            "definition": definition,
            "case": case,
            "document": document,
            "kind_label": DocumentKind(kind).label,
            "inquiry": inquiry,
            "period": period,
            "filing": filing_decision(request.user) if kind == DocumentKind.INITIAL else None,
        },
    )


@require(can_apply)
def application_create(request: HttpRequest) -> HttpResponse:
    """A new admission application with its initial needs assessment (maybe from an inquiry)."""
    inquiry = None
    if request.GET.get("inquiry") or request.POST.get("inquiry"):
        inquiry = get_for_user_or_404(
            request.user,
            Inquiry.objects.all(),
            pk=request.GET.get("inquiry") or request.POST.get("inquiry"),
        )
    definition = questionnaire.current(DOCUMENT_QUESTIONNAIRE[DocumentKind.INITIAL]).definition
    initial = {"date": timezone.localdate(), "case_officer": acting_user(request).display_name}
    if inquiry is not None:
        # The inquiry's text follows it into the application it becomes.
        initial["case_description"] = inquiry.description
        initial["contact_organisation"] = inquiry.from_whom
    return _write_document(
        request,
        kind=DocumentKind.INITIAL,
        definition=definition,
        case=None,
        document=None,
        inquiry=inquiry,
        initial=initial,
    )


@require_case_reader
def document_create(request: HttpRequest, case_id: Any, kind: str) -> HttpResponse:
    case = case_or_404(request, case_id)
    if kind not in DOC_KINDS_AFTER_ADMISSION:
        raise Http404
    ensure(can_add_documents, request.user, case)
    log_access(request, case)
    period = None
    if kind == DocumentKind.PERIOD_REPORT:
        # A support period report belongs to a granted period: choose it first (issue 19).
        period = periods.find_period(case, request.GET.get("period", ""))
        if period is None:
            return _choose_period(request, case)
    definition = questionnaire.current(DOCUMENT_QUESTIONNAIRE[DocumentKind(kind)]).definition
    initial = {
        "date": timezone.localdate(),
        "case_officer": acting_user(request).display_name,
        **questionnaire.identity_answers(case),
    }
    return _write_document(
        request,
        kind=kind,
        definition=definition,
        case=case,
        document=None,
        initial=initial,
        period=period,
    )


def _choose_period(request: HttpRequest, case: Case) -> HttpResponse:
    """The case's granted periods, each with its report (or the button to write it)."""
    reports = {
        str(d.period_id): d
        for d in CaseDocument.objects.filter(case=case, period__isnull=False).order_by("version")
    }
    rows = [(p, reports.get(str(p.decision_id))) for p in periods.granted_periods(case)]
    return render(request, "cases/period_choose.html", {"case": case, "rows": rows})


@require_case_reader
@require_POST
def document_receive(request: HttpRequest, document_id: Any) -> HttpResponse:
    """The coordinator marks a submitted report as received ("Mottaget av / Datum")."""
    document = _document(request, document_id)
    ensure(can_receive_report, request.user, document)
    try:
        period_reports.document_receive(document=document, by=acting_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Marked as received."))
    return redirect("cases:document_detail", document_id=document.pk)


def _document(request: HttpRequest, document_id: Any) -> CaseDocument:
    return get_for_user_or_404(
        request.user,
        CaseDocument.objects.select_related(
            "case__organisation",
            "questionnaire",
            "created_by",
            "submitted_by",
            "received_by",
            "previous",
        ),
        org_path="case__organisation",
        pk=document_id,
    )


@require_case_reader
def document_detail(request: HttpRequest, document_id: Any) -> HttpResponse:
    document = _document(request, document_id)
    log_access(request, document)
    definition = document.questionnaire.definition
    versions = []
    cursor: CaseDocument | None = document
    while cursor is not None and cursor.previous_id is not None:
        cursor = CaseDocument.objects.filter(pk=cursor.previous_id).first()
        if cursor is not None:
            versions.append(cursor)
    correction = CaseDocument.objects.filter(previous=document).first()
    return render(
        request,
        "cases/document_detail.html",
        {
            "document": document,
            "case": document.case,
            "sections": questionnaire.display_answers(definition, document.answers),
            "summaries": questionnaire.scale_summaries(definition, document.answers),
            "earlier_versions": versions,
            "correction": correction,
            "can_edit": can_edit_document(request.user, document),
            "can_correct": can_correct_document(request.user, document) and correction is None,
            "can_receive": can_receive_report(request.user, document)
            and period_reports.receive_refusal(document) is None,
        },
    )


@require_case_reader
def document_edit(request: HttpRequest, document_id: Any) -> HttpResponse:
    document = _document(request, document_id)
    ensure(can_edit_document, request.user, document)
    log_access(request, document, "edit")
    return _write_document(
        request,
        kind=document.kind,
        definition=document.questionnaire.definition,
        case=document.case,
        document=document,
        initial=document.answers,
    )


@require_case_reader
def document_correct(request: HttpRequest, document_id: Any) -> HttpResponse:
    document = _document(request, document_id)
    ensure(can_correct_document, request.user, document)
    if request.method == "POST":
        try:
            correction = services.document_correct(document=document, by=acting_user(request))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("cases:document_detail", document_id=document.pk)
        return redirect("cases:document_edit", document_id=correction.pk)
    log_access(request, document)
    return render(request, "cases/confirm_correct.html", {"document": document})


@require_case_reader
def exit_confirm(request: HttpRequest, document_id: Any) -> HttpResponse:
    """The confirm step of an exit report submitted while funding is open: what the exit
    ends (periods running past the exit date, applications waiting), then submit."""
    document = _document(request, document_id)
    if document.kind != DocumentKind.EXIT_REPORT:
        raise Http404
    ensure(can_edit_document, request.user, document)
    log_access(request, document)
    day = closing.exit_day(document)
    if request.method == "POST":
        try:
            services.document_submit(document=document, by=acting_user(request), confirm_exit=True)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Submitted. The case is closed."))
            return redirect("cases:document_detail", document_id=document.pk)
    return render(
        request,
        "cases/exit_confirm.html",
        {
            "document": document,
            "case": document.case,
            "day": day,
            "open_items": closing.open_at_exit(document.case, day).lines(),
        },
    )


@require_case_reader
def assessment_compare(request: HttpRequest, case_id: Any) -> HttpResponse:
    """Two in-depth assessments of the same person side by side."""
    case = case_or_404(request, case_id)
    assessments = list(selectors.in_depth_assessments(case))
    by_id = {str(a.pk): a for a in assessments}
    before = by_id.get(request.GET.get("a", "")) or (
        assessments[-2] if len(assessments) > 1 else None
    )
    after = by_id.get(request.GET.get("b", "")) or (assessments[-1] if assessments else None)
    rows: list[questionnaire.ComparisonRow] = []
    summaries: list[tuple[Any, Any]] = []
    if before is not None and after is not None and before != after:
        log_access(request, before)
        log_access(request, after)
        definition = after.questionnaire.definition
        rows = questionnaire.compare(definition, before.answers, after.answers)
        summaries = list(
            zip(
                questionnaire.scale_summaries(before.questionnaire.definition, before.answers),
                questionnaire.scale_summaries(definition, after.answers),
                strict=False,
            )
        )
    log_access(request, case)
    return render(
        request,
        "cases/assessment_compare.html",
        {
            "case": case,
            "assessments": assessments,
            "before": before,
            "after": after,
            "rows": rows,
            "summaries": summaries,
            "better": sum(1 for r in rows if r.change == "better"),
            "worse": sum(1 for r in rows if r.change == "worse"),
        },
    )
