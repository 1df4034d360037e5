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
