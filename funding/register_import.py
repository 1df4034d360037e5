"""Import last year's paper register: cases, applications and decisions from a spreadsheet.

The column layout is documented in docs/DATA_FORMATS.md ("Register import") and
``template_xlsx()`` builds the downloadable template from ``COLUMNS``. The import is all
or nothing: every row is checked and written inside one transaction; any bad row (reported
with its row number, column and reason) rolls everything back. ``dry_run`` always rolls
back. A row whose decision is already in the register (same year and number, same case)
is skipped, so importing the same file twice changes nothing.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cases.choices import Gender
from funding.choices import ApplicationKind, Outcome
from funding.loaders import current_catalogue
from funding.models import Decision
from funding.services import afterwards
from nsp.accounts.models import Organisation, User

# (header, required, help) — the order of the template's columns.
COLUMNS: list[tuple[str, bool, str]] = [
    ("arendenummer", True, "NSP012"),
    ("aktor", True, "The actor's name as in NSP"),
    ("initialer", True, "First-name and surname initial, e.g. KM"),
    ("fodelsear", True, "1995"),
    ("kon", True, "woman | man | other | unknown"),
    ("inskriven", True, "Admission date, YYYY-MM-DD"),
    ("typ", True, "rest_30 | integration_90 | intervention"),
    ("ansokt", True, "Application date, YYYY-MM-DD"),
    ("period_fran", False, "Period start (30/90 days)"),
    ("period_till", False, "Period end (30/90 days)"),
    ("barn", False, "Accompanying children (30 days)"),
    ("insats", False, "Intervention key in the price list (interventions)"),
    ("antal", False, "Quantity (interventions)"),
    ("styckkostnad", False, "Cost per unit in SEK (interventions)"),
    ("beslutsnummer", True, "The number in that year's register (B2025-0007 → 7)"),
    ("beslutsdatum", True, "Decision date, YYYY-MM-DD"),
    ("beslut", True, "granted | partly_granted | denied"),
    ("motivering", True, "The decision's motivation"),
    ("beviljat_belopp", False, "Granted amount in SEK (interventions; optional)"),
]
HEADERS = [c[0] for c in COLUMNS]


@dataclass
class RowError:
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"rad {self.row}, kolumn {self.column}: {self.reason}"


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


class _Rollback(Exception):
    """Raised inside the transaction to undo a dry run or a file with errors."""


def template_xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Register"
    sheet.append(HEADERS)
    sheet.append([c[2] for c in COLUMNS])  # a help row: the importer skips it
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_rows(handle: IO[bytes]) -> list[tuple[int, dict[str, Any]]]:
    """The rows of the first sheet as (row number, {header: value}); blank rows and the
    template's help row are left out. A missing header column is reported as row 1."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(handle, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not xlsx
        raise ValidationError(_("The file is not an .xlsx spreadsheet.")) from exc
    sheet = book.worksheets[0]
    lines = list(sheet.iter_rows(values_only=True))
    if not lines:
        raise ValidationError(_("The spreadsheet is empty."))
    header = [str(h or "").strip().lower() for h in lines[0]]
    missing = [h for h in HEADERS if h not in header]
    if missing:
        raise ValidationError(
            _("Row 1: the columns %(columns)s are missing.") % {"columns": ", ".join(missing)}
        )
    out = []
    help_row = [c[2] for c in COLUMNS]
    for number, line in enumerate(lines[1:], start=2):
        values = {h: line[i] if i < len(line) else None for i, h in enumerate(header) if h}
        if all(v in (None, "") for v in values.values()):
            continue
        if [values.get(h) for h in HEADERS] == help_row:
            continue
        out.append((number, values))
    return out


class _Row:
    """Typed access to one row; every problem becomes a RowError naming the column."""

    def __init__(self, number: int, values: dict[str, Any], errors: list[RowError]) -> None:
        self.number, self.values, self.errors = number, values, errors

    def _fail(self, column: str, reason: str) -> None:
        self.errors.append(RowError(self.number, column, reason))

    def text(self, column: str, required: bool = True) -> str:
        value = self.values.get(column)
        text = "" if value is None else str(value).strip()
        if required and not text:
            self._fail(column, _("a value is required"))
        return text

    def day(self, column: str, required: bool = True) -> date | None:
        value = self.values.get(column)
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = self.text(column, required)
        if not text:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            self._fail(column, _("not a date (YYYY-MM-DD)"))
            return None

    def integer(self, column: str, required: bool = True) -> int | None:
        text = self.text(column, required)
        if not text:
            return None
        try:
            return int(Decimal(text.replace(",", ".")))
        except InvalidOperation:
            self._fail(column, _("not a whole number"))
            return None

    def money(self, column: str) -> Decimal | None:
        text = self.text(column, False).replace(" ", "").replace(",", ".")
        if not text:
            return None
        try:
            return Decimal(text)
        except InvalidOperation:
            self._fail(column, _("not an amount"))
            return None

    def choice(self, column: str, choices: list[str]) -> str:
        text = self.text(column)
        if text and text not in choices:
            self._fail(column, _("one of: %(choices)s") % {"choices": ", ".join(choices)})
        return text


