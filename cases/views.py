"""Views of the cases app: thin — fetch through the permission helpers, validate, call a service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import questionnaire, selectors, services
from cases.choices import DOCUMENT_QUESTIONNAIRE, DocumentKind, TraffickingType
from cases.forms import (
    AdmissionDecisionForm,
    CaseDetailsForm,
    CaseFilterForm,
    ChildForm,
    CoordinatorInquiryForm,
    ImplementationPlanForm,
    InquiryForm,
    PlanItemForm,
)
from cases.models import Case, CaseDocument, Child, ImplementationPlan, Inquiry, PlanItem
from cases.permissions import (
    can_add_documents,
    can_apply,
    can_correct_document,
    can_decide_admission,
    can_edit_document,
    can_edit_inquiry,
    can_record_inquiry,
    can_write_case,
)
from nsp.accounts.models import User
from nsp.audit.access import log_access
from nsp.pagination import paginate
from nsp.permissions import (
    Decision,
    get_for_user_or_404,
    is_programme,
    require,
    require_case_reader,
)

_DOC_KINDS_AFTER_ADMISSION = (
    DocumentKind.IN_DEPTH,
    DocumentKind.PERIOD_REPORT,
    DocumentKind.EXIT_REPORT,
)


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _case(request: HttpRequest, case_id: Any) -> Case:
    return get_for_user_or_404(
        request.user, Case.objects.select_related("organisation"), pk=case_id
    )


def _check(decision: Decision) -> None:
    if not decision:
        raise PermissionDenied(decision.reason)


def _page(request: HttpRequest, items: Any) -> Any:
    return paginate(request, items)


# --- Lists ---------------------------------------------------------------------------


@require_case_reader
def case_list(request: HttpRequest) -> HttpResponse:
    form = CaseFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "organisation_id": data["organisation"].pk if data.get("organisation") else None,
            "status": data.get("status") or "",
            "period_from": data.get("period_from"),
            "period_to": data.get("period_to"),
        }
    if not is_programme(request.user):
        del form.fields["organisation"]
        filters.pop("organisation_id", None)
    cases = selectors.cases_for_user(request.user, **filters)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/case_list.html",
        {
            "form": form,
            "page": _page(request, cases),
            "query": query.urlencode(),
            "today": timezone.localdate(),
            "can_apply": can_apply(request.user),
        },
    )


@require_case_reader
def inquiry_list(request: HttpRequest) -> HttpResponse:
    inquiries = selectors.inquiries_for_user(request.user)
    return render(
        request,
        "cases/inquiry_list.html",
        {
            "page": _page(request, inquiries),
            "can_record": can_record_inquiry(request.user),
            "can_apply": can_apply(request.user),
        },
    )


@require(can_record_inquiry)
def inquiry_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form_class = InquiryForm if user.organisation_id else CoordinatorInquiryForm
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.inquiry_record(
                organisation=user.organisation or data.get("organisation"),
                by=user,
                received_on=data["received_on"],
                from_whom=data["from_whom"],
                description=data["description"],
                outcome=data["outcome"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The inquiry is recorded."))
            return redirect("cases:inquiry_list")
    return render(request, "cases/simple_form.html", {"form": form, "title": _("New inquiry")})


@require_case_reader
def inquiry_update(request: HttpRequest, inquiry_id: Any) -> HttpResponse:
    inquiry = get_for_user_or_404(
        request.user, Inquiry.objects.select_related("organisation"), pk=inquiry_id
    )
    _check(can_edit_inquiry(request.user, inquiry))
    log_access(request, inquiry)
    form = InquiryForm(request.POST or None, instance=inquiry)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.inquiry_update(
            inquiry=Inquiry.objects.get(pk=inquiry.pk),
            by=_user(request),
            received_on=data["received_on"],
            from_whom=data["from_whom"],
            description=data["description"],
            outcome=data["outcome"],
        )
        messages.success(request, _("The inquiry is updated."))
        return redirect("cases:inquiry_list")
    return render(request, "cases/simple_form.html", {"form": form, "title": _("Inquiry")})


# --- Applications and documents ------------------------------------------------------


def _questionnaire_form(
    request: HttpRequest, definition: dict[str, Any], kind: str, initial: dict[str, Any]
) -> questionnaire.QuestionnaireForm:
    submit = request.method == "POST" and "submit" in request.POST
    return questionnaire.QuestionnaireForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        definition=definition,
        strict=submit,
        always_required=questionnaire.IDENTIFYING_ITEMS if kind == DocumentKind.INITIAL else (),
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
) -> HttpResponse:
    user = _user(request)
    form = _questionnaire_form(request, definition, kind, initial or {})
    if request.method == "POST" and form.is_valid():
        organisation = case.organisation if case else user.organisation
        assert organisation is not None
        try:
            saved = services.document_write(
                case=case,
                organisation=organisation,
                kind=kind,
                by=user,
                answers=form.answers(),
                document=document,
                inquiry=inquiry,
                submit="submit" in request.POST,
            )
        except ValidationError as exc:
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
    initial = {"date": timezone.localdate(), "case_officer": _user(request).get_full_name()}
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
    case = _case(request, case_id)
    if kind not in _DOC_KINDS_AFTER_ADMISSION:
        raise Http404
    _check(can_add_documents(request.user, case))
    definition = questionnaire.current(DOCUMENT_QUESTIONNAIRE[DocumentKind(kind)]).definition
    initial = {
        "date": timezone.localdate(),
        "case_officer": _user(request).get_full_name(),
        **questionnaire.identity_answers(case),
    }
    return _write_document(
        request, kind=kind, definition=definition, case=case, document=None, initial=initial
    )


def _document(request: HttpRequest, document_id: Any) -> CaseDocument:
    return get_for_user_or_404(
        request.user,
        CaseDocument.objects.select_related(
            "case__organisation", "questionnaire", "created_by", "submitted_by", "previous"
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
        },
    )


@require_case_reader
def document_edit(request: HttpRequest, document_id: Any) -> HttpResponse:
    document = _document(request, document_id)
    _check(can_edit_document(request.user, document))
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
    _check(can_correct_document(request.user, document))
    if request.method == "POST":
        try:
            correction = services.document_correct(document=document, by=_user(request))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("cases:document_detail", document_id=document.pk)
        return redirect("cases:document_edit", document_id=correction.pk)
    return render(request, "cases/confirm_correct.html", {"document": document})


@require_case_reader
def assessment_compare(request: HttpRequest, case_id: Any) -> HttpResponse:
    """Two in-depth assessments of the same person side by side."""
    case = _case(request, case_id)
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


# --- The case page -------------------------------------------------------------------


@require_case_reader
def case_detail(request: HttpRequest, case_id: Any) -> HttpResponse:
    case = get_for_user_or_404(request.user, selectors.case_with_lists(), pk=case_id)
    log_access(request, case)
    page = selectors.case_page(case)
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "page": page,
            "plan": getattr(case, "plan", None),
            "today": timezone.localdate(),
            "can_write": can_write_case(request.user, case),
            "can_add_documents": can_add_documents(request.user, case),
            "can_decide": can_decide_admission(request.user, case),
            "kinds": [(k, DocumentKind(k).label) for k in _DOC_KINDS_AFTER_ADMISSION],
            "trafficking_labels": ", ".join(
                str(TraffickingType(t).label) for t in case.trafficking_types
            ),
        },
    )


@require_case_reader
def case_decide(request: HttpRequest, case_id: Any) -> HttpResponse:
    """Coordinator: admit or refuse an application that has no funding attached."""
    case = _case(request, case_id)
    _check(can_decide_admission(request.user, case))
    log_access(request, case)
    form = AdmissionDecisionForm(
        request.POST or None, initial={"admitted_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "admit":
                case = services.case_admit(
                    case=case, admitted_on=data["admitted_on"], by=_user(request)
                )
                messages.success(
                    request, _("Admitted as %(number)s.") % {"number": case.case_number}
                )
            else:
                services.case_refuse_admission(case=case, by=_user(request), reason=data["reason"])
                messages.success(request, _("Admission refused."))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("cases:case_detail", case_id=case.pk)
    return render(
        request,
        "cases/simple_form.html",
        {"form": form, "title": _("Decide on admission"), "case": case},
    )


@require_case_reader
def case_details_update(request: HttpRequest, case_id: Any) -> HttpResponse:
    case = _case(request, case_id)
    _check(can_write_case(request.user, case))
    log_access(request, case)
    initial = {
        "exploitation_countries": ", ".join(case.exploitation_countries),
        "police_report_made": case.police_report_made,
    }
    form = CaseDetailsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.case_update_details(
            case=case,
            by=_user(request),
            exploitation_countries=form.countries(),
            police_report_made=form.cleaned_data["police_report_made"],
        )
        return redirect("cases:case_detail", case_id=case.pk)
    return render(
        request, "cases/simple_form.html", {"form": form, "title": _("Case facts"), "case": case}
    )


@require_case_reader
def child_edit(request: HttpRequest, case_id: Any = None, child_id: Any = None) -> HttpResponse:
    if child_id is not None:
        child: Child | None = get_for_user_or_404(
            request.user,
            Child.objects.select_related("case__organisation"),
            org_path="case__organisation",
            pk=child_id,
        )
        assert child is not None
        case = child.case
    else:
        child, case = None, _case(request, case_id)
    _check(can_write_case(request.user, case))
    log_access(request, child or case)
    form = ChildForm(request.POST or None, instance=child)
    if request.method == "POST" and form.is_valid():
        try:
            services.child_save(case=case, by=_user(request), child=child, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("cases:case_detail", case_id=case.pk)
    return render(
        request, "cases/simple_form.html", {"form": form, "title": _("Child"), "case": case}
    )


@require_case_reader
def plan_item_edit(request: HttpRequest, case_id: Any = None, item_id: Any = None) -> HttpResponse:
    if item_id is not None:
        item: PlanItem | None = get_for_user_or_404(
            request.user,
            PlanItem.objects.select_related("case__organisation"),
            org_path="case__organisation",
            pk=item_id,
        )
        assert item is not None
        case = item.case
    else:
        item, case = None, _case(request, case_id)
    _check(can_write_case(request.user, case))
    log_access(request, item or case)
    form = PlanItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_item_save(case=case, by=_user(request), item=item, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("cases:case_detail", case_id=case.pk)
    return render(
        request,
        "cases/simple_form.html",
        {"form": form, "title": _("Implementation plan"), "case": case},
    )


@require_case_reader
def implementation_plan_edit(request: HttpRequest, case_id: Any) -> HttpResponse:
    case = _case(request, case_id)
    _check(can_write_case(request.user, case))
    plan = ImplementationPlan.objects.filter(case=case).first()
    log_access(request, plan or case)
    form = ImplementationPlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.implementation_plan_save(case=case, by=_user(request), **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("cases:case_detail", case_id=case.pk)
    return render(
        request,
        "cases/simple_form.html",
        {"form": form, "title": _("Implementation plan"), "case": case},
    )
