"""Budget streams over the API: what remains, for the programme only."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from nsp.accounts.models import Organisation, User
from tests.api.factories import decided, token_client


def test_the_programme_sees_what_remains_in_each_stream(
    staff_a: User, coordinator: User, programme_manager: User, org_a: Organisation
) -> None:
    decision = decided(org_a, staff_a, coordinator)
    for user in (coordinator, programme_manager):
        rows = token_client(user).get(reverse("api:budget-stream-list")).json()["results"]
        by_stream = {row["stream"]: row for row in rows}
        interventions = by_stream["interventions"]
        assert Decimal(interventions["remaining"]) == (
            Decimal(interventions["allocation"]) - decision.draw
        )
        assert Decimal(by_stream["rest_30"]["remaining"]) == Decimal(
            by_stream["rest_30"]["allocation"]
        )


def test_actors_and_the_administrator_get_403(
    staff_a: User, administrator: User, org_a: Organisation
) -> None:
    for user in (staff_a, administrator):
        assert token_client(user).get(reverse("api:budget-stream-list")).status_code == 403


def test_streams_filter_by_period(staff_a: User, coordinator: User, org_a: Organisation) -> None:
    decided(org_a, staff_a, coordinator)
    client = token_client(coordinator)
    assert client.get(reverse("api:budget-stream-list")).json()["count"] == 3
    assert client.get(reverse("api:budget-stream-list"), {"to": "2000-01-01"}).json()["count"] == 0
