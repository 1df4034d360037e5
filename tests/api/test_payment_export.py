"""The payment export over the API (issue 16, "the JSON API offers the same"): the web
export's rows from the same selector, JSON by default and the web's CSV/XLSX on request,
the coordinator only, re-authenticated like the web, every invoice logged as exported."""

from __future__ import annotations

import csv
import io
import time
from decimal import Decimal

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from funding.models import Invoice
from funding.permissions import can_handle_payments
from funding.services import invoice_attest, invoice_submit
from funding.services.payments import invoice_mark_paid, invoice_send_for_payment
from nsp.accounts.models import Organisation, User
from nsp.api.services import api_token_create
from nsp.audit.models import AccessLog
from tests.api.factories import decided, token_client
from tests.conftest import login
from tests.funding.factories import pdf_upload

URL = "/api/v1/payments/export/"


def _paid(org: Organisation, staff: User, coordinator: User, reference: str) -> Invoice:
    today = timezone.localdate()
    invoice = invoice_submit(
        decision=decided(org, staff, coordinator),
        by=staff,
        real_cost=Decimal("3000.5"),
        invoice_file=pdf_upload("faktura.pdf"),
        receipt_file=pdf_upload("kvitto.pdf"),
    )
    invoice = invoice_attest(invoice=invoice, by=coordinator)
    invoice = invoice_send_for_payment(invoice=invoice, by=coordinator, sent_on=today)
    return invoice_mark_paid(invoice=invoice, by=coordinator, paid_on=today, reference=reference)


def _period() -> dict[str, str]:
    today = timezone.localdate().isoformat()
    return {"from": today, "to": today}


def _session_authenticated_ago(user: User, seconds: float) -> Client:
    client = Client()
    client.force_login(user)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time() - seconds}
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return client


def test_the_url_is_the_registered_one() -> None:
    assert reverse("api:payment-export") == URL


@pytest.mark.django_db
def test_the_coordinator_gets_the_rows_as_json_and_each_invoice_is_logged(
    staff_a: User, coordinator: User, org_a: Organisation
) -> None:
    invoice = _paid(org_a, staff_a, coordinator, "VER-7")
    decision = invoice.decision
    response = token_client(coordinator).get(URL, _period())
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    today = timezone.localdate().isoformat()
    assert response.json() == [
        {
            "decision_number": decision.reference,
            "case_number": decision.application.case.case_number or "",
            "actor": org_a.name,
            "stream": decision.stream.get_stream_display() if decision.stream else "",
            "amount": "3000.50",
            "decision_date": decision.decided_on.isoformat(),
            "invoiced_on": invoice.created_at.date().isoformat(),
            "attested_on": today,
            "sent_for_payment_on": today,
            "paid_on": today,
            "payment_reference": "VER-7",
        }
    ]
    logged = AccessLog.objects.filter(object_type="funding.invoice", action="export")
    assert [(row.object_id, row.user_id, row.path) for row in logged] == [
        (str(invoice.pk), coordinator.pk, URL)
    ]


@pytest.mark.django_db
def test_a_period_without_payments_is_an_empty_list(
    staff_a: User, coordinator: User, org_a: Organisation
) -> None:
    _paid(org_a, staff_a, coordinator, "VER-1")
    response = token_client(coordinator).get(URL, {"from": "2020-01-01", "to": "2020-12-31"})
    assert response.status_code == 200
    assert response.json() == []


@pytest.mark.django_db
def test_csv_and_xlsx_are_the_web_exports_files_formula_safe(
    staff_a: User, coordinator: User, org_a: Organisation
) -> None:
    _paid(org_a, staff_a, coordinator, "=HYPERLINK(1)")
    api = token_client(coordinator)
    web = login(coordinator)
    today = timezone.localdate().isoformat()
    web_query = {"date_from": today, "date_to": today}

    api_csv = api.get(URL, {**_period(), "format": "csv"})
    web_csv = web.get(reverse("funding:payment_export"), {**web_query, "format": "csv"})
    assert api_csv.status_code == 200 and api_csv["Content-Type"].startswith("text/csv")
    assert api_csv.content == web_csv.content
    assert api_csv["Content-Disposition"] == web_csv["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(api_csv.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][4] == "3000,50" and rows[1][-1] == "'=HYPERLINK(1)"

    # The same file through the Accept header.
    assert api.get(URL, _period(), HTTP_ACCEPT="text/csv").content == web_csv.content

    api_xlsx = api.get(URL, {**_period(), "format": "xlsx"})
    assert api_xlsx.status_code == 200 and api_xlsx.content[:2] == b"PK"
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(api_xlsx.content)).active
    assert sheet is not None
    assert sheet.cell(row=2, column=11).value == "'=HYPERLINK(1)"
    assert sheet.cell(row=2, column=11).data_type == "s"


@pytest.mark.django_db
def test_other_roles_are_refused_also_when_asking_for_a_file(
    staff_a: User,
    manager_a: User,
    programme_manager: User,
    administrator: User,
    coordinator: User,
    org_a: Organisation,
) -> None:
    _paid(org_a, staff_a, coordinator, "VER-1")
    for user in (staff_a, manager_a, programme_manager, administrator):
        for query in (_period(), {**_period(), "format": "csv"}):
            response = token_client(user).get(URL, query)
            assert response.status_code == 403, (user.role, query)
            assert response["Content-Type"] == "application/json"
            assert response.json()["detail"] == str(can_handle_payments(user).reason)
    assert Client().get(URL, _period()).status_code == 401
    assert not AccessLog.objects.filter(action="export").exists()


@pytest.mark.django_db
def test_a_stale_session_is_refused_like_the_web(
    staff_a: User, coordinator: User, org_a: Organisation
) -> None:
    _paid(org_a, staff_a, coordinator, "VER-1")
    stale = _session_authenticated_ago(coordinator, 16 * 60)
    response = stale.get(URL, {**_period(), "format": "xlsx"})
    assert response.status_code == 403
    assert response.json()["code"] == "reauthentication_required"
    assert response.json()["reauthenticate_url"] == reverse("account_reauthenticate")
    web = stale.get(reverse("funding:payment_export"))
    assert web.status_code == 302 and "reauthenticate" in web["Location"]
    assert not AccessLog.objects.filter(action="export").exists()

    fresh = _session_authenticated_ago(coordinator, 60)
    assert fresh.get(URL, _period()).status_code == 200


@pytest.mark.django_db
def test_a_read_only_token_reads_the_export_as_it_reads_a_decision_pdf(
    staff_a: User, coordinator: User, org_a: Organisation
) -> None:
    invoice = _paid(org_a, staff_a, coordinator, "VER-1")
    _token, raw = api_token_create(user=coordinator, name="bokföring", read_only=True)
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    assert client.get(URL, _period()).status_code == 200
    pdf = reverse("api:decision-pdf", args=[invoice.decision_id])
    assert client.get(pdf).status_code == 200
    assert client.post(URL, _period()).status_code == 403  # read-only: no write of any kind


@pytest.mark.django_db
def test_the_period_is_required_and_dates_are_checked(coordinator: User) -> None:
    client = token_client(coordinator)
    response = client.get(URL, {"to": "2026-01-31"})
    assert response.status_code == 400
    assert set(response.json()) == {"from"}
    assert client.get(URL, {"from": "31/01/2026", "to": "2026-01-31"}).status_code == 400
