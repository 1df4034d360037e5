"""Decisions over the API: the register, the stored PDF (access-logged), reconsideration."""

from __future__ import annotations

from django.urls import reverse

from funding.models import Decision, FundingApplication
from nsp.accounts.models import Organisation, User
from nsp.audit.models import AccessLog
from tests.api.factories import decided, ids, token_client


def test_the_pdf_is_the_stored_document_and_the_download_is_logged(
    staff_a: User, coordinator: User, org_a: Organisation
) -> None:
    decision = decided(org_a, staff_a, coordinator)
    response = token_client(staff_a).get(reverse("api:decision-pdf", args=[decision.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    stored = Decision.objects.values_list("pdf", flat=True).get(pk=decision.pk)
    assert response.content == bytes(stored) and response.content.startswith(b"%PDF")
    log = AccessLog.objects.get(object_id=str(decision.pk), action="download")
    assert log.user == staff_a and log.case_id == decision.application.case_id


def test_another_actor_cannot_see_or_download_a_decision(
    staff_a: User, staff_b: User, coordinator: User, org_a: Organisation
) -> None:
    decision = decided(org_a, staff_a, coordinator)
    client = token_client(staff_b)
    assert client.get(reverse("api:decision-detail", args=[decision.pk])).status_code == 404
    assert client.get(reverse("api:decision-pdf", args=[decision.pk])).status_code == 404
    assert client.get(reverse("api:decision-list")).json()["count"] == 0
    assert not AccessLog.objects.filter(object_id=str(decision.pk)).exists()


def test_decisions_filter_by_outcome_and_date(
    staff_a: User, coordinator: User, org_a: Organisation
) -> None:
    decision = decided(org_a, staff_a, coordinator)
    client = token_client(coordinator)
    url = reverse("api:decision-list")
    assert ids(client.get(url, {"status": "granted"})) == {str(decision.pk)}
    assert client.get(url, {"status": "denied"}).json()["count"] == 0
    day = decision.decided_on.isoformat()
    assert ids(client.get(url, {"from": day, "to": day})) == {str(decision.pk)}
    assert client.get(url, {"from": "2100-01-01"}).json()["count"] == 0


def test_the_actor_requests_reconsideration(
    staff_a: User, coordinator: User, org_a: Organisation
) -> None:
    decision = decided(org_a, staff_a, coordinator)
    data = {"grounds": "Kostnaden är högre.", "requested_change": "Bevilja hela beloppet."}
    url = reverse("api:decision-reconsider", args=[decision.pk])
    assert (
        token_client(coordinator).post(url, data, content_type="application/json").status_code
        == 403
    )
    response = token_client(staff_a).post(url, data, content_type="application/json")
    assert response.status_code == 201, response.content
    row = FundingApplication.objects.get(pk=response.json()["id"])
    assert row.kind == "reconsideration" and row.contested_decision == decision
