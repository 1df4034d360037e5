"""Seed 002's statistics rules (Tabell 1–3), one test per rule, each citing its line."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from cases.choices import CaseStatus, DocumentKind
from funding.choices import ApplicationKind, Stream
from funding.models import BudgetTransfer, Decision
from nsp.accounts.models import Organisation, User
from reports.statistics import statistics, table1, table2
from reports.statistics_common import ALREADY_HOUSED_QUESTION
from tests.cases.factories import CaseDocumentFactory
from tests.reports.factories import PERIOD, START, application, build, case, decide


def _rows() -> dict[str, object]:
    return {r.key: r for r in table1(PERIOD)}


def test_admission_applications_split_already_at_an_accommodation_and_new_cases(
    org_a: Organisation, coordinator: User, staff_a: User
) -> None:
    """Seed 002, Tabell 1, "Antal ansökningar om tillträde 7 6 0": "Antal som redan fanns
    på boende: 5 … Antal nya ärenden som inkom under perioden: 2" — read from the initial
    assessment's answer (docs/RULES.md, Statistics)."""
    answers = {"yes": 2, "no": 1}
    for answer, n in answers.items():
        for _ in range(n):
            c = case(org_a, applied_on=START)
            CaseDocumentFactory(
                case=c,
                kind=DocumentKind.INITIAL,
                submitted=True,
                answers={ALREADY_HOUSED_QUESTION: answer},
            )
    case(org_a, applied_on=START)  # no submitted initial assessment answer
    rows = _rows()
    assert rows["admission"].received == 4  # type: ignore[attr-defined]
    assert rows["admission_housed"].received == 2  # type: ignore[attr-defined]
    assert rows["admission_new"].received == 1  # type: ignore[attr-defined]
    assert rows["admission_unstated"].received == 1  # type: ignore[attr-defined]


def test_a_withdrawn_application_is_neither_granted_nor_denied(
    org_a: Organisation, coordinator: User, staff_a: User
) -> None:
    """Issue 15 ("a withdrawn application is neither granted nor denied in Table 1") on
    seed 002, Tabell 1's columns "Inkomna Beviljade Nekade": it is received, and counted
    as withdrawn only."""
    c = case(org_a, status=CaseStatus.ADMITTED, applied_on=START, admitted_on=START)
    app = application(c, staff_a, ApplicationKind.INTERVENTION, date(2026, 4, 1))
    app.status = "withdrawn"
    app.withdrawn_on, app.withdrawal_reason = date(2026, 4, 2), "Behövs inte längre."
    app.save(update_fields=["status", "withdrawn_on", "withdrawal_reason"])
    row = _rows()["intervention"]
    assert (row.received, row.granted, row.denied, row.pending) == (1, 0, 0, 0)  # type: ignore[attr-defined]
    assert row.withdrawn == 1  # type: ignore[attr-defined]
    # An admission application closed without admission is withdrawn too.
    case(org_a, status=CaseStatus.CLOSED, applied_on=START)
    admission = _rows()["admission"]
    assert (admission.received, admission.granted, admission.withdrawn) == (2, 1, 1)  # type: ignore[attr-defined]


def test_table2_lines_of_one_day_in_the_order_they_happened(
    org_a: Organisation, coordinator: User, staff_a: User
) -> None:
    """Seed 002, Tabell 2: "+26 000 (från max 90 dagar)" is listed before the draw
    "NSP008 -45 000" it made possible: within a day, the lines in the order they were
    recorded (a transfer that made a grant possible comes before the grant)."""
    world = build(org_a, coordinator, staff_a)
    day = date(2026, 6, 10)
    rest = application(world.a2, staff_a, ApplicationKind.REST, day)
    now = timezone.now()
    BudgetTransfer.objects.create(
        source=world.streams[Stream.INTEGRATION],
        target=world.streams[Stream.REST],
        amount=Decimal("1000"),
        made_on=day,
        reason="Till max 30 dagar",
        made_by=coordinator,
    )
    decide(
        rest,
        coordinator,
        "granted",
        decided_on=day,
        stream=world.streams[Stream.REST],
        granted_amount=Decimal("1200"),
        draw=Decimal("1200"),
        signed_at=now + timedelta(seconds=5),
    )
    by = {s.stream: s for s in table2(PERIOD).streams}
    lines = [line for line in by[Stream.REST].lines if line.when == day]
    assert [line.amount for line in lines] == [Decimal("1000"), Decimal("-1200")]
    assert isinstance(now, datetime)


def test_coordinator_notes_stand_beside_the_generated_ones(
    org_a: Organisation, coordinator: User, staff_a: User
) -> None:
    """Seed 002, Tabell 1, column "Beslutsunderlag": the coordinator's own text for a row
    of a published period is shown, and the app's generated notes stay beside it."""
    from reports.services import statistics_note_save

    world = build(org_a, coordinator, staff_a)
    statistics_note_save(
        period=PERIOD, row="admission", text="Fem fanns redan på boende.", by=coordinator
    )
    stats = statistics(PERIOD)
    admission = next(r for r in stats.table1 if r.key == "admission")
    assert admission.written == "Fem fanns redan på boende."
    assert any(world.a1.case_number in n for n in admission.notes)  # type: ignore[operator]
    assert Decision.objects.exists()
