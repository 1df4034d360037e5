"""Inquiries over the API: recorded through ``cases.services.inquiry_record``."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from cases.models import Inquiry
from nsp.accounts.models import Organisation, User
from tests.api.factories import ids, inquiry, token_client

URL = "api:inquiry-list"


def _payload(**extra: object) -> dict[str, object]:
    return {
        "received_on": timezone.localdate().isoformat(),
        "from_whom": "Socialtjänsten",
        "description": "Fråga om stöd.",
        **extra,
    }


def test_an_actor_records_an_inquiry_for_its_own_organisation(
    staff_a: User, org_a: Organisation, org_b: Organisation
) -> None:
    client = token_client(staff_a)
    for named in ({}, {"organisation": str(org_a.pk)}):
        response = client.post(reverse(URL), _payload(**named), content_type="application/json")
        assert response.status_code == 201, response.content
        row = Inquiry.objects.get(pk=response.json()["id"])
        assert row.organisation == org_a
        assert row.recorded_by == staff_a
    # Another organisation's id is refused, not silently replaced (issue 17).
    response = client.post(
        reverse(URL), _payload(organisation=str(org_b.pk)), content_type="application/json"
    )
    assert response.status_code == 403
    assert not Inquiry.objects.filter(organisation=org_b).exists()
    assert Inquiry.objects.count() == 2


def test_the_coordinator_records_for_any_actor(coordinator: User, org_b: Organisation) -> None:
    response = token_client(coordinator).post(
        reverse(URL), _payload(organisation=str(org_b.pk)), content_type="application/json"
    )
    assert response.status_code == 201
    assert Inquiry.objects.get(pk=response.json()["id"]).organisation == org_b


def test_a_rule_violation_comes_back_as_a_field_message(staff_a: User) -> None:
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = token_client(staff_a).post(
        reverse(URL), _payload(received_on=tomorrow), content_type="application/json"
    )
    assert response.status_code == 400
    assert "received_on" in response.json()
    assert not Inquiry.objects.exists()


def test_missing_fields_are_listed(staff_a: User) -> None:
    response = token_client(staff_a).post(reverse(URL), {}, content_type="application/json")
    assert response.status_code == 400
    assert {"received_on", "from_whom", "description"} <= set(response.json())


def test_the_administrator_may_not_record(administrator: User) -> None:
    response = token_client(administrator).post(
        reverse(URL), _payload(), content_type="application/json"
    )
    assert response.status_code == 403


def test_inquiries_are_scoped_and_filtered_by_date(
    staff_a: User, staff_b: User, org_a: Organisation, org_b: Organisation
) -> None:
    old = inquiry(org_a, staff_a, date(2026, 1, 10))
    new = inquiry(org_a, staff_a, date(2026, 3, 10))
    theirs = inquiry(org_b, staff_b, date(2026, 3, 10))
    client = token_client(staff_a)
    assert ids(client.get(reverse(URL))) == {str(old.pk), str(new.pk)}
    assert ids(client.get(reverse(URL), {"from": "2026-02-01"})) == {str(new.pk)}
    assert ids(client.get(reverse(URL), {"to": "2026-02-01"})) == {str(old.pk)}
    detail = client.get(reverse("api:inquiry-detail", args=[theirs.pk]))
    assert detail.status_code == 404
