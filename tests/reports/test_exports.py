"""XLSX/CSV/PDF exports: same rows, formulas neutralised, small counts suppressed."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from cases.choices import CaseStatus
from nsp.accounts.models import Organisation, User
from reports.exports import ExportOptions, neutralise, to_csv, to_xlsx
from reports.statistics import statistics
from tests.reports.factories import PERIOD, build, case

EVIL = '=HYPERLINK("http://x","y")'


@pytest.fixture
def stats(org_a: Organisation, coordinator: User, staff_a: User):  # type: ignore[no-untyped-def]
    build(org_a, coordinator, staff_a)
    case(
        org_a,
        status=CaseStatus.ADMITTED,
        applied_on=PERIOD.start,
        admitted_on=PERIOD.start,
        nationality=EVIL,
    )
    return statistics(PERIOD)


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1+cmd", "@SUM(A1)", "\tx", "\rx"])
def test_it_neutralises_formula_text(text: str) -> None:
    assert neutralise(text) == "'" + text


def test_it_leaves_numbers_and_plain_text_alone() -> None:
    assert neutralise(-45000) == -45000
    assert neutralise("Nigeria") == "Nigeria"
    assert neutralise(None) is None


def test_csv_neutralises_cells(stats) -> None:  # type: ignore[no-untyped-def]
    text = to_csv(stats, ExportOptions()).decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert ";=HYPERLINK" not in text and "\n=HYPERLINK" not in text


def test_xlsx_neutralises_cells_and_keeps_them_text(stats) -> None:  # type: ignore[no-untyped-def]
    book = load_workbook(io.BytesIO(to_xlsx(stats, ExportOptions())))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    evil = [c for c in cells if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert evil and all(c.value.startswith("'=") and c.data_type == "s" for c in evil)
    assert not any(c.data_type == "f" for c in cells)
    assert [ws.title for ws in book.worksheets] == ["Tabell 1", "Tabell 2", "Tabell 3"] or len(
        book.worksheets
    ) == 3


def _nationality_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("Nationalitet;")]


def test_publication_suppresses_small_counts_and_what_would_give_them_back(stats) -> None:  # type: ignore[no-untyped-def]
    """Issue 17 item 8: five applications, Nationalitet Nigeria 4 and one other. Hiding
    the 1 alone is undone by 5 − 4, so Nigeria is suppressed too; a suppressed count and
    its percentage look the same whichever the reason (".."); case notes are left out."""
    public = to_csv(stats, ExportOptions(publish=True)).decode("utf-8-sig")
    internal = to_csv(stats, ExportOptions()).decode("utf-8-sig")
    assert ";..;" not in internal
    nationality = _nationality_lines(public)
    assert len(nationality) == 2 and all(line.endswith(";..;..") for line in nationality)
    assert "NSP" not in public
    assert ExportOptions(publish=True).notice in public


def test_the_threshold_is_configurable(stats) -> None:  # type: ignore[no-untyped-def]
    three = to_csv(stats, ExportOptions(publish=True, threshold=3)).decode("utf-8-sig")
    six = to_csv(stats, ExportOptions(publish=True, threshold=6)).decode("utf-8-sig")
    # Five applications for admission: shown below 6 only when the threshold is 3.
    assert "Antal ansökningar om tillträde;;5;100" in three
    assert "Antal ansökningar om tillträde;;..;.." in six
    assert "6" in ExportOptions(publish=True, threshold=6).notice
