"""Publication suppression that subtraction cannot undo (issue 17 item 8).

The property tests build random tables of the shape of Tables 1 and 3 — a total, several
breakdowns of it, sub-counts of a part, flags with their complement hidden — and attack
the published table by repeated subtraction (``subtraction_attack``, written apart from
the solver ``suppress`` uses) and by exact linear algebra: no protected cell comes back.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reports.suppression import Table, derivable, protected, small, subtraction_attack, suppress


def _split(draw: st.DrawFn, total: int, parts: int) -> list[int]:
    cuts = sorted(draw(st.lists(st.integers(0, total), min_size=parts - 1, max_size=parts - 1)))
    bounds = [0, *cuts, total]
    return [b - a for a, b in pairwise(bounds)]


@st.composite
def tables(draw: st.DrawFn) -> Table:
    table = Table()
    total = draw(st.integers(0, 40))
    table.add("T", total)
    for b in range(draw(st.integers(1, 4))):  # breakdowns of the total (nationality, age…)
        values = _split(draw, total, draw(st.integers(2, 6)))
        cells = [table.add(f"b{b}.{i}", v) for i, v in enumerate(values)]
        table.sum("T", cells)
        if draw(st.booleans()):  # a part broken down further, one piece not shown
            part = cells[0]
            sub = _split(draw, table.cells[part], 2)
            shown = table.add(f"{part}.shown", sub[0])
            rest = table.add(f"{part}.rest", sub[1], hidden=True)
            table.sum(part, [shown, rest])
    for f in range(draw(st.integers(0, 3))):  # flags: n of the total, the rest not shown
        n = draw(st.integers(0, total))
        table.add(f"f{f}", n)
        table.add(f"f{f}.rest", total - n, hidden=True)
        table.sum("T", [f"f{f}", f"f{f}.rest"])
    return table


THRESHOLDS = st.integers(2, 6)


def _rank(rows: list[list[Fraction]]) -> int:
    rows = [list(r) for r in rows]
    rank = 0
    for col in range(len(rows[0]) if rows else 0):
        pivot = next((r for r in range(rank, len(rows)) if rows[r][col] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for r in range(rank + 1, len(rows)):
            factor = rows[r][col] / rows[rank][col]
            rows[r] = [a - factor * b for a, b in zip(rows[r], rows[rank], strict=True)]
        rank += 1
    return rank


def derivable_by_rank(table: Table, unknown: set[str]) -> set[str]:
    """A second, independent exact check: a cell is fixed when adding its unit row does not
    raise the rank of the sums over the unknown cells."""
    columns = sorted(unknown)
    matrix = []
    for g in table.groups:
        row = [Fraction(0)] * len(columns)
        for i, c in enumerate(columns):
            row[i] += (c == g.total) - sum(1 for p in g.parts if p == c)
        matrix.append(row)
    base = _rank(matrix)
    return {
        c
        for i, c in enumerate(columns)
        if _rank([*matrix, [Fraction(int(i == j)) for j in range(len(columns))]]) == base
    }


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(), THRESHOLDS)
def test_subtraction_gives_back_no_suppressed_cell(table: Table, threshold: int) -> None:
    hidden = suppress(table, threshold)
    visible = {c: v for c, v in table.cells.items() if c not in hidden and c not in table.hidden}
    known = subtraction_attack(table, visible)
    for cell in protected(table, hidden, threshold):
        assert cell not in known, f"{cell} = {table.cells[cell]} derived by subtraction"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(), THRESHOLDS)
def test_no_combination_of_the_sums_gives_back_a_suppressed_cell(
    table: Table, threshold: int
) -> None:
    hidden = suppress(table, threshold)
    unknown = hidden | table.hidden
    assert derivable(table.groups, unknown) == derivable_by_rank(table, unknown)
    assert not derivable_by_rank(table, unknown) & protected(table, hidden, threshold)
    # Every small shown count is suppressed, and nothing visible is small.
    for cell, value in table.cells.items():
        if cell not in table.hidden and small(value, threshold):
            assert cell in hidden


def test_the_issue_example_total_minus_visible_cells() -> None:
    """Issue 17 item 8: total 4, one breakdown 3 + 1 + 0 — suppressing the 1 alone is
    undone by 4 − 3 − 0; a complementary cell must go too."""
    table = Table()
    table.add("T", 4)
    cells = [table.add(c, v) for c, v in (("Sverige", 3), ("Italien", 1), ("Guinea", 0))]
    table.sum("T", cells)
    hidden = suppress(table, 3)
    assert "Italien" in hidden and len(hidden) >= 2
    visible = {c: v for c, v in table.cells.items() if c not in hidden}
    assert "Italien" not in subtraction_attack(table, visible)


def test_a_hidden_small_rest_is_protected_too() -> None:
    """Police report made 4 of 5: the one without is as identifying as a shown 1."""
    table = Table()
    table.add("T", 5)
    table.add("police", 4)
    table.add("police.rest", 1, hidden=True)
    table.sum("T", ["police", "police.rest"])
    assert suppress(table, 3) == {"police"}


@pytest.mark.parametrize("threshold", [2, 3, 5])
def test_nothing_is_suppressed_when_nothing_is_small(threshold: int) -> None:
    table = Table()
    table.add("T", 20)
    table.sum("T", [table.add("a", 10), table.add("b", 10)])
    assert suppress(table, threshold) == set()
