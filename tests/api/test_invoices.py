"""Invoices over the API: scoped reads, attestation and the payment steps (sent for payment,
paid with date and reference) by the coordinator only, through the web's services."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from funding.models import Invoice
from funding.services import invoice_attest, invoice_submit
from nsp.accounts.models import Organisation, User
from tests.api.factories import decided, ids, token_client
from tests.funding.factories import pdf_upload


def _invoice(org: Organisation, staff: User, coordinator: User) -> Invoice:
    return invoice_submit(
        decision=decided(org, staff, coordinator),
        by=staff,
        real_cost=Decimal("3000"),
        invoice_file=pdf_upload("faktura.pdf"),
        receipt_file=pdf_upload("kvitto.pdf"),
    )


def test_invoices_are_scoped(
    staff_a: User, staff_b: User, coordinator: User, org_a: Organisation
) -> None:
    invoice = _invoice(org_a, staff_a, coordinator)
    assert ids(token_client(staff_a).get(reverse("api:invoice-list"))) == {str(invoice.pk)}
    assert token_client(staff_b).get(reverse("api:invoice-list")).json()["count"] == 0
    response = token_client(staff_b).get(reverse("api:invoice-detail", args=[invoice.pk]))
    assert response.status_code == 404


def test_only_the_coordinator_attests(
    staff_a: User, programme_manager: User, coordinator: User, org_a: Organisation
) -> None:
    invoice = _invoice(org_a, staff_a, coordinator)
    url = reverse("api:invoice-attest", args=[invoice.pk])
    assert token_client(staff_a).post(url).status_code == 403
    assert token_client(programme_manager).post(url).status_code == 403
    response = token_client(coordinator).post(url)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "attested"
    invoice.refresh_from_db()
    assert invoice.decision.draw == Decimal("3000")
    assert token_client(coordinator).post(url).status_code == 403  # already attested


def test_invoices_filter_by_status(staff_a: User, coordinator: User, org_a: Organisation) -> None:
    invoice = _invoice(org_a, staff_a, coordinator)
    client = token_client(coordinator)
    assert ids(client.get(reverse("api:invoice-list"), {"status": "submitted"})) == {
        str(invoice.pk)
    }
    assert client.get(reverse("api:invoice-list"), {"status": "attested"}).json()["count"] == 0


def test_the_coordinator_sends_for_payment_and_records_the_payment(
    staff_a: User, programme_manager: User, coordinator: User, org_a: Organisation
) -> None:
    """Issue 16: after attestation, "skickad för utbetalning" and "utbetald" with date and
    reference, by the coordinator — over the API as on the invoice page."""
    invoice = invoice_attest(invoice=_invoice(org_a, staff_a, coordinator), by=coordinator)
    today = timezone.localdate().isoformat()
    send = reverse("api:invoice-send", args=[invoice.pk])
    paid = reverse("api:invoice-paid", args=[invoice.pk])
    payment = {"paid_on": today, "reference": "VER-2026-0042"}

    for other in (staff_a, programme_manager):
        assert token_client(other).post(send, {"sent_on": today}).status_code == 403
    client = token_client(coordinator)
    # Paid before sent: the service refuses the step (as on the page).
    assert client.post(paid, payment).status_code == 400
    assert client.post(send, {}).status_code == 400  # the date is required
    response = client.post(send, {"sent_on": today})
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["sent_for_payment_on"]) == ("sent", today)

    assert token_client(programme_manager).post(paid, payment).status_code == 403
    assert client.post(paid, {"paid_on": today}).status_code == 400  # the reference too
    response = client.post(paid, payment)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["paid_on"], body["payment_reference"]) == (
        "paid",
        today,
        "VER-2026-0042",
    )
    invoice.refresh_from_db()
    assert invoice.paid_by == coordinator
    assert invoice.history.first().history_user == coordinator
    assert client.post(paid, payment).status_code == 403  # paid is the last step


def test_a_payment_date_in_the_future_is_refused(
    staff_a: User, coordinator: User, org_a: Organisation
) -> None:
    invoice = invoice_attest(invoice=_invoice(org_a, staff_a, coordinator), by=coordinator)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = token_client(coordinator).post(
        reverse("api:invoice-send", args=[invoice.pk]), {"sent_on": tomorrow}
    )
    assert response.status_code == 400
    invoice.refresh_from_db()
    assert invoice.status == "attested"