def _import_row(row: _Row, by: User, report: ImportReport) -> None:
    """Check one row, then write its case, application and decision (or skip it when
    its decision is already in the register)."""
    case_number = row.text("arendenummer")
    actor_name = row.text("aktor")
    initials = row.text("initialer")
    birth_year = row.integer("fodelsear")
    gender = row.choice("kon", list(Gender.values))
    admitted_on = row.day("inskriven")
    kind = row.choice("typ", [k.value for k in afterwards.PAPER_KINDS])
    submitted_on = row.day("ansokt")
    number = row.integer("beslutsnummer")
    decided_on = row.day("beslutsdatum")
    outcome = row.choice("beslut", [Outcome.GRANTED, Outcome.PARTLY_GRANTED, Outcome.DENIED])
    motivation = row.text("motivering")
    period = (row.day("period_fran", False), row.day("period_till", False))
    children = row.integer("barn", False) or 0
    item_key = row.text("insats", False)
    quantity = row.integer("antal", False)
    unit_cost = row.money("styckkostnad")
    granted_amount = row.money("beviljat_belopp")
    if len(initials) != 2:
        row._fail("initialer", _("two letters: first-name and surname initial"))
    organisation = Organisation.objects.filter(name=actor_name).first() if actor_name else None
    if actor_name and organisation is None:
        row._fail("aktor", _("no actor with this name in NSP"))
    item = None
    if kind == ApplicationKind.INTERVENTION:
        catalogue = current_catalogue()
        item = catalogue.items.filter(key=item_key).first() if catalogue else None
        if item is None:
            row._fail("insats", _("no intervention with this key in the price list"))
    if row.errors and row.errors[-1].row == row.number:
        return
    assert decided_on and submitted_on and admitted_on and organisation and number is not None
    existing = (
        Decision.objects.filter(decided_on__year=decided_on.year, number=number)
        .select_related("application__case")
        .first()
    )
    if existing is not None:
        if existing.application.case.case_number != case_number:
            row._fail("beslutsnummer", _("this number is already used for another case"))
        else:
            report.skipped += 1
        return
    try:
        afterwards.paper_decision_enter(
            by=by,
            organisation=organisation,
            case_number=case_number,
            initials=initials,
            birth_year=birth_year or 0,
            gender=gender,
            admitted_on=admitted_on,
            kind=kind,
            submitted_on=submitted_on,
            decided_on=decided_on,
            outcome=outcome,
            motivation=motivation,
            period_start=period[0],
            period_end=period[1],
            children_count=children,
            item=item,
            quantity=quantity,
            unit_cost=unit_cost,
            granted_amount=granted_amount,
            number=number,
        )
    except ValidationError as exc:
        row._fail("—", " ".join(exc.messages))
        return
    report.created += 1


def _sort_number(values: dict[str, Any]) -> int:
    try:
        return int(str(values.get("beslutsnummer") or 0))
    except ValueError:
        return 0


def import_register(
    handle: IO[bytes],
    *,
    by: User,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import every row of the file, or nothing (see the module docstring)."""
    rows = read_rows(handle)
    report = ImportReport(rows=len(rows), dry_run=dry_run)
    # Rows in decision order, so that each year's numbers follow each other.
    rows.sort(key=lambda r: (str(r[1].get("beslutsdatum") or ""), _sort_number(r[1])))
    try:
        with transaction.atomic():
            for done, (number, values) in enumerate(rows, start=1):
                _import_row(_Row(number, values, report.errors), by, report)
                if progress is not None:
                    progress(done, len(rows))
            if report.errors or dry_run:
                raise _Rollback
    except _Rollback:
        pass
    report.errors.sort(key=lambda e: e.row)
    return report
