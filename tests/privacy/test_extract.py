"""Register extract: everything about one case, as JSON and PDF, logged as an export."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from cases.models import Case
from nsp.accounts.models import Organisation, User
from nsp.audit.models import AccessLog
from privacy.models import ExtractRequest
from privacy.permissions import can_handle_data_requests
from tests.conftest import login
from tests.privacy.factories import full_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(org_a: Organisation, staff_a: User, coordinator: User) -> Case:
    return full_case(org_a, staff_a, coordinator, closed_years_ago=None)


def _request(client: object, case: Case) -> ExtractRequest:
    response = client.post(  # type: ignore[attr-defined]
        reverse("privacy:case_requests", args=[case.pk]), {"reason": "Brev 2026-11-20"}
    )
    assert response.status_code == 302
    return ExtractRequest.objects.get(case_id=case.pk)


def test_it_records_the_request(case: Case, coordinator: User) -> None:
    extract = _request(login(coordinator), case)
    assert extract.requested_by == coordinator and extract.reason == "Brev 2026-11-20"
    assert extract.case_number == case.case_number


def test_the_json_holds_everything_and_is_logged(case: Case, coordinator: User) -> None:
    client = login(coordinator)
    AccessLog.objects.create(  # an earlier view of the case
        user=coordinator,
        role="coordinator",
        action="view",
        object_type="cases.case",
        object_id=str(case.pk),
        case_id=case.pk,
    )
    extract = _request(client, case)
    response = client.get(reverse("privacy:extract_download", args=[extract.pk, "json"]))
    assert response.status_code == 200
    data = json.loads(response.content)
    records = data["records"]
    assert records["cases.case"][0]["data"]["surname_initial"] == "K"
    assert len(records["cases.child"]) == 1 and len(records["cases.inquiry"]) == 1
    document = records["cases.casedocument"][0]
    assert document["data"]["answers"]["story"].startswith("Hon kom")
    assert len(document["history"]) == 2
    assert len(records["cases.planitem"]) == 1
    assert len(records["funding.fundingapplication"]) == 1
    assert records["funding.decision"][0]["data"]["motivation"]
    assert records["funding.invoice"][0]["data"]["invoice_file"].startswith("funding/")
    assert any(entry["action"] == "view" for entry in data["access_log"])
    assert AccessLog.objects.filter(case_id=case.pk, action="export").count() == 1


def test_the_pdf_renders(case: Case, coordinator: User) -> None:
    client = login(coordinator)
    extract = _request(client, case)
    response = client.get(reverse("privacy:extract_download", args=[extract.pk, "pdf"]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert AccessLog.objects.filter(case_id=case.pk, action="export").exists()


def test_an_unknown_format_is_not_found(case: Case, coordinator: User) -> None:
    client = login(coordinator)
    extract = _request(client, case)
    assert (
        client.get(reverse("privacy:extract_download", args=[extract.pk, "xml"])).status_code == 404
    )


@pytest.mark.parametrize(
    "persona", ["staff_a", "manager_a", "programme_manager", "staff_b", "administrator"]
)
def test_outsiders_get_no_extract(
    persona: str, request: pytest.FixtureRequest, case: Case, coordinator: User
) -> None:
    extract = _request(login(coordinator), case)
    client = login(request.getfixturevalue(persona))
    for url in (
        reverse("privacy:extract_download", args=[extract.pk, "json"]),
        reverse("privacy:case_requests", args=[case.pk]),
    ):
        assert client.get(url).status_code in (403, 404)
    assert not AccessLog.objects.filter(case_id=case.pk, action="export").exists()


def test_only_the_coordinator_handles_requests(
    coordinator: User, programme_manager: User, staff_a: User, administrator: User
) -> None:
    assert can_handle_data_requests(coordinator)
    for user in (programme_manager, staff_a, administrator):
        decision = can_handle_data_requests(user)
        assert not decision and decision.reason
