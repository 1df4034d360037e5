"""Funding applications over the API: filed and decided through ``funding.services``."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from funding.models import Decision, FundingApplication
from nsp.accounts.models import Organisation, User
from tests.api.factories import admitted_case, funding_ready, ids, intervention, token_client
from tests.funding.factories import in_depth_assessment, item, pdf_upload

PUBLIC = {"public_funding_sought": "Socialtjänsten, avslag.", "public_funding_outcome": "denied"}


def _rest(case_id: Any) -> dict[str, Any]:
    start = timezone.localdate()
    return {
        "case": str(case_id),
        "period_start": start.isoformat(),
        "period_end": (start + timedelta(days=29)).isoformat(),
        **PUBLIC,
    }


def _post(client: Any, name: str, data: dict[str, Any], *args: Any) -> Any:
    return client.post(reverse(name, args=args), data, content_type="application/json")


def test_an_actor_files_a_rest_application(staff_a: User, org_a: Organisation) -> None:
    funding_ready(org_a)
    case = admitted_case(org_a)
    response = _post(token_client(staff_a), "api:application-rest", _rest(case.pk))
    assert response.status_code == 201, response.content
    body = response.json()
    application = FundingApplication.objects.get(pk=body["id"])
    assert (application.kind, application.status, application.case) == (
        "rest_30",
        "submitted",
        case,
    )
    assert application.submitted_by == staff_a
    assert body["decisions"] == []


def test_an_actor_files_an_integration_and_an_intervention(
    staff_a: User, org_a: Organisation
) -> None:
    funding_ready(org_a)
    case = admitted_case(org_a)
    client = token_client(staff_a)
    in_depth_assessment(case, staff_a)
    integration = {
        "case": str(case.pk),
        "period_start": timezone.localdate().isoformat(),
        "days_applied": 90,
        "residence_status": "put",
        **PUBLIC,
    }
    assert _post(client, "api:application-integration", integration).status_code == 201
    purchase = {
        "case": str(case.pk),
        "item": str(item("therapy").pk),
        "quantity": 2,
        "unit_cost": "800.00",
        "needed_by": (timezone.localdate() + timedelta(days=5)).isoformat(),
        **PUBLIC,
    }
    response = client.post(
        reverse("api:application-intervention"), {**purchase, "cost_document": pdf_upload()}
    )
    assert response.status_code == 201, response.content
    assert ids(client.get(reverse("api:purchase-request-list"))) == {response.json()["id"]}


def test_an_uncertified_actor_gets_the_rule_as_a_message(
    staff_a: User, org_a: Organisation
) -> None:
    funding_ready(org_a)
    org_a.certification.status = "suspended"
    org_a.certification.save()
    response = _post(token_client(staff_a), "api:application-rest", _rest(admitted_case(org_a).pk))
    assert response.status_code == 400
    [message] = response.json()["detail"]  # the certification rule, naming the actor
    assert org_a.name in message
    assert not FundingApplication.objects.exists()


def test_nobody_files_for_another_organisations_case(
    staff_b: User, coordinator: User, org_a: Organisation, org_b: Organisation
) -> None:
    funding_ready(org_a)
    funding_ready(org_b)
    case = admitted_case(org_a)
    response = _post(token_client(staff_b), "api:application-rest", _rest(case.pk))
    assert response.status_code == 404
    assert (
        _post(token_client(coordinator), "api:application-rest", _rest(case.pk)).status_code == 403
    )
    assert not FundingApplication.objects.exists()


def test_the_coordinator_decides_and_the_actor_may_not(
    staff_a: User, coordinator: User, org_a: Organisation
) -> None:
    application = intervention(org_a, staff_a)
    decision = {"outcome": "granted", "motivation": "Behovet är styrkt."}
    assert (
        _post(token_client(staff_a), "api:application-decide", decision, application.pk).status_code
        == 403
    )
    response = _post(token_client(coordinator), "api:application-decide", decision, application.pk)
    assert response.status_code == 201, response.content
    row = Decision.objects.get(pk=response.json()["id"])
    assert row.application == application and row.outcome == "granted"
    assert response.json()["reference"] == row.reference
    again = _post(token_client(coordinator), "api:application-decide", decision, application.pk)
    assert again.status_code == 403
    assert Decision.objects.count() == 1
    detail = token_client(staff_a).get(reverse("api:application-detail", args=[application.pk]))
    assert [d["id"] for d in detail.json()["decisions"]] == [str(row.pk)]


def test_more_information_goes_back_to_the_decider(
    staff_a: User, coordinator: User, org_a: Organisation
) -> None:
    application = intervention(org_a, staff_a)
    ask = {"outcome": "more_info", "motivation": "Bifoga offert."}
    assert (
        _post(token_client(coordinator), "api:application-decide", ask, application.pk).status_code
        == 201
    )
    response = _post(
        token_client(staff_a),
        "api:application-information",
        {"information": "Offert bifogad."},
        application.pk,
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "submitted"


def test_applications_are_scoped_and_filtered(
    staff_a: User, staff_b: User, coordinator: User, org_a: Organisation, org_b: Organisation
) -> None:
    mine = intervention(org_a, staff_a)
    theirs = intervention(org_b, staff_b)
    url = reverse("api:application-list")
    assert ids(token_client(staff_a).get(url)) == {str(mine.pk)}
    other = token_client(staff_b).get(reverse("api:application-detail", args=[mine.pk]))
    assert other.status_code == 404
    client = token_client(coordinator)
    assert ids(client.get(url, {"organisation": str(org_b.pk)})) == {str(theirs.pk)}
    assert ids(client.get(url, {"kind": "intervention", "status": "submitted"})) == {
        str(mine.pk),
        str(theirs.pk),
    }
    assert client.get(url, {"kind": "rest_30"}).json()["count"] == 0
    assert client.get(url, {"to": "2000-01-01"}).json()["count"] == 0


def test_another_organisations_occasion_answers_as_if_it_did_not_exist(
    staff_a: User, staff_b: User, org_a: Organisation, org_b: Organisation
) -> None:
    """An occasion id of actor A posted by actor B gets the same answer as an id that does
    not exist: the API does not confirm that A's occasion exists (the web form offers only
    the person's own occasions)."""
    funding_ready(org_a)
    funding_ready(org_b)
    theirs = intervention(org_a, staff_a).occasion
    case = admitted_case(org_b)
    client = token_client(staff_b)
    purchase = {
        "case": str(case.pk),
        "item": str(item("therapy").pk),
        "quantity": 1,
        "unit_cost": "800.00",
        "needed_by": (timezone.localdate() + timedelta(days=5)).isoformat(),
        **PUBLIC,
    }
    answers = [
        client.post(
            reverse("api:application-intervention"),
            {**purchase, "occasion": str(occasion), "cost_document": pdf_upload()},
        )
        for occasion in (theirs.pk, uuid.uuid4())
    ]
    assert [a.status_code for a in answers] == [400, 400]
    mine, unknown = (re.sub(r'"[^"]+"', "ID", a.json()["occasion"][0]) for a in answers)
    assert mine == unknown
    assert not FundingApplication.objects.filter(case=case).exists()
