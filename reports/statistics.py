"""Tables 1–3 of the appendix "Statistik ärendehantering" for any date range.

Every count and sum is computed by PostgreSQL (``Count``/``Sum`` with ``filter=Q``,
``cardinality``/``unnest`` for the array columns); Python only arranges the rows. The
date range is inclusive at both ends. Table 3's percentages are of the admission
applications received in the range (seed 002, Tabell 3), rounded half up to whole per
cent (3 of 7 → 43 %), as in the seed.

The three tables take five queries whatever the data size, notes or not: inquiries; one
pass over the admission applications (Table 1's admission row and Table 3's flags of the
same individuals, ``case_counts``); the funding applications grouped by kind (their notes
aggregated in the same query); the budget streams with totals and ledgers; and Table 3's
distributions (``GROUPING SETS`` over the same individuals, with the countries of
exploitation).
"""

from __future__ import annotations

from dataclasses import dataclass

from reports.statistics_common import DateRange, case_counts, percent
from reports.statistics_table1 import Table1Row, table1
from reports.statistics_table2 import Table2, Table2Stream, table2
from reports.statistics_table3 import AGE_BANDS, UNDER_18, Table3, Table3Line, Table3Section, table3

__all__ = [
    "AGE_BANDS",
    "UNDER_18",
    "DateRange",
    "Statistics",
    "Table1Row",
    "Table2",
    "Table2Stream",
    "Table3",
    "Table3Line",
    "Table3Section",
    "percent",
    "statistics",
    "table1",
    "table2",
    "table3",
]


@dataclass
class Statistics:
    period: DateRange
    table1: list[Table1Row]
    table2: Table2
    table3: Table3
    # The threshold when made fit for publication (``reports.publication.publish``).
    published: int | None = None


def statistics(period: DateRange, *, notes: bool = True) -> Statistics:
    """Tables 1–3 in five queries (the cases are read once for Tables 1 and 3)."""
    cases = case_counts(period, notes=notes)
    return Statistics(
        period,
        table1(period, notes=notes, cases=cases),
        table2(period),
        table3(period, cases=cases),
    )
