"""Hand-built records for the statistics: every number the tests expect is derivable here.

The period is 2026-03-01 … 2026-08-24 (as the seed's appendix, one year later).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import count
from typing import Any

from cases.choices import CaseStatus, ChildLocation, Gender
from cases.models import Case, Child, Inquiry
from funding.choices import ApplicationKind, ApplicationStatus, Stream
from funding.models import (
    BudgetPeriod,
    BudgetStream,
    BudgetTransfer,
    Decision,
    FundingApplication,
    InterventionOccasion,
)
from nsp.accounts.models import Organisation, User
from reports.statistics import DateRange
from tests.funding.factories import item, phase

START, END = date(2026, 3, 1), date(2026, 8, 24)
PERIOD = DateRange(START, END)
_numbers = count(1)
_decisions = count(5000)


def case(org: Organisation, **fields: Any) -> Case:
    children = fields.pop("children", [])
    defaults: dict[str, Any] = {
        "surname_initial": "K",
        "first_name_initial": "M",
        "birth_year": 1995,
        "gender": Gender.WOMAN,
        "nationality": "Nigeria",
        "status": CaseStatus.APPLIED,
    }
    defaults.update(fields)
    if defaults["status"] in (CaseStatus.ADMITTED, CaseStatus.CLOSED):
        n = next(_numbers) + 700
        defaults.update(number=n, case_number=f"NSP{n:03d}")
    made = Case.objects.create(organisation=org, **defaults)
    for location in children:
        Child.objects.create(case=made, age=4, gender=Gender.MAN, location=location)
    return made


def application(c: Case, by: User, kind: str, submitted_on: date, **fields: Any) -> Any:
    defaults: dict[str, Any] = {
        "public_funding_sought": "Socialtjänsten",
        "public_funding_outcome": "denied",
    }
    if kind == ApplicationKind.INTERVENTION:
        occasion = InterventionOccasion.objects.create(
            case=c, description="Terapi", occurred_on=submitted_on
        )
        defaults.update(
            item=item("therapy"), quantity=4, unit_cost=Decimal("800"), occasion=occasion
        )
    if kind == ApplicationKind.INTEGRATION:
        defaults.update(days_applied=90)
    defaults.update(fields)
    return FundingApplication.objects.create(
        kind=kind,
        case=c,
        organisation=c.organisation,
        phase=phase(),
        submitted_by=by,
        submitted_on=submitted_on,
        **defaults,
    )


def decide(app: Any, by: User, outcome: str, **fields: Any) -> Decision:
    defaults: dict[str, Any] = {"motivation": "Motiverat.", "decided_on": app.submitted_on}
    defaults.update(fields)
    decision = Decision.objects.create(
        application=app, number=next(_decisions), outcome=outcome, decided_by=by, **defaults
    )
    if outcome != "more_info":
        app.status = ApplicationStatus.DECIDED
    else:
        app.status = ApplicationStatus.MORE_INFO
    app.save()
    return decision


@dataclass
class World:
    a1: Case
    a2: Case
    a3: Case
    streams: dict[str, BudgetStream]


def build(org: Organisation, coordinator: User, staff: User) -> World:
    """The hand-built programme (expected numbers are written next to each test)."""
    # Inquiries: two on the edges of the range, one without a case, two outside it.
    a1 = case(
        org,
        status=CaseStatus.ADMITTED,
        applied_on=START,
        admitted_on=date(2026, 3, 2),
        birth_year=2000,  # 26 at admission
        trafficking_types=["sexual_exploitation"],
        exploitation_countries=["Sverige", "Italien"],
        police_report_made=True,
        children=[ChildLocation.WITH_PARENT],
    )
    a2 = case(
        org,
        status=CaseStatus.ADMITTED,
        applied_on=date(2026, 3, 10),
        admitted_on=date(2026, 3, 15),
        birth_year=2005,  # 21
        trafficking_types=["sexual_exploitation", "crime"],
        exploitation_countries=["Sverige"],
        police_report_made=False,
        children=[ChildLocation.HOME_COUNTRY],
    )
    a3 = case(
        org,
        status=CaseStatus.ADMITTED,
        applied_on=date(2026, 2, 1),  # before the range: not in Table 1
        admitted_on=END,  # on the last day: in Table 3
        birth_year=1990,  # 36
        nationality="Rumänien",
        trafficking_types=["forced_labour"],
        exploitation_countries=["Rumänien"],
        police_report_made=True,
    )
    case(org, status=CaseStatus.REFUSED, applied_on=date(2026, 4, 1), refused_on=date(2026, 4, 5))
    case(org, status=CaseStatus.APPLIED, applied_on=END)
    case(
        org,
        status=CaseStatus.ADMITTED,
        applied_on=date(2026, 8, 25),
        admitted_on=date(2026, 8, 25),
        nationality="Sverige",
    )
    for day, linked in [
        (START, a1),
        (END, a2),
        (date(2026, 5, 5), None),
        (date(2026, 2, 28), None),
        (date(2026, 8, 25), None),
    ]:
        Inquiry.objects.create(
            organisation=org,
            case=linked,
            received_on=day,
            from_whom="Polisen",
            description="Förfrågan",
            recorded_by=coordinator,
        )
    period = BudgetPeriod.objects.create(
        name="2026", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)
    )
    streams = {
        kind: BudgetStream.objects.create(period=period, stream=kind, allocation=Decimal(amount))
        for kind, amount in [
            (Stream.REST, "100000"),
            (Stream.INTEGRATION, "108000"),
            (Stream.INTERVENTIONS, "15000"),
        ]
    }
    for target, amount in [(Stream.REST, "26000"), (Stream.INTERVENTIONS, "799")]:
        BudgetTransfer.objects.create(
            source=streams[Stream.INTEGRATION],
            target=streams[target],
            amount=Decimal(amount),
            made_on=date(2026, 4, 2),
            reason="Omfördelning",
            made_by=coordinator,
        )
    rest = application(a1, staff, ApplicationKind.REST, date(2026, 3, 5))
    decide(
        rest,
        coordinator,
        "granted",
        stream=streams[Stream.REST],
        granted_start=date(2026, 3, 5),
        granted_end=date(2026, 4, 3),
        granted_days=30,
        granted_amount=Decimal("36000"),
        draw=Decimal("36000"),
    )
    # Integration for a2: more information first, then partly granted.
    integ = application(a2, staff, ApplicationKind.INTEGRATION, date(2026, 4, 1))
    decide(integ, coordinator, "more_info", decided_on=date(2026, 4, 3))
    decide(
        integ,
        coordinator,
        "partly_granted",
        decided_on=date(2026, 4, 20),
        stream=streams[Stream.INTEGRATION],
        granted_start=date(2026, 4, 21),
        granted_end=date(2026, 5, 15),
        granted_days=25,
        granted_amount=Decimal("30000"),
        draw=Decimal("30000"),
    )
    denied = application(a1, staff, ApplicationKind.INTEGRATION, date(2026, 5, 1))
    decide(denied, coordinator, "denied")
    application(a2, staff, ApplicationKind.INTERVENTION, END)  # pending
    more = application(a1, staff, ApplicationKind.INTERVENTION, date(2026, 6, 1))
    decide(more, coordinator, "more_info")
    application(a1, staff, ApplicationKind.REST, date(2026, 2, 28))  # outside the range
    return World(a1=a1, a2=a2, a3=a3, streams=streams)
