"""Cases over the API: scoped like the HTML views, with assessments, access-logged."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from nsp.accounts.models import Organisation, User
from nsp.audit.models import AccessLog
from tests.api.factories import admitted_case, assessment, ids, token_client
from tests.conftest import login


def test_an_actor_token_sees_only_its_own_cases(
    staff_a: User, staff_b: User, org_a: Organisation, org_b: Organisation
) -> None:
    case_a, case_b = admitted_case(org_a), admitted_case(org_b)
    url = reverse("api:case-list")
    assert ids(token_client(staff_a).get(url)) == {str(case_a.pk)}
    assert ids(token_client(staff_b).get(url)) == {str(case_b.pk)}


def test_another_actor_gets_404_on_a_case(staff_b: User, org_a: Organisation) -> None:
    case = admitted_case(org_a)
    response = token_client(staff_b).get(reverse("api:case-detail", args=[case.pk]))
    assert response.status_code == 404


def test_the_coordinator_sees_every_case_and_the_administrator_none(
    coordinator: User, administrator: User, org_a: Organisation, org_b: Organisation
) -> None:
    cases = {str(admitted_case(org_a).pk), str(admitted_case(org_b).pk)}
    url = reverse("api:case-list")
    assert ids(token_client(coordinator).get(url)) == cases
    assert token_client(administrator).get(url).json()["count"] == 0


def test_anonymous_gets_401(org_a: Organisation) -> None:
    assert Client().get(reverse("api:case-list")).status_code == 401


def test_a_case_comes_with_its_assessments_and_the_view_is_logged(
    staff_a: User, org_a: Organisation
) -> None:
    case = admitted_case(org_a)
    document = assessment(case, staff_a)
    response = login(staff_a).get(reverse("api:case-detail", args=[case.pk]))
    assert response.status_code == 200
    body = response.json()
    assert [a["id"] for a in body["assessments"]] == [str(document.pk)]
    assert body["assessments"][0]["kind"] == "in_depth"
    assert "surname_initial" not in body and "first_name_initial" not in body
    assert AccessLog.objects.filter(user=staff_a, object_id=str(case.pk), action="view").exists()


def test_cases_filter_by_status_organisation_and_dates(
    coordinator: User, org_a: Organisation, org_b: Organisation
) -> None:
    case_a = admitted_case(org_a)
    admitted_case(org_b)
    client = token_client(coordinator)
    url = reverse("api:case-list")
    assert ids(client.get(url, {"organisation": str(org_a.pk)})) == {str(case_a.pk)}
    assert client.get(url, {"status": "closed"}).json()["count"] == 0
    today = timezone.localdate().isoformat()
    assert client.get(url, {"from": today, "to": today}).json()["count"] == 2
    assert client.get(url, {"to": "2000-01-01"}).json()["count"] == 0


def test_a_malformed_filter_is_a_structured_400(coordinator: User) -> None:
    response = token_client(coordinator).get(reverse("api:case-list"), {"from": "igår"})
    assert response.status_code == 400
    assert "from" in response.json()


def _initial_answers(**overrides: object) -> dict[str, object]:
    import io
    import random

    from cases import questionnaire
    from cases.demo import fake_answers

    questionnaire.load(io.StringIO())
    definition = questionnaire.current("NSP/IB/Dok.01").definition
    return fake_answers(definition, random.Random(1), gender="female", **overrides)


def test_an_actor_files_an_admission_application(staff_a: User, org_a: Organisation) -> None:
    from tests.funding.factories import certify

    certify(org_a)
    payload = {"answers": _initial_answers(surname_initial="K"), "submit": True}
    response = token_client(staff_a).post(
        reverse("api:case-list"), payload, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "applied" and body["organisation"] == str(org_a.pk)
    assert [a["status"] for a in body["assessments"]] == ["submitted"]


def test_an_application_with_bad_answers_gets_field_messages(
    staff_a: User, coordinator: User, org_a: Organisation
) -> None:
    payload = {"answers": _initial_answers(surname_initial="Karlsson"), "submit": False}
    url = reverse("api:case-list")
    response = token_client(staff_a).post(url, payload, content_type="application/json")
    assert response.status_code == 400
    assert "surname_initial" in response.json()["answers"]
    assert (
        token_client(coordinator).post(url, payload, content_type="application/json").status_code
        == 403
    )


def test_the_coordinator_admits_and_the_actor_may_not(
    staff_a: User, coordinator: User, org_a: Organisation
) -> None:
    from tests.funding.factories import FundingCaseFactory, certify, phase

    certify(org_a)  # not a test of certification (tests/funding/test_rules_decision_checks.py)
    case = FundingCaseFactory(organisation=org_a)  # applied
    url = reverse("api:case-admission", args=[case.pk])
    phase()
    data = {"admit": True, "motivation": "Faller inom målgruppen."}
    assert token_client(staff_a).post(url, data, content_type="application/json").status_code == 403
    response = token_client(coordinator).post(url, data, content_type="application/json")
    assert response.status_code == 200, response.content
    case.refresh_from_db()
    assert response.json()["case_number"] == case.case_number and case.status == "admitted"


def test_a_refusal_needs_a_reason(coordinator: User, org_a: Organisation) -> None:
    from tests.funding.factories import FundingCaseFactory, certify, phase

    phase()
    certify(org_a)
    case = FundingCaseFactory(organisation=org_a)
    url = reverse("api:case-admission", args=[case.pk])
    client = token_client(coordinator)
    response = client.post(url, {"admit": False}, content_type="application/json")
    assert response.status_code == 400 and "motivation" in response.json()
    response = client.post(
        url, {"admit": False, "reason": "Ej målgrupp."}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["status"] == "refused"


def test_an_admission_for_an_uncertified_actor_takes_an_override(
    coordinator: User, org_a: Organisation
) -> None:
    """The decision re-checks that the actor may file applications (002: "Det är endast
    certifierade aktörer som kan ansöka om medel"); the API takes the recorded override."""
    from tests.funding.factories import FundingCaseFactory, phase

    phase()
    case = FundingCaseFactory(organisation=org_a)  # org_a has no certification
    url = reverse("api:case-admission", args=[case.pk])
    client = token_client(coordinator)
    data: dict[str, object] = {"admit": True, "motivation": "Faller inom målgruppen."}
    response = client.post(url, data, content_type="application/json")
    assert response.status_code == 400 and "undantag" in str(response.json())
    data["actor_override_reason"] = "Certifieringen förnyas."
    response = client.post(url, data, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "admitted"
    decision = case.funding_applications.get().decisions.get()
    assert decision.actor_override_reason == "Certifieringen förnyas."


def test_an_actor_adds_an_assessment_to_its_admitted_case(
    staff_a: User, staff_b: User, org_a: Organisation
) -> None:
    import io

    from cases import questionnaire

    questionnaire.load(io.StringIO())
    case = admitted_case(org_a)
    url = reverse("api:case-assessments", args=[case.pk])
    data = {"kind": "in_depth", "answers": {"date": "2026-03-02"}}
    assert token_client(staff_b).post(url, data, content_type="application/json").status_code == 404
    response = token_client(staff_a).post(url, data, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "draft"
    assert case.documents.get().kind == "in_depth"
