"""The decision register for the administrator (issue 16): filters, document page, PDF."""

from __future__ import annotations

from django.urls import reverse

from cases.models import Case
from nsp.accounts.models import User
from nsp.audit.models import AccessLog
from tests.conftest import login
from tests.funding.factories import grant, rest_application


def test_the_register_filters_by_number_outcome_and_date(
    admitted_case: Case, staff_a: User, coordinator: User, administrator: User
) -> None:
    decision = grant(rest_application(admitted_case, staff_a), coordinator)
    client = login(administrator)
    url = reverse("funding:decision_register")
    assert decision.reference in client.get(url, {"number": decision.reference}).content.decode()
    assert decision.reference not in client.get(url, {"outcome": "denied"}).content.decode()
    day = decision.decided_on.isoformat()
    found = client.get(url, {"date_from": day, "date_to": day, "kind": "rest_30"})
    assert decision.reference in found.content.decode()
    assert decision.reference not in client.get(url, {"number": "B1999-0001"}).content.decode()


def test_the_administrator_opens_the_document_page_and_downloads_the_pdf_logged(
    admitted_case: Case, staff_a: User, coordinator: User, administrator: User
) -> None:
    decision = grant(rest_application(admitted_case, staff_a), coordinator)
    client = login(administrator)
    page = client.get(reverse("funding:decision_document", args=[decision.pk]))
    assert decision.motivation in page.content.decode()
    assert client.get(reverse("funding:decision_detail", args=[decision.pk])).status_code in (
        403,
        404,
    )  # the case file stays closed to the administrator
    pdf = client.get(reverse("funding:decision_document_pdf", args=[decision.pk]))
    assert pdf.content.startswith(b"%PDF")
    actions = set(
        AccessLog.objects.filter(object_type="funding.decision").values_list("action", flat=True)
    )
    assert {"view", "download"} <= actions


def test_actor_staff_cannot_open_the_register_document(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    decision = grant(rest_application(admitted_case, staff_a), coordinator)
    response = login(staff_a).get(reverse("funding:decision_document", args=[decision.pk]))
    assert response.status_code == 403
