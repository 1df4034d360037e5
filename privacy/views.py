"""Coordinator pages for data subjects' requests: register extracts and erasure."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cases.models import Case
from nsp.audit.access import log_access, log_list_access
from nsp.audit.models import AccessAction
from nsp.pdf import render_pdf
from nsp.permissions import get_for_user_or_404, require
from nsp.reauth import require_recent_auth
from nsp.viewtools import acting_user, add_service_errors
from privacy import selectors, services
from privacy.forms import ErasureForm, ExtractRequestForm
from privacy.models import ExtractRequest
from privacy.permissions import can_handle_data_requests

require_coordinator = require(can_handle_data_requests)


def _case(request: HttpRequest, case_id: Any) -> Case:
    return get_for_user_or_404(request.user, Case.objects.all(), pk=case_id)


@require_coordinator
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    cases = list(Case.objects.exclude(case_number=None).order_by("number")[:500])
    log_list_access(request, cases, Case)
    return render(
        request,
        "privacy/overview.html",
        {
            "cases": cases,
            "due": services.retention_due().count(),
            "records": selectors.erasure_records()[:100],
        },
    )


@require_coordinator
@require_http_methods(["GET", "POST"])
def case_requests(request: HttpRequest, case_id: Any) -> HttpResponse:
    case = _case(request, case_id)
    log_access(request, case)
    form = ExtractRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.extract_request_record(
            case=case, reason=form.cleaned_data["reason"], by=acting_user(request)
        )
        messages.success(request, _("The request is recorded; download the extract below."))
        return redirect("privacy:case_requests", case.pk)
    return render(
        request,
        "privacy/case_requests.html",
        {
            "case": case,
            "form": form,
            "extracts": selectors.extract_requests(case),
            "deletable": services.case_can_be_deleted(case),
        },
    )


@require_coordinator
@require_recent_auth()
@require_GET
def extract_download(request: HttpRequest, extract_id: Any, fmt: str) -> HttpResponse:
    extract = get_object_or_404(ExtractRequest, pk=extract_id)
    case = _case(request, extract.case_id)
    if fmt not in ("json", "pdf"):
        raise Http404
    register = selectors.case_register(case)
    log_access(request, case, AccessAction.EXPORT)
    name = f"registerutdrag-{case.case_number or case.pk}-{extract.created_at:%Y%m%d}"
    if fmt == "json":
        response = HttpResponse(
            selectors.register_json(register), content_type="application/json; charset=utf-8"
        )
    else:
        pdf = render_pdf("privacy/pdf/extract.html", {"r": register, "extract": extract})
        response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@require_coordinator
@require_http_methods(["GET", "POST"])
def case_erase(request: HttpRequest, case_id: Any) -> HttpResponse:
    case = _case(request, case_id)
    log_access(request, case)
    form = ErasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_erase(
                case=case,
                reason=form.cleaned_data["reason"],
                decided_by=form.cleaned_data["decided_by"],
                by=acting_user(request),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The personal data of the case has been removed."))
            return redirect("privacy:overview")
    return render(
        request,
        "privacy/erase.html",
        {"case": case, "form": form, "deletable": services.case_can_be_deleted(case)},
    )
