"""Invoices over the API: scoped reads, attestation by the coordinator only."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from funding.models import Invoice
from funding.services import invoice_submit
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
