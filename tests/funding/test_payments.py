"""Payments (issue 16): flat-rate invoices, attestation, sent for payment, paid, export."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from funding.choices import InvoiceStatus, Stream
from funding.models import Decision, Invoice
from funding.selectors import streams_with_totals
from funding.services import decision_record_takeover, invoice_attest
from funding.services.payments import (
    flat_rate_amount_due,
    flat_rate_invoice_submit,
    invoice_mark_paid,
    invoice_send_for_payment,
)
from nsp.accounts.models import User
from nsp.audit.models import AccessLog
from tests.conftest import login
from tests.funding.factories import budget, grant, pdf_upload, rest_application


@pytest.fixture
def rest_decision(admitted_case: Case, staff_a: User, coordinator: User) -> Decision:
    return grant(rest_application(admitted_case, staff_a), coordinator)


def _invoice(decision: Decision, staff: User) -> Invoice:
    return flat_rate_invoice_submit(decision=decision, by=staff, invoice_file=pdf_upload())


def test_a_flat_rate_period_is_invoiced_for_the_granted_days(
    rest_decision: Decision, staff_a: User
) -> None:
    invoice = _invoice(rest_decision, staff_a)
    assert invoice.real_cost == rest_decision.granted_amount == Decimal("36000")
    assert not invoice.receipt_file


def test_the_amount_due_ends_on_the_day_a_public_body_took_over(
    rest_decision: Decision, staff_a: User, coordinator: User
) -> None:
    """Seed: a public body taking over ends NSP's period (the day is the public body's)."""
    assert rest_decision.granted_start is not None
    takeover = rest_decision.granted_start + timedelta(days=10)
    decision_record_takeover(
        decision=rest_decision,
        taken_over_on=takeover,
        taken_over_by="social_services",
        by=coordinator,
    )
    rest_decision.refresh_from_db()
    assert flat_rate_amount_due(rest_decision) == Decimal("1200") * 10


def test_a_takeover_after_an_attested_invoice_keeps_what_is_committed(
    rest_decision: Decision, staff_a: User, coordinator: User
) -> None:
    """A takeover recorded after the period's invoice was attested ends the period, but the
    draw never drops below what the attested invoice commits (paid money is not free
    budget again)."""
    invoice_attest(invoice=_invoice(rest_decision, staff_a), by=coordinator)
    assert rest_decision.granted_start is not None
    decision_record_takeover(
        decision=rest_decision,
        taken_over_on=rest_decision.granted_start + timedelta(days=10),
        taken_over_by="social_services",
        by=coordinator,
    )
    rest_decision.refresh_from_db()
    assert rest_decision.draw == Decimal("36000")  # not the 12 000 due to the takeover


def test_a_granted_reconsideration_keeps_the_attested_part_of_the_grant_it_replaces(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    """The contested decision stops drawing when a reconsideration replaces it, except for
    what its attested invoice already commits."""
    from funding.services import reconsideration_submit

    application = rest_application(admitted_case, staff_a)
    assert application.period_start is not None
    first = grant(
        application,
        coordinator,
        outcome="partly_granted",
        granted_end=application.period_start + timedelta(days=10),
    )
    invoice_attest(invoice=_invoice(first, staff_a), by=coordinator)
    request = reconsideration_submit(
        decision=first,
        by=staff_a,
        grounds="Hela perioden behövs.",
        requested_change="30 dagar.",
        other_information="",
    )
    grant(request, coordinator)
    first.refresh_from_db()
    assert first.draw == Decimal("12000")  # the attested 10 nights stay drawn


def test_attestation_recomputes_when_the_case_closed_early(
    rest_decision: Decision, staff_a: User, coordinator: User
) -> None:
    invoice = _invoice(rest_decision, staff_a)
    assert rest_decision.granted_start is not None
    Case.objects.filter(pk=rest_decision.application.case_id).update(
        closed_on=rest_decision.granted_start + timedelta(days=5)
    )
    attested = invoice_attest(invoice=invoice, by=coordinator)
    assert attested.real_cost == Decimal("1200") * 5
    rest_decision.refresh_from_db()
    assert rest_decision.draw == Decimal("6000")


def test_an_invoice_goes_attested_sent_paid_and_the_budget_shows_each_figure(
    rest_decision: Decision, staff_a: User, coordinator: User
) -> None:
    today = timezone.localdate()

    def figures() -> tuple[Decimal, Decimal, Decimal, Decimal]:
        row = streams_with_totals(budget()).get(stream=Stream.REST)
        return (row.drawn, row.invoiced_total, row.attested_total, row.paid_total)  # type: ignore[attr-defined]

    assert figures() == (Decimal("36000"), 0, 0, 0)
    invoice = _invoice(rest_decision, staff_a)
    assert figures() == (Decimal("36000"), Decimal("36000"), 0, 0)
    invoice = invoice_attest(invoice=invoice, by=coordinator)
    assert figures() == (Decimal("36000"), Decimal("36000"), Decimal("36000"), 0)
    invoice = invoice_send_for_payment(invoice=invoice, by=coordinator, sent_on=today)
    assert invoice.status == InvoiceStatus.SENT
    assert figures()[3] == 0  # sent is not paid
    invoice = invoice_mark_paid(invoice=invoice, by=coordinator, paid_on=today, reference="V-17")
    assert (invoice.status, invoice.payment_reference) == (InvoiceStatus.PAID, "V-17")
    assert figures() == (Decimal("36000"),) * 4


def test_a_step_out_of_order_or_by_someone_else_is_refused(
    rest_decision: Decision, staff_a: User, coordinator: User, programme_manager: User
) -> None:
    today = timezone.localdate()
    invoice = _invoice(rest_decision, staff_a)
    with pytest.raises(ValidationError, match="does not apply"):
        invoice_mark_paid(invoice=invoice, by=coordinator, paid_on=today, reference="V-1")
    invoice = invoice_attest(invoice=invoice, by=coordinator)
    with pytest.raises(ValidationError, match="coordinator"):
        invoice_send_for_payment(invoice=invoice, by=programme_manager, sent_on=today)
    with pytest.raises(ValidationError, match="future"):
        invoice_send_for_payment(invoice=invoice, by=coordinator, sent_on=today + timedelta(1))
    invoice = invoice_send_for_payment(invoice=invoice, by=coordinator, sent_on=today)
    with pytest.raises(ValidationError, match="reference"):
        invoice_mark_paid(invoice=invoice, by=coordinator, paid_on=today, reference=" ")


def test_the_invoice_is_reached_from_the_application_and_the_decision(
    rest_decision: Decision, staff_a: User
) -> None:
    invoice = _invoice(rest_decision, staff_a)
    client = login(staff_a)
    link = reverse("funding:invoice_detail", args=[invoice.pk])
    app_url = reverse("funding:application_detail", args=[rest_decision.application_id])
    assert link in client.get(app_url).content.decode()
    dec_url = reverse("funding:decision_detail", args=[rest_decision.pk])
    assert link in client.get(dec_url).content.decode()
    assert client.get(link).status_code == 200


def test_the_actor_invoices_a_period_in_the_browser(rest_decision: Decision, staff_a: User) -> None:
    client = login(staff_a)
    url = reverse("funding:invoice_create", args=[rest_decision.pk])
    page = " ".join(client.get(url).content.decode().split())  # the thousands space
    assert "Faktura B" in page and "36 000 kr att betala" in page
    response = client.post(url, {"invoice_file": pdf_upload()})
    assert response.status_code == 302
    assert Invoice.objects.get(decision=rest_decision).real_cost == Decimal("36000")


def test_the_coordinator_records_sent_and_paid_in_the_browser(
    rest_decision: Decision, staff_a: User, coordinator: User
) -> None:
    invoice = invoice_attest(invoice=_invoice(rest_decision, staff_a), by=coordinator)
    client = login(coordinator)
    today = timezone.localdate().isoformat()
    client.post(reverse("funding:invoice_send", args=[invoice.pk]), {"sent_on": today})
    client.post(
        reverse("funding:invoice_paid", args=[invoice.pk]), {"paid_on": today, "reference": "V-9"}
    )
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid_on.isoformat(), invoice.payment_reference) == (
        InvoiceStatus.PAID,
        today,
        "V-9",
    )


def test_the_payment_export_lists_the_period_and_is_logged(
    rest_decision: Decision, staff_a: User, coordinator: User
) -> None:
    today = timezone.localdate()
    invoice = invoice_attest(invoice=_invoice(rest_decision, staff_a), by=coordinator)
    invoice = invoice_send_for_payment(invoice=invoice, by=coordinator, sent_on=today)
    invoice_mark_paid(invoice=invoice, by=coordinator, paid_on=today, reference="=V-1")
    client = login(coordinator)
    query = {"date_from": today.isoformat(), "date_to": today.isoformat(), "format": "csv"}
    response = client.get(reverse("funding:payment_export"), query)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][:2] == [rest_decision.reference, rest_decision.application.case.case_number]
    assert rows[1][4] == "36000,00" and rows[1][-1] == "'=V-1"
    assert AccessLog.objects.filter(object_type="funding.invoice", action="export").count() == 1
    query["format"] = "xlsx"
    assert client.get(reverse("funding:payment_export"), query).content[:2] == b"PK"


def test_only_the_coordinator_exports_payments(staff_a: User, programme_manager: User) -> None:
    for user in (staff_a, programme_manager):
        assert login(user).get(reverse("funding:payment_export")).status_code == 403
