"""The case page and what is edited from it: decision, details, children, plan."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from cases import deadlines, selectors, services
from cases.choices import DocumentKind, TraffickingType
from cases.forms import (
    AdmissionDecisionForm,
    CaseDetailsForm,
    ChildForm,
    ImplementationPlanForm,
    PlanItemForm,
)
from cases.models import Child, ImplementationPlan, PlanItem
from cases.permissions import (
    can_add_documents,
    can_decide_admission,
    can_write_case,
)
from cases.views._common import DOC_KINDS_AFTER_ADMISSION, case_or_404
from nsp.audit.access import log_access
from nsp.permissions import (
    can_decide,
    get_for_user_or_404,
    require_case_reader,
)
from nsp.viewtools import acting_user, ensure

# --- The case page -------------------------------------------------------------------


@require_case_reader
def case_detail(request: HttpRequest, case_id: Any) -> HttpResponse:
    case = get_for_user_or_404(request.user, selectors.case_for_page(), pk=case_id)
    log_access(request, case)
    page = selectors.case_page(case)
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "page": page,
            "plan": getattr(case, "plan", None),
            "deadlines": deadlines.plan_deadlines(
                case, getattr(case, "plan", None), page.plan_items
            ),
            "today": timezone.localdate(),
            "can_write": can_write_case(request.user, case),
            "can_add_documents": can_add_documents(request.user, case),
            "can_decide": can_decide_admission(request.user, case),
            # Programme roles only: possible earlier cases of the same person (issue 19).
            # The page asks for the count after it is shown (``same_person`` over htmx).
            "can_link_persons": can_decide(request.user),
            "kinds": [(k, DocumentKind(k).label) for k in DOC_KINDS_AFTER_ADMISSION],
            "trafficking_labels": ", ".join(
                str(TraffickingType(t).label) for t in case.trafficking_types
            ),
        },
    )


@require_case_reader
def case_timeline(request: HttpRequest, case_id: Any) -> HttpResponse:
    """The case's timeline: documents, inquiries, decisions, and the entries of the timeline
    providers (funding, journal). The case page loads it after it is shown (htmx, on
    load); opened directly (the page's link, without JavaScript) it is a page of its own.
    Same scope and predicate as the case page, and its own access-log row."""
    case = case_or_404(request, case_id)
    log_access(request, case)
    fragment = bool(getattr(request, "htmx", False))
    response = render(
        request,
        "cases/includes/timeline.html" if fragment else "cases/case_timeline.html",
        {"case": case, "timeline": selectors.case_timeline(case)},
    )
    # One URL, two bodies: caches (the browser's back button) must keep them apart.
    patch_vary_headers(response, ("HX-Request",))
    return response


@require_case_reader
def case_decide(request: HttpRequest, case_id: Any) -> HttpResponse:
    """Coordinator: grant or refuse admission — a numbered decision with its document."""
    case = case_or_404(request, case_id)
    ensure(can_decide_admission, request.user, case)
    log_access(request, case)
    form = AdmissionDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.admission_decide(
                case=case,
                by=acting_user(request),
                outcome=data["outcome"],
                motivation=data["motivation"],
                actor_override_reason=data["actor_override_reason"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            case.refresh_from_db()
            if case.case_number:
                text = _("Decision %(ref)s: admitted as %(number)s.")
            else:
                text = _("Decision %(ref)s: admission refused.")
            messages.success(request, text % {"ref": decision, "number": case.case_number})
            return redirect("cases:case_detail", case_id=case.pk)
    return render(
        request,
        "cases/simple_form.html",
        {
            "form": form,
            "title": _("Decide on admission"),
            "case": case,
            "summary": selectors.initial_assessment_summary(case),
        },
    )


@require_case_reader
def case_details_update(request: HttpRequest, case_id: Any) -> HttpResponse:
    case = case_or_404(request, case_id)
    ensure(can_write_case, request.user, case)
    log_access(request, case)
    initial = {"exploitation_countries": ", ".join(case.exploitation_countries)}
    form = CaseDetailsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.case_update_details(
            case=case,
            by=acting_user(request),
            exploitation_countries=form.countries(),
        )
        messages.success(request, _("Saved."))
        return redirect("cases:case_detail", case_id=case.pk)
    return render(
        request, "cases/simple_form.html", {"form": form, "title": _("Case facts"), "case": case}
    )


def _case_row_edit(
    request: HttpRequest,
    data: Any,
    *,
    model: type[Child] | type[PlanItem],
    row_id: Any,
    case_id: Any,
    form_class: type[ChildForm] | type[PlanItemForm],
    save: Callable[..., Any],
    row_arg: str,
    title: str,
) -> HttpResponse:
    """Create (``case_id``) or edit (``row_id``) one row of a case's list — a child or a
    plan activity — from the posted ``data``: scoped read, write permission, access log,
    the service saves."""
    row: Child | PlanItem | None = None
    if row_id is not None:
        row = cast(
            "Child | PlanItem",
            get_for_user_or_404(
                request.user,
                model.objects.select_related("case__organisation"),
                org_path="case__organisation",
                pk=row_id,
            ),
        )
        case = row.case
    else:
        case = case_or_404(request, case_id)
    ensure(can_write_case, request.user, case)
    log_access(request, row or case)
    form = form_class(data, instance=row)
    if request.method == "POST" and form.is_valid():
        try:
            save(case=case, by=acting_user(request), **{row_arg: row}, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("cases:case_detail", case_id=case.pk)
    return render(request, "cases/simple_form.html", {"form": form, "title": title, "case": case})


@require_case_reader
def child_edit(request: HttpRequest, case_id: Any = None, child_id: Any = None) -> HttpResponse:
    return _case_row_edit(
        request,
        request.POST or None,
        model=Child,
        row_id=child_id,
        case_id=case_id,
        form_class=ChildForm,
        save=services.child_save,
        row_arg="child",
        title=_("Child"),
    )


@require_case_reader
def plan_item_edit(request: HttpRequest, case_id: Any = None, item_id: Any = None) -> HttpResponse:
    return _case_row_edit(
        request,
        request.POST or None,
        model=PlanItem,
        row_id=item_id,
        case_id=case_id,
        form_class=PlanItemForm,
        save=services.plan_item_save,
        row_arg="item",
        title=_("Implementation plan"),
    )


@require_case_reader
def implementation_plan_edit(request: HttpRequest, case_id: Any) -> HttpResponse:
    case = case_or_404(request, case_id)
    ensure(can_write_case, request.user, case)
    plan = ImplementationPlan.objects.filter(case=case).first()
    log_access(request, plan or case)
    form = ImplementationPlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.implementation_plan_save(
                case=case, by=acting_user(request), **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("cases:case_detail", case_id=case.pk)
    return render(
        request,
        "cases/simple_form.html",
        {"form": form, "title": _("Implementation plan"), "case": case},
    )
