"""The payment export for the bookkeeping: one row per invoice paid in a period.

Columns: decision number, case number, actor, stream, amount, and the dates of the
invoice's steps. Case numbers only — no initials or other personal data.

One source for the web download (``funding.views_payments.payment_export``) and the API
(``funding.api.payments``, JSON keyed by ``KEYS``): ``exported_rows`` selects and logs,
``file_response`` writes the CSV or XLSX.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from funding.choices import InvoiceStatus
from funding.models import Invoice
from nsp.audit.access import log_access
from nsp.audit.models import AccessAction

# The columns' keys in the API's JSON, in the order of ``header()`` and ``rows()``.
KEYS = (
    "decision_number",
    "case_number",
    "actor",
    "stream",
    "amount",
    "decision_date",
    "invoiced_on",
    "attested_on",
    "sent_for_payment_on",
    "paid_on",
    "payment_reference",
)
FORMATS = ("csv", "xlsx")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text(value: Any) -> Any:
    """Text a spreadsheet would evaluate becomes plain text; numbers and dates pass."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def paid_invoices(date_from: date, date_to: date) -> QuerySet[Invoice]:
    return (
        Invoice.objects.filter(
            status=InvoiceStatus.PAID, paid_on__gte=date_from, paid_on__lte=date_to
        )
        .select_related("decision__application__case", "decision__stream", "organisation")
        .order_by("paid_on", "decision__decided_on", "decision__number")
    )


def header() -> list[str]:
    return [
        _("Decision number"),
        _("Case number"),
        _("Actor"),
        _("Stream"),
        _("Amount (SEK)"),
        _("Decision date"),
        _("Invoiced on"),
        _("Attested on"),
        _("Sent for payment on"),
        _("Paid on"),
        _("Payment reference"),
    ]


def rows(invoices: QuerySet[Invoice]) -> list[list[Any]]:
    out: list[list[Any]] = []
    for invoice in invoices:
        decision = invoice.decision
        out.append(
            [
                decision.reference,
                decision.application.case.case_number or "",
                invoice.organisation.name,
                decision.stream.get_stream_display() if decision.stream else "",
                invoice.real_cost,
                decision.decided_on,
                invoice.created_at.date(),
                invoice.attested_on,
                invoice.sent_for_payment_on,
                invoice.paid_on,
                invoice.payment_reference,
            ]
        )
    return out


def exported_rows(request: HttpRequest, date_from: date, date_to: date) -> list[list[Any]]:
    """The rows of the invoices paid ``date_from``–``date_to``; each invoice is logged as
    exported by ``request.user`` (web and API alike)."""
    invoices = paid_invoices(date_from, date_to)
    for invoice in invoices:
        log_access(
            request, invoice, AccessAction.EXPORT, case_id=invoice.decision.application.case_id
        )
    return rows(invoices)


def as_records(table: list[list[Any]]) -> list[dict[str, Any]]:
    """The rows keyed by ``KEYS`` (the API's JSON)."""
    return [dict(zip(KEYS, row, strict=True)) for row in table]


def file_response(table: list[list[Any]], fmt: str, date_from: date, date_to: date) -> HttpResponse:
    """The rows as a CSV (``fmt == "csv"``) or XLSX download."""
    name = f"utbetalningar_{date_from:%Y%m%d}_{date_to:%Y%m%d}"
    if fmt == "csv":
        response = HttpResponse(to_csv(table), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(to_xlsx(table), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def to_csv(table: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header())
    for row in table:
        writer.writerow(
            [f"{v:.2f}".replace(".", ",") if isinstance(v, Decimal) else _text(v) for v in row]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # a BOM for Excel's å, ä, ö


def to_xlsx(table: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Payments")
    sheet.append(header())
    for row in table:
        sheet.append([_text(v) for v in row])
    for cells in sheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # openpyxl treats any "=…" string as a formula
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
