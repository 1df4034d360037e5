"""Records after the fact and the register import (issue 16)."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from cases.models import Case
from funding.choices import InvoiceStatus, Stream
from funding.models import BudgetPeriod, Decision, FundingApplication, ProgrammePhase
from funding.register_import import HEADERS, import_register, template_xlsx
from funding.services.afterwards import (
    application_record_afterwards,
    decision_record_afterwards,
    paper_case_get_or_create,
    payment_record_afterwards,
)
from funding.services.budget import budget_period_create
from nsp.accounts.models import Organisation, User
from tests.conftest import login

LAST_YEAR = timezone.localdate().year - 1


@pytest.fixture
def last_year(pilot: ProgrammePhase) -> BudgetPeriod:
    """Last year's phase (the pilot, moved back) and budget period."""
    ProgrammePhase.objects.filter(pk=pilot.pk).update(starts_on=date(LAST_YEAR, 1, 1))
    return budget_period_create(
        name=f"Budget {LAST_YEAR}",
        starts_on=date(LAST_YEAR, 1, 1),
        ends_on=date(LAST_YEAR, 12, 31),
        allocations={s: Decimal("500000") for s in Stream.values},
    )


def _paper_case(coordinator: User, org: Organisation, number: str = "NSP007") -> Case:
    case, _created = paper_case_get_or_create(
        by=coordinator,
        organisation=org,
        case_number=number,
        admitted_on=date(LAST_YEAR, 3, 1),
        first_name_initial="A",
        surname_initial="B",
        birth_year=1990,
        gender="woman",
    )
    return case


def _paper_decision(coordinator: User, case: Case, day: date, number: int | None = None) -> Any:
    application = application_record_afterwards(
        by=coordinator,
        case=case,
        kind="rest_30",
        submitted_on=day,
        period_start=day,
        period_end=day + timedelta(days=29),
    )
    return decision_record_afterwards(
        by=coordinator,
        application=application,
        decided_on=day,
        outcome="granted",
        motivation="Beslut på papper.",
        number=number,
    )


def test_a_paper_decision_keeps_its_date_and_draws_from_that_years_budget(
    last_year: BudgetPeriod, coordinator: User, org_a: Organisation
) -> None:
    decision = _paper_decision(coordinator, _paper_case(coordinator, org_a), date(LAST_YEAR, 3, 2))
    assert decision.decided_on == date(LAST_YEAR, 3, 2)
    assert decision.stream.period == last_year
    assert decision.recorded_afterwards_by == coordinator
    assert decision.reference == f"B{LAST_YEAR}-0001"
    assert decision.application.recorded_afterwards_by == coordinator


def test_numbering_stays_gapless_per_year_of_the_decision(
    last_year: BudgetPeriod, coordinator: User, org_a: Organisation
) -> None:
    # One person per decision: 30 days' rest is the most one person gets (issue 15).
    cases = [_paper_case(coordinator, org_a, f"NSP00{n}") for n in (7, 8, 9)]
    first = _paper_decision(coordinator, cases[0], date(LAST_YEAR, 3, 2), number=1)
    second = _paper_decision(coordinator, cases[1], date(LAST_YEAR, 5, 2))
    assert (first.number, second.number) == (1, 2)
    with pytest.raises(ValidationError, match="not the next number"):
        _paper_decision(coordinator, cases[2], date(LAST_YEAR, 6, 2), number=5)


def test_only_the_coordinator_enters_records_afterwards(
    last_year: BudgetPeriod, programme_manager: User, org_a: Organisation
) -> None:
    with pytest.raises(ValidationError, match="coordinator"):
        _paper_case(programme_manager, org_a)


def test_a_paper_payment_is_recorded_paid_with_its_date(
    last_year: BudgetPeriod, coordinator: User, org_a: Organisation
) -> None:
    decision = _paper_decision(coordinator, _paper_case(coordinator, org_a), date(LAST_YEAR, 3, 2))
    invoice = payment_record_afterwards(
        by=coordinator,
        decision=decision,
        amount=decision.granted_amount,
        paid_on=date(LAST_YEAR, 4, 15),
        reference="V-2025-3",
    )
    assert invoice.status == InvoiceStatus.PAID
    assert invoice.paid_on == date(LAST_YEAR, 4, 15)
    assert invoice.recorded_afterwards_by == coordinator


