"""Case and inquiry lists, and recording inquiries."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import selectors, services
from cases.forms import (
    CaseFilterForm,
    CoordinatorInquiryForm,
    InquiryForm,
)
from cases.models import Inquiry
from cases.permissions import (
    can_apply,
    can_edit_inquiry,
    can_record_inquiry,
)
from cases.views._common import filing_decision, page_of
from nsp.audit.access import log_access, log_list_access
from nsp.permissions import (
    get_for_user_or_404,
    is_programme,
    require,
    require_case_reader,
)
from nsp.viewtools import acting_user, ensure

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
    page = page_of(request, cases)
    log_list_access(request, page.object_list, cases.model)
    return render(
        request,
        "cases/case_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "today": timezone.localdate(),
            "can_apply": can_apply(request.user),
            "filing": filing_decision(request.user),
        },
    )


@require_case_reader
def inquiry_list(request: HttpRequest) -> HttpResponse:
    inquiries = selectors.inquiries_for_user(request.user)
    page = page_of(request, inquiries)
    log_list_access(request, page.object_list, Inquiry)
    # A list links only to what its reader may open: the programme manager reads the
    # inquiries but may not edit them, so the date is plain text for them.
    page.object_list = list(page.object_list)
    for inquiry in page.object_list:
        inquiry.editable = bool(can_edit_inquiry(request.user, inquiry))
    return render(
        request,
        "cases/inquiry_list.html",
        {
            "page": page,
            "can_record": can_record_inquiry(request.user),
            "can_apply": can_apply(request.user),
        },
    )


@require(can_record_inquiry)
def inquiry_create(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
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
    ensure(can_edit_inquiry, request.user, inquiry)
    log_access(request, inquiry)
    form = InquiryForm(request.POST or None, instance=inquiry)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.inquiry_update(
            inquiry=Inquiry.objects.get(pk=inquiry.pk),
            by=acting_user(request),
            received_on=data["received_on"],
            from_whom=data["from_whom"],
            description=data["description"],
            outcome=data["outcome"],
        )
        messages.success(request, _("The inquiry is updated."))
        return redirect("cases:inquiry_list")
    return render(request, "cases/simple_form.html", {"form": form, "title": _("Inquiry")})
