"""Small-number suppression that subtraction cannot undo (primary + complementary).

A published table shows counts of people. A count from 1 to ``threshold − 1`` could
single someone out, so it is suppressed (*primary* suppression). That alone is not
enough: a table carries sums — Table 1's "received" is granted + denied + pending + …,
each of Table 3's sections adds up to the number of individuals — and an attacker who
subtracts the visible cells from the total gets the suppressed one back. So further
cells are suppressed (*complementary* suppression) until no protected cell can be
derived from the visible ones by any combination of the table's sums.

The model is pure arithmetic, independent of Django:

* ``cells``: every count of the table by id, the shown ones and the *hidden* ones — a
  count the table does not show but an attacker could compute, e.g. "fully granted" =
  granted − partly, or "no police report" = individuals − police report;
* ``groups``: the sums the table carries, ``total = part₁ + part₂ + …``;
* a cell is *protected* when it is suppressed, or hidden and small (1 … threshold − 1);
* a protected cell is *derivable* when its unit vector lies in the row space of the sums
  restricted to the unknown (suppressed or hidden) cells: exactly the values that some
  linear combination of the sums, with the visible cells put in, pins down. Checked with
  exact fractions (Gauss–Jordan elimination), so "derivable" is exact, not a heuristic.

``suppress`` adds complementary cells — in a sum that gives a protected cell away, the
smallest visible part (totals last, so the tables keep their totals where they can) —
until nothing protected is derivable. Zeros are never primary (no one to single out)
but can be complementary. Every suppressed cell is shown the same way (``MARK``), so
the reader cannot tell a small count from a complementary one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

MARK = ".."


@dataclass(frozen=True)
class Group:
    """``total = sum(parts)``."""

    total: str
    parts: tuple[str, ...]

    @property
    def cells(self) -> tuple[str, ...]:
        return (self.total, *self.parts)


@dataclass
class Table:
    cells: dict[str, int] = field(default_factory=dict)
    hidden: set[str] = field(default_factory=set)
    groups: list[Group] = field(default_factory=list)

    def add(self, cell: str, value: int, *, hidden: bool = False) -> str:
        if cell in self.cells and self.cells[cell] != value:
            raise ValueError(f"cell {cell} given two values")
        self.cells[cell] = value
        if hidden:
            self.hidden.add(cell)
        return cell

    def sum(self, total: str, parts: Iterable[str]) -> None:
        self.groups.append(Group(total, tuple(parts)))


def small(value: int, threshold: int) -> bool:
    return 0 < value < threshold


def _reduced(rows: list[list[Fraction]]) -> list[list[Fraction]]:
    """The reduced row echelon form (Gauss–Jordan over the rationals), zero rows dropped."""
    rank = 0
    width = len(rows[0]) if rows else 0
    for col in range(width):
        pivot = next((r for r in range(rank, len(rows)) if rows[r][col] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        lead = rows[rank][col]
        rows[rank] = [a / lead for a in rows[rank]]
        for r in range(len(rows)):
            if r != rank and rows[r][col] != 0:
                factor = rows[r][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[rank], strict=True)]
        rank += 1
    return rows[:rank]


def derivable(groups: Sequence[Group], unknown: set[str]) -> set[str]:
    """The unknown cells whose value the sums fix, whatever the other unknowns are: those
    whose unit vector lies in the row space of the sums restricted to the unknown cells —
    exactly the cells that are alone in a row of its reduced row echelon form (the
    coefficients of a combination equal its entries at the pivot columns)."""
    columns = sorted(unknown)
    index = {c: i for i, c in enumerate(columns)}
    matrix: list[list[Fraction]] = []
    for group in groups:
        row = [Fraction(0)] * len(columns)
        for cell, sign in ((group.total, 1), *((p, -1) for p in group.parts)):
            if cell in index:
                row[index[cell]] += sign
        if any(row):
            matrix.append(row)
    found = set()
    for row in _reduced(matrix):
        nonzero = [i for i, a in enumerate(row) if a != 0]
        if len(nonzero) == 1:
            found.add(columns[nonzero[0]])
    return found


def protected(table: Table, suppressed: set[str], threshold: int) -> set[str]:
    return suppressed | {c for c in table.hidden if small(table.cells[c], threshold)}


def suppress(table: Table, threshold: int) -> set[str]:
    """The shown cells to suppress: the small ones and enough others that none of them
    (nor a small hidden count) can be derived from what stays visible."""
    suppressed = {
        c for c, v in table.cells.items() if c not in table.hidden and small(v, threshold)
    }
    totals = {g.total for g in table.groups}
    while True:
        unknown = suppressed | table.hidden
        leaks = sorted(derivable(table.groups, unknown) & protected(table, suppressed, threshold))
        if not leaks:
            return suppressed
        leak = leaks[0]
        # The sums through the leaking cell, those with the fewest unknowns first.
        around = sorted(
            (g for g in table.groups if leak in g.cells),
            key=lambda g: sum(1 for c in g.cells if c in unknown),
        )
        pool = next(
            ([c for c in g.cells if c not in unknown] for g in around if set(g.cells) - unknown),
            [c for c in table.cells if c not in unknown],
        )
        if not pool:  # pragma: no cover - with everything unknown nothing is derivable
            return suppressed
        choice = min(pool, key=lambda c: (c in totals, table.cells[c], c))
        suppressed.add(choice)


def subtraction_attack(table: Table, visible: Mapping[str, int]) -> dict[str, int]:
    """What an attacker gets by repeated subtraction: any sum with one unknown cell gives
    that cell; repeat until nothing new. (The tests' independent check of ``suppress``.)"""
    known = dict(visible)
    changed = True
    while changed:
        changed = False
        for g in table.groups:
            missing = [c for c in g.cells if c not in known]
            if len(missing) != 1:
                continue
            cell = missing[0]
            parts = sum(known[p] for p in g.parts if p in known)
            known[cell] = parts if cell == g.total else known[g.total] - parts
            changed = True
    return known
