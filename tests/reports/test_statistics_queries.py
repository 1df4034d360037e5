"""The statistics page reads a fixed number of queries, whatever the amount of data.

Every table is computed by aggregates over all the records at once (no query per row,
per kind or per budget stream): more cases, applications, decisions, budget streams and
transfers in the range must change the figures on the page, never the number of queries.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.choices import CaseStatus, ChildLocation
from cases.models import Inquiry
from funding.choices import ApplicationKind, Stream
from funding.models import BudgetPeriod, BudgetStream, BudgetTransfer
from nsp.accounts.models import Organisation, User
from reports.statistics import statistics
from tests.conftest import login
from tests.reports.factories import END, PERIOD, START, World, application, build, case, decide

PAGE_MAX_QUERIES = 10  # session, user, MFA check, the five of the tables, the access log
TABLES_QUERIES = 5


@pytest.fixture
def world(org_a: Organisation, coordinator: User, staff_a: User) -> World:
    return build(org_a, coordinator, staff_a)


def _page(client: Client, notes: bool) -> tuple[int, str, Any]:
    params = {"start": START.isoformat(), "end": END.isoformat()}
    if notes:
        params["notes"] = "on"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("reports:statistics"), params)
    assert response.status_code == 200
    return len(queries), response.content.decode(), response.context["stats"]


def _add_more(world: World, org: Organisation, coordinator: User, staff: User) -> None:
    """Ten more admitted individuals, each with applications and decisions drawing from a
    second budget period's streams (which overlaps the range), transfers, inquiries."""
    second = BudgetPeriod.objects.create(
        name="2026 extra", starts_on=date(2026, 7, 1), ends_on=date(2027, 6, 30)
    )
    streams = {
        kind: BudgetStream.objects.create(period=second, stream=kind, allocation=Decimal("5000"))
        for kind in (Stream.REST, Stream.INTEGRATION, Stream.INTERVENTIONS)
    }
    for source, target in [(Stream.REST, Stream.INTERVENTIONS), (Stream.INTEGRATION, Stream.REST)]:
        BudgetTransfer.objects.create(
            source=streams[source],
            target=streams[target],
            amount=Decimal("100"),
            made_on=date(2026, 7, 2),
            reason="Omfördelning",
            made_by=coordinator,
        )
    for i in range(10):
        person = case(
            org,
            status=CaseStatus.ADMITTED,
            applied_on=date(2026, 7, 1),
            admitted_on=date(2026, 7, 2),
            birth_year=1950 + i * 6,
            nationality=f"Land {i % 4}",
            trafficking_types=["crime", "begging"][: 1 + i % 2],
            exploitation_countries=[f"Land {i % 3}"],
            children=[ChildLocation.WITH_PARENT, ChildLocation.HOME_COUNTRY][: i % 3],
        )
        Inquiry.objects.create(
            organisation=org,
            case=person,
            received_on=date(2026, 6, 30),
            from_whom="Polisen",
            description="Förfrågan",
            recorded_by=coordinator,
        )
        rest = application(person, staff, ApplicationKind.REST, date(2026, 7, 3))
        decide(
            rest,
            coordinator,
            "granted",
            stream=streams[Stream.REST],
            granted_amount=Decimal("10"),
            draw=Decimal("10"),
        )
        interv = application(person, staff, ApplicationKind.INTERVENTION, date(2026, 7, 4))
        decide(
            interv,
            coordinator,
            "granted",
            stream=streams[Stream.INTERVENTIONS],
            granted_amount=Decimal("20"),
            draw=Decimal("20"),
        )


@pytest.mark.parametrize("notes", [True, False])
def test_the_statistics_page_takes_at_most_ten_queries_and_no_more_with_more_data(
    world: World,
    org_a: Organisation,
    coordinator: User,
    staff_a: User,
    notes: bool,
    settings: Any,
) -> None:
    # Every request computes the tables (no cache): the page's worst case. The records
    # below are written directly, not through the services that bump the cache's version.
    settings.NSP_STATISTICS_CACHE_SECONDS = 0
    client = login(coordinator)
    client.get(reverse("reports:statistics"))  # the session and caches are warm afterwards
    before, _body, stats = _page(client, notes)
    assert before <= PAGE_MAX_QUERIES
    assert stats.table3.total == 4 and len(stats.table2.streams) == 3

    _add_more(world, org_a, coordinator, staff_a)
    after, body, stats = _page(client, notes)

    assert after == before
    # The page did read the new records.
    assert stats.table3.total == 14
    assert len(stats.table2.streams) == 6
    rows = {row.key: row for row in stats.table1}
    assert rows["inquiries"].received == 13
    assert rows[ApplicationKind.REST].received == 11
    assert rows[ApplicationKind.INTERVENTION].granted == 10
    extra_rest = next(
        s for s in stats.table2.streams if s.period == "2026 extra" and s.stream == Stream.REST
    )
    assert len(extra_rest.lines) == 12  # ten draws and two transfers
    assert extra_rest.remaining == Decimal("4900")  # 5000 + 100 in − 100 out − 10 × 10
    assert "2026 extra" in body
    if notes:
        assert len(rows[ApplicationKind.REST].notes) == 11
        assert rows["admission"].notes[0].count("NSP") == 12  # a1, a2 and the ten new ones
    else:
        assert rows[ApplicationKind.REST].notes == rows["admission"].notes == []


def test_the_tables_take_five_queries_with_or_without_notes(world: World) -> None:
    for notes in (True, False):
        with CaptureQueriesContext(connection) as queries:
            statistics(PERIOD, notes=notes)
        assert len(queries) == TABLES_QUERIES, [q["sql"][:80] for q in queries]
