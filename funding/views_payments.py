"""Invoice page and payment steps, and the payment export (thin, as funding.views)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from funding import exports, forms, services
from funding.models import Invoice
from funding.permissions import can_attest_invoice, can_handle_payments, can_pay_invoice
from funding.services import payments
from nsp.audit.access import log_access
from nsp.audit.models import AccessAction
from nsp.permissions import get_for_user_or_404, require, require_case_reader, require_programme
from nsp.reauth import require_recent_auth
from nsp.viewtools import acting_user, ensure


def _invoice(request: HttpRequest, pk: Any) -> Invoice:
    return get_for_user_or_404(
        request.user,
        Invoice.objects.select_related("decision__application__case", "decision__stream"),
        pk=pk,
    )


@require_case_reader
def invoice_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    """One invoice with its steps (attested, sent for payment, paid)."""
    invoice = _invoice(request, pk)
    log_access(request, invoice, AccessAction.VIEW, case_id=invoice.decision.application.case_id)
    can_pay = bool(can_pay_invoice(request.user, invoice))
    attested, sent = invoice.status == "attested", invoice.status == "sent"
    return render(
        request,
        "funding/invoice_detail.html",
        {
            "invoice": invoice,
            "decision": invoice.decision,
            "can_attest": can_attest_invoice(request.user, invoice),
            "sent_form": forms.SentForPaymentForm() if can_pay and attested else None,
            "paid_form": forms.PaidForm() if can_pay and sent else None,
        },
    )


@require(can_handle_payments)
@require_POST
def invoice_send(request: HttpRequest, pk: Any) -> HttpResponse:
    invoice = _invoice(request, pk)  # the service refuses a step that does not apply
    form = forms.SentForPaymentForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Give the date it was sent for payment."))
        payments.invoice_send_for_payment(
            invoice=invoice, by=acting_user(request), sent_on=form.cleaned_data["sent_on"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The invoice is sent for payment."))
    return redirect("funding:invoice_detail", invoice.pk)


@require(can_handle_payments)
@require_POST
def invoice_paid(request: HttpRequest, pk: Any) -> HttpResponse:
    invoice = _invoice(request, pk)  # the service refuses a step that does not apply
    form = forms.PaidForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Give the payment date and its reference."))
        payments.invoice_mark_paid(invoice=invoice, by=acting_user(request), **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The payment is recorded."))
    return redirect("funding:invoice_detail", invoice.pk)


@require(can_handle_payments)
@require_recent_auth()
@require_http_methods(["GET"])
def payment_export(request: HttpRequest) -> HttpResponse:
    """The payments of a period as CSV or XLSX for the bookkeeping (re-authenticated; each
    invoice in it logged as exported)."""
    form = forms.PaymentExportForm(request.GET or None)
    if not form.is_valid():
        return render(request, "funding/payment_export.html", {"form": form})
    date_from, date_to = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
    table = exports.exported_rows(request, date_from, date_to)
    return exports.file_response(table, form.cleaned_data["format"], date_from, date_to)


@require_programme
@require_http_methods(["GET", "POST"])
def invoice_attest(request: HttpRequest, pk: Any) -> HttpResponse:
    invoice = get_for_user_or_404(request.user, Invoice.objects.select_related("decision"), pk=pk)
    ensure(can_attest_invoice, request.user, invoice)
    if request.method == "GET":
        log_access(
            request, invoice, AccessAction.VIEW, case_id=invoice.decision.application.case_id
        )
        return render(request, "funding/invoice_attest.html", {"invoice": invoice})
    try:
        services.invoice_attest(invoice=invoice, by=acting_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The invoice is attested for payment."))
    return redirect("funding:decision_detail", invoice.decision_id)