def test_the_decision_page_says_registered_afterwards(
    last_year: BudgetPeriod, coordinator: User, org_a: Organisation
) -> None:
    decision = _paper_decision(coordinator, _paper_case(coordinator, org_a), date(LAST_YEAR, 3, 2))
    page = login(coordinator).get(reverse("funding:decision_detail", args=[decision.pk]))
    assert "Registrerad i efterhand" in page.content.decode()


# --- The register import ----------------------------------------------------------------


def _row(**overrides: Any) -> list[Any]:
    values = {
        "arendenummer": "NSP011",
        "aktor": "",
        "initialer": "KM",
        "fodelsear": 1994,
        "kon": "woman",
        "inskriven": date(LAST_YEAR, 2, 1),
        "typ": "rest_30",
        "ansokt": date(LAST_YEAR, 2, 1),
        "period_fran": date(LAST_YEAR, 2, 1),
        "period_till": date(LAST_YEAR, 2, 1) + timedelta(days=30),  # 30 nights
        "barn": 1,
        "beslutsnummer": 1,
        "beslutsdatum": date(LAST_YEAR, 2, 3),
        "beslut": "granted",
        "motivering": "Behovet styrkt.",
        **overrides,
    }
    return [values.get(h) for h in HEADERS]


def _file(*rows: list[Any]) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def test_it_imports_a_register_and_a_second_import_changes_nothing(
    last_year: BudgetPeriod, coordinator: User, org_a: Organisation
) -> None:
    rows = [
        _row(aktor=org_a.name),
        _row(aktor=org_a.name, arendenummer="NSP012", beslutsnummer=2),
    ]
    report = import_register(_file(*rows), by=coordinator)
    assert (report.created, report.skipped, report.errors) == (2, 0, [])
    decision = Decision.objects.get(number=1, decided_on__year=LAST_YEAR)
    assert decision.granted_amount == Decimal("1500") * 30  # one child
    again = import_register(_file(*rows), by=coordinator)
    assert (again.created, again.skipped) == (0, 2)
    assert Decision.objects.count() == 2 and Case.objects.count() == 2


def test_a_dry_run_writes_nothing(
    last_year: BudgetPeriod, coordinator: User, org_a: Organisation
) -> None:
    report = import_register(_file(_row(aktor=org_a.name)), by=coordinator, dry_run=True)
    assert report.created == 1 and report.ok
    assert not FundingApplication.objects.exists()


def test_one_bad_row_rolls_back_everything_and_names_row_and_column(
    last_year: BudgetPeriod, coordinator: User, org_a: Organisation
) -> None:
    rows = [
        _row(aktor=org_a.name),
        _row(aktor="Okänd aktör", arendenummer="NSP012", beslutsnummer=2),
        _row(aktor=org_a.name, arendenummer="NSP013", beslutsnummer=3, beslutsdatum="igår"),
    ]
    report = import_register(_file(*rows), by=coordinator)
    assert [(e.row, e.column) for e in report.errors] == [(3, "aktor"), (4, "beslutsdatum")]
    assert not Decision.objects.exists() and not Case.objects.exists()


def test_the_command_reports_progress_and_refuses_a_bad_file(
    last_year: BudgetPeriod, coordinator: User, org_a: Organisation, tmp_path: Any
) -> None:
    path = tmp_path / "register.xlsx"
    path.write_bytes(_file(_row(aktor=org_a.name)).getvalue())
    out = io.StringIO()
    call_command("import_register", str(path), "--dry-run", stdout=out)
    assert "row 1/1" in out.getvalue() and "dry run" in out.getvalue()
    assert not Decision.objects.exists()
    call_command("import_register", str(path), stdout=io.StringIO())
    assert Decision.objects.count() == 1
    path.write_bytes(_file(_row(aktor="Ingen")).getvalue())
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_register", str(path), stdout=io.StringIO(), stderr=io.StringIO())


def test_the_template_has_every_column() -> None:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(template_xlsx())).worksheets[0]
    assert [c.value for c in sheet[1]] == HEADERS
