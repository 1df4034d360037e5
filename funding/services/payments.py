"""Writes for payments: flat-rate invoices (30 and 90 days), sent for payment, paid.

An intervention's invoice is ``funding.services.invoices.invoice_submit`` (real cost
with a receipt). A flat-rate period is invoiced against its decision for the amount due:
the day rate times the days NSP pays (``funding.rates.amount_due``), recomputed at
attestation when a public body has taken over or the case has closed early since.
After attestation the coordinator records "skickad för utbetalning" and "utbetald" (with
date and reference); nothing counts as paid because a date passed.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from funding import rates
from funding.choices import (
    ATTESTED_STATUSES,
    GRANTING_OUTCOMES,
    ApplicationKind,
    InvoiceStatus,
)
from funding.models import Decision, Invoice
from funding.permissions import can_handle_payments
from nsp.accounts.models import User
from nsp.cache import bump_statistics_version
from nsp.events import publish
from nsp.permissions import can_file_for

FLAT_RATE_KINDS = frozenset({ApplicationKind.REST, ApplicationKind.INTEGRATION})


def is_flat_rate(decision: Decision) -> bool:
    return decision.application.effective_kind in FLAT_RATE_KINDS


def flat_rate_amount_due(decision: Decision) -> Decimal:
    """The amount due for a granted 30/90-day period: the day rate over the days paid,
    ending early on the day a public body took over or the case closed."""
    rate = decision.application.day_rate()
    if rate is None or decision.granted_start is None or decision.granted_end is None:
        return Decimal("0")
    amount = rates.amount_due(
        rate,
        decision.granted_start,
        decision.granted_end,
        taken_over_on=decision.taken_over_on,
        until=decision.application.case.closed_on,
    )
    return min(amount, decision.granted_amount)


def attested_total(decision: Decision) -> Decimal:
    """What attested (or sent, or paid) invoices of ``decision`` already commit."""
    total = Invoice.objects.filter(decision=decision, status__in=list(ATTESTED_STATUSES)).aggregate(
        s=Sum("real_cost")
    )["s"]
    return total or Decimal("0")


def amount_ending(decision: Decision, end: date) -> Decimal:
    """The draw of a granted period that ends early on ``end`` (a public body took over, or
    the case closed): the amount due to that day (``funding.rates.amount_due``), never below
    what attested invoices already commit, never above the grant."""
    rate = decision.application.day_rate()
    assert rate is not None and decision.granted_start is not None
    assert decision.granted_end is not None
    due = rates.amount_due(rate, decision.granted_start, decision.granted_end, taken_over_on=end)
    return min(max(due, attested_total(decision)), decision.granted_amount)


def _check_invoiceable(decision: Decision, by: User) -> None:
    application = decision.application
    if not can_file_for(by, application.organisation):
        raise ValidationError(_("You can only file for your own organisation."))
    if not is_flat_rate(decision) or decision.outcome not in GRANTING_OUTCOMES:
        raise ValidationError(_("Flat-rate invoices are sent for granted 30- or 90-day periods."))
    if Invoice.objects.filter(decision=decision).exists():
        raise ValidationError(_("The invoice for this decision has already been sent."))


@transaction.atomic
def flat_rate_invoice_submit(*, decision: Decision, by: User, invoice_file: File[bytes]) -> Invoice:
    """The actor invoices a granted period for the amount due (no receipt: a flat rate)."""
    bump_statistics_version()  # the statistics count what this changes
    locked = (
        Decision.objects.select_for_update().select_related("application__case").get(pk=decision.pk)
    )
    _check_invoiceable(locked, by)
    invoice = Invoice(
        decision=locked,
        organisation=locked.application.organisation,
        real_cost=flat_rate_amount_due(locked),
        invoice_file=invoice_file,
        uploaded_by=by,
    )
    invoice._history_user = by  # type: ignore[attr-defined]
    invoice.full_clean()
    invoice.save()
    return invoice


def _lock_invoice(invoice: Invoice, by: User, expected: str) -> Invoice:
    if not can_handle_payments(by):
        raise ValidationError(_("Only the coordinator handles payments."))
    locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if locked.status != expected:
        raise ValidationError(
            _("The invoice is %(status)s; this step does not apply.")
            % {"status": locked.get_status_display().lower()}
        )
    return locked


def _check_date(day: date, earliest: date | None) -> None:
    if day > timezone.localdate():
        raise ValidationError(_("The date cannot lie in the future."))
    if earliest is not None and day < earliest:
        raise ValidationError(_("The date cannot lie before the previous step."))


@transaction.atomic
def invoice_send_for_payment(*, invoice: Invoice, by: User, sent_on: date) -> Invoice:
    """Step after attestation: the coordinator sends the invoice for payment."""
    bump_statistics_version()  # the statistics count what this changes
    locked = _lock_invoice(invoice, by, InvoiceStatus.ATTESTED)
    _check_date(sent_on, locked.attested_on)
    locked.status = InvoiceStatus.SENT
    locked.sent_for_payment_on = sent_on
    locked._history_user = by  # type: ignore[attr-defined]
    locked.full_clean()
    locked.save()
    return locked


@transaction.atomic
def invoice_mark_paid(*, invoice: Invoice, by: User, paid_on: date, reference: str) -> Invoice:
    """The payment is made: its date and its reference (the bookkeeping's voucher)."""
    bump_statistics_version()  # the statistics count what this changes
    if not reference.strip():
        raise ValidationError(_("Give the payment reference."))
    locked = _lock_invoice(invoice, by, InvoiceStatus.SENT)
    _check_date(paid_on, locked.sent_for_payment_on)
    locked.status = InvoiceStatus.PAID
    locked.paid_on = paid_on
    locked.payment_reference = reference.strip()
    locked.paid_by = by
    locked._history_user = by  # type: ignore[attr-defined]
    locked.full_clean()
    locked.save()
    publish("invoice_paid", invoice_id=locked.pk)
    return locked
