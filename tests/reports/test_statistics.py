"""Tables 1–3 against the hand-built records of ``tests.reports.factories.build``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from funding.choices import ApplicationStatus, Outcome, Stream
from nsp.accounts.models import Organisation, User
from reports.statistics import DateRange, percent, statistics, table1, table2, table3
from tests.reports.factories import END, PERIOD, START, build


@pytest.fixture
def world(org_a: Organisation, coordinator: User, staff_a: User):  # type: ignore[no-untyped-def]
    return build(org_a, coordinator, staff_a)


def _rows(period: DateRange = PERIOD) -> dict[str, object]:
    return {r.key: r for r in table1(period)}


def test_table1_counts_inquiries_inside_the_range_both_edges_included(world: object) -> None:
    row = _rows()["inquiries"]
    assert row.received == 3  # type: ignore[attr-defined]
    assert any("1" in note for note in row.notes)  # type: ignore[attr-defined]


def test_table1_admission_applications(world: object) -> None:
    row = _rows()["admission"]
    # a1, a2 (granted), the refused one, the pending one (applied on the last day)
    assert (row.received, row.granted, row.denied, row.pending) == (4, 2, 1, 1)  # type: ignore[attr-defined]


def test_table1_funding_applications_with_a_partly_granted_decision(world: object) -> None:
    rows = _rows()
    rest, integ, interv = rows["rest_30"], rows["integration_90"], rows["intervention"]
    assert (rest.received, rest.granted, rest.denied) == (1, 1, 0)  # type: ignore[attr-defined]
    # partly granted counts as granted (the seed's "Beviljade"), and is shown separately
    assert (integ.received, integ.granted, integ.partly, integ.denied) == (2, 1, 1, 1)  # type: ignore[attr-defined]
    assert (interv.received, interv.pending, interv.more_info, interv.granted) == (2, 1, 1, 0)  # type: ignore[attr-defined]


def test_table1_notes_name_the_case_number_and_outcome(world: object) -> None:
    integ = _rows()["integration_90"]
    a2 = world.a2.case_number  # type: ignore[attr-defined]
    partly = str(Outcome.PARTLY_GRANTED.label)
    more = str(ApplicationStatus.MORE_INFO.label)
    assert f"{a2}: 90 d – {partly}" in integ.notes  # type: ignore[attr-defined]
    assert all(more not in note for note in integ.notes)  # type: ignore[attr-defined]


def test_notes_list_at_most_the_limit_then_say_how_many_more(
    world: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reports.statistics_common

    monkeypatch.setattr(reports.statistics_common, "NOTES_LIMIT", 1)
    rows = _rows()
    integ, admission = rows["integration_90"], rows["admission"]
    # Two integration applications: one listed, then "… och 1 till."
    assert len(integ.notes) == 2  # type: ignore[attr-defined]
    assert integ.notes[1] == "… och 1 till."  # type: ignore[attr-defined]
    # Two admitted: one case number, then the rest counted.
    assert admission.notes[0].count("NSP") == 1  # type: ignore[attr-defined]
    assert admission.notes[1] == "… och 1 till."  # type: ignore[attr-defined]


def test_the_range_is_inclusive_and_shifting_it_drops_the_edge_records(world: object) -> None:
    inner = DateRange(date(2026, 3, 2), date(2026, 8, 23))
    assert _rows(inner)["inquiries"].received == 1  # type: ignore[attr-defined]
    assert _rows(inner)["admission"].received == 2  # type: ignore[attr-defined]
    assert table3(inner).total == 2  # a3 was admitted on the last day of PERIOD
    assert _rows(DateRange(START, START))["inquiries"].received == 1  # type: ignore[attr-defined]
    assert _rows(DateRange(END, END))["inquiries"].received == 1  # type: ignore[attr-defined]


def test_table2_per_stream_with_transfers_and_totals(world: object) -> None:
    t2 = table2(PERIOD)
    by = {s.stream: s for s in t2.streams}
    rest, integ, interv = by[Stream.REST], by[Stream.INTEGRATION], by[Stream.INTERVENTIONS]
    assert (rest.allocation, rest.transfers_in, rest.drawn, rest.remaining) == (
        Decimal("100000"),
        Decimal("26000"),
        Decimal("36000"),
        Decimal("90000"),
    )
    assert integ.transfers_out == Decimal("26799")
    assert integ.remaining == Decimal("108000") - Decimal("26799") - Decimal("30000")
    assert interv.remaining == Decimal("15799")
    assert t2.totals["allocation"] == Decimal("223000")
    assert t2.totals["remaining"] == rest.remaining + integ.remaining + interv.remaining
    a1 = world.a1.case_number  # type: ignore[attr-defined]
    assert (rest.lines[0].label, rest.lines[0].amount) == (a1, Decimal("-36000"))


def test_table2_ignores_budget_periods_outside_the_range(world: object) -> None:
    assert table2(DateRange(date(2025, 1, 1), date(2025, 12, 31))).streams == []


def _section(key: str) -> dict[str, tuple[int, int | None]]:
    t3 = table3(PERIOD)
    section = next(s for s in t3.sections if s.key == key)
    return {str(line.label): (line.count, line.percent) for line in section.lines}


def test_table3_counts_the_individuals_the_admission_applications_concern(world: object) -> None:
    """Seed 002, Tabell 3: "Bakgrundsinformation om de individer som ansökningarna gäller"
    with "Procentuell fördelning i förhållande till totala antalet ansökningar om
    tillträde": the base is the four admission applications received in the range (a1,
    a2, the refused and the pending one), not the two admitted of them; a3, admitted in
    the range but applied for before it, is not counted."""
    t3 = table3(PERIOD)
    assert (t3.total, t3.admitted) == (4, 2)
    assert _section("nationality") == {"Nigeria": (4, 100)}
    age = _section("age")  # at the application: 26, 21, 31, 31
    assert age["18–25"] == (1, 25) and age["26–30"] == (1, 25) and age["31–35"] == (2, 50)
    assert age["36–45"] == (0, 0) and age["46+"] == (0, 0)
    children = list(_section("children").values())
    assert children == [(1, 25), (1, 25)]
    assert list(_section("police").values()) == [(1, 25)]


def test_table1_and_table3_agree_on_the_people_admitted_in_the_range(world: object) -> None:
    """Issue 15: "Table 1 and Table 3 agree on how many people were admitted in the range"
    (and on how many admission applications were received)."""
    stats = statistics(PERIOD)
    admission = next(r for r in stats.table1 if r.key == "admission")
    assert (stats.table3.total, stats.table3.admitted) == (admission.received, admission.granted)


def test_table3_trafficking_multiple_and_countries(world: object) -> None:
    types = _section("trafficking")
    assert types["Sexuell exploatering"] == (1, 25)  # a1
    assert types["Multipel"] == (1, 25)  # a2
    assert sum(v[0] for v in types.values()) == 4  # the two without an answer: "not stated"


def test_exploited_in_country_carries_counts_only(world: object) -> None:
    """Seed 002, Tabell 3: "Utnyttjad i land  Sverige: 4 Italien: 2 …" has no percentage
    (a person can have been exploited in several countries)."""
    assert _section("countries") == {"Sverige": (2, None), "Italien": (1, None)}


def test_percentages_round_half_up() -> None:
    assert percent(3, 7) == 43
    assert percent(1, 7) == 14
    assert percent(2, 7) == 29
    assert percent(1, 8) == 13  # 12.5 → 13, never banker's 12
    assert percent(0, 0) is None


def test_the_tables_take_a_fixed_number_of_queries(world: object) -> None:
    with CaptureQueriesContext(connection) as small:
        statistics(PERIOD)
    build_more = build  # more records must not mean more queries (no loops over rows)
    org = world.a1.organisation  # type: ignore[attr-defined]
    coordinator = User.objects.get(username="coordinator")
    staff = User.objects.get(username="staff_a")
    from funding.models import BudgetPeriod

    BudgetPeriod.objects.all().update(name="old")
    BudgetPeriod.objects.filter(name="old").update(
        starts_on=date(2020, 1, 1), ends_on=date(2020, 12, 31)
    )
    build_more(org, coordinator, staff)
    with CaptureQueriesContext(connection) as big:
        statistics(PERIOD)
    assert len(big) == len(small)


def test_a_reconsideration_is_its_own_line_not_another_application(world, staff_a: User) -> None:  # type: ignore[no-untyped-def]
    """Issue 15 / seed 002, Tabell 1 ("Antal ansökningar om …" counts applications): a
    reconsideration is shown on its own line, not counted as another received application
    of the kind it contests."""
    from funding.models import Decision
    from tests.reports.factories import application

    denied = Decision.objects.get(outcome="denied")
    application(
        denied.application.case,
        staff_a,
        "reconsideration",
        date(2026, 6, 1),
        contested_decision=denied,
        grounds="Nya uppgifter.",
    )
    rows = _rows()
    integ, recon = rows["integration_90"], rows["reconsideration"]
    assert (integ.received, integ.pending, integ.denied) == (2, 0, 1)  # type: ignore[attr-defined]
    assert (recon.received, recon.pending) == (1, 1)  # type: ignore[attr-defined]


def test_a_person_counts_once_per_country_and_per_child_location(world, org_a) -> None:  # type: ignore[no-untyped-def]
    from cases.choices import CaseStatus, ChildLocation
    from tests.reports.factories import case

    case(
        org_a,
        status=CaseStatus.ADMITTED,
        applied_on=date(2026, 5, 1),
        admitted_on=date(2026, 5, 1),
        exploitation_countries=["Sverige", "Sverige"],
        children=[ChildLocation.WITH_PARENT, ChildLocation.WITH_PARENT, ChildLocation.HOME_COUNTRY],
    )
    assert _section("countries")["Sverige"] == (3, None)  # a1, a2 and the new one
    assert list(_section("children").values()) == [(2, 40), (2, 40)]  # of 5 applications


def test_age_bands_include_both_of_their_bounds(org_a) -> None:  # type: ignore[no-untyped-def]
    from cases.choices import CaseStatus
    from tests.reports.factories import case

    ages = [17, 18, 25, 26, 30, 31, 35, 36, 45, 46, 80]
    for age in ages:
        case(org_a, status=CaseStatus.ADMITTED, applied_on=END, birth_year=END.year - age)
    counts = {label: n for label, (n, _percent) in _section("age").items()}
    assert counts == {"<18": 1, "18–25": 2, "26–30": 2, "31–35": 2, "36–45": 2, "46+": 2}
