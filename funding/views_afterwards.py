"""Records after the fact: paper decisions, paper payments, the register import."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from funding import afterwards_forms, selectors
from funding.permissions import can_record_afterwards
from funding.register_import import COLUMNS, import_register, template_xlsx
from funding.services import afterwards
from nsp.jobs.services import job_start
from nsp.permissions import get_for_user_or_404, require
from nsp.viewtools import acting_user, add_service_errors


@require(can_record_afterwards)
@require_http_methods(["GET", "POST"])
def paper_decision(request: HttpRequest) -> HttpResponse:
    form = afterwards_forms.PaperDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            decision = afterwards.paper_decision_enter(by=acting_user(request), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Decision %(ref)s is registered afterwards.") % {"ref": decision.reference},
            )
            return redirect("funding:decision_detail", decision.pk)
    return render(
        request,
        "funding/form.html",
        {"form": form, "title": _("Register a paper decision afterwards")},
    )


@require(can_record_afterwards)
@require_http_methods(["GET", "POST"])
def paper_payment(request: HttpRequest, pk: Any) -> HttpResponse:
    decision = get_for_user_or_404(
        request.user, selectors.decisions_for(request.user), "application__organisation", pk=pk
    )
    form = afterwards_forms.PaperPaymentForm(
        request.POST or None, initial={"amount": decision.granted_amount}
    )
    if request.method == "POST" and form.is_valid():
        try:
            invoice = afterwards.payment_record_afterwards(
                by=acting_user(request), decision=decision, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("funding:invoice_detail", invoice.pk)
    title = _("Register a payment of %(ref)s afterwards") % {"ref": decision.reference}
    return render(request, "funding/form.html", {"form": form, "title": title})


@require(can_record_afterwards)
@require_http_methods(["GET", "POST"])
def register_import_view(request: HttpRequest) -> HttpResponse:
    """Upload the register: checked first (a dry run, shown here at once), then imported
    all or nothing by the background worker, whose job page shows the progress."""
    form = afterwards_forms.RegisterFileForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid() and not form.cleaned_data["dry_run"]:
        upload = form.cleaned_data["file"]
        path = default_storage.save(f"imports/{uuid.uuid4()}.xlsx", upload)
        job = job_start(
            kind="register_import", user=acting_user(request), path=path, language=get_language()
        )
        return redirect("jobs:detail", job_id=job.pk)
    if request.method == "POST" and form.is_valid():
        try:
            report = import_register(
                form.cleaned_data["file"], by=acting_user(request), dry_run=True
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(
        request,
        "funding/register_import.html",
        {"form": form, "report": report, "columns": COLUMNS},
    )


@require(can_record_afterwards)
def register_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        template_xlsx(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="register_mall.xlsx"'
    return response
