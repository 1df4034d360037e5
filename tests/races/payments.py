"""Races of the payment steps and the takeover (issue 17, item 1), built like the others in
``test_transitions.py`` (which wraps each entry in its ``Transition``): the invoice sent for
payment twice, marked paid twice, and a takeover by a public body recorded twice at once.

Each builder takes the race's ``People`` (org, staff, coordinator, manager) and returns two
competing calls; exactly one must succeed and the other be refused.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

Calls = tuple[Callable[[], Any], Callable[[], Any]]


def _attested_invoice(p: Any) -> Any:
    from funding.services import invoice_attest, invoice_submit
    from tests.funding.factories import (
        FundingCaseFactory,
        budget,
        certify,
        grant,
        intervention_application,
        pdf_upload,
        phase,
    )

    certify(p.org)
    phase()
    budget()
    case = FundingCaseFactory(organisation=p.org, admitted=True)
    application = intervention_application(
        case, p.staff, key="therapy", quantity=1, unit_cost="800"
    )
    invoice = invoice_submit(
        decision=grant(application, p.coordinator),
        by=p.staff,
        real_cost=Decimal("800"),
        invoice_file=pdf_upload("faktura.pdf"),
        receipt_file=pdf_upload("kvitto.pdf"),
    )
    return invoice_attest(invoice=invoice, by=p.coordinator)


def send_for_payment(p: Any) -> Calls:
    from funding.services.payments import invoice_send_for_payment

    invoice = _attested_invoice(p)
    today = timezone.localdate()
    return (
        lambda: invoice_send_for_payment(invoice=invoice, by=p.coordinator, sent_on=today),
        lambda: invoice_send_for_payment(invoice=invoice, by=p.coordinator, sent_on=today),
    )


def mark_paid(p: Any) -> Calls:
    from funding.services.payments import invoice_mark_paid, invoice_send_for_payment

    today = timezone.localdate()
    attested = _attested_invoice(p)
    invoice = invoice_send_for_payment(invoice=attested, by=p.coordinator, sent_on=today)

    def pay(reference: str) -> Any:
        return invoice_mark_paid(
            invoice=invoice, by=p.coordinator, paid_on=today, reference=reference
        )

    return lambda: pay("V1"), lambda: pay("V2")


def takeover(p: Any) -> Calls:
    """Two coordinators record a takeover of one granted 30-day period on different days:
    one wins; the other is refused ("already recorded"), not written over it."""
    from funding.services import decision_record_takeover
    from tests.funding.factories import (
        FundingCaseFactory,
        budget,
        certify,
        grant,
        phase,
        rest_application,
    )

    certify(p.org)
    phase()
    budget()
    case = FundingCaseFactory(organisation=p.org, admitted=True)
    decision = grant(rest_application(case, p.staff), p.coordinator)
    start = decision.granted_start

    def record(days: int, body: str) -> Any:
        return decision_record_takeover(
            decision=decision,
            taken_over_on=start + timedelta(days=days),
            taken_over_by=body,
            by=p.coordinator,
        )

    return lambda: record(5, "reflection_period"), lambda: record(10, "social_services")


# (name, model met at save(), services raced, builder) — see test_transitions.Transition.
PAYMENT_RACES: tuple[tuple[str, str, tuple[str, ...], Callable[[Any], Calls]], ...] = (
    (
        "funding.Invoice: attested → sent (twice)",
        "funding.Invoice",
        ("funding.services.payments.invoice_send_for_payment",),
        send_for_payment,
    ),
    (
        "funding.Invoice: sent → paid (twice)",
        "funding.Invoice",
        ("funding.services.payments.invoice_mark_paid",),
        mark_paid,
    ),
    (
        "funding.Decision: granted → taken over (twice)",
        "funding.Decision",
        ("funding.services.takeover.decision_record_takeover",),
        takeover,
    ),
)
