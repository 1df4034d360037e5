"""Table 2: the budget streams of the periods overlapping the range."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Sum,
    Window,
)
from django_stubs_ext import StrOrPromise

from funding.choices import Stream
from funding.ledger import ledger_lines, with_ledger
from funding.selectors import streams_with_totals
from reports.statistics_common import DateRange


@dataclass
class Table2Stream:
    stream: str
    label: StrOrPromise
    period: str
    allocation: Decimal
    transfers_in: Decimal
    transfers_out: Decimal
    drawn: Decimal
    remaining: Decimal
    lines: list[Any] = field(default_factory=list)


@dataclass
class Table2:
    streams: list[Table2Stream]
    totals: dict[str, Decimal]


def table2(period: DateRange) -> Table2:
    """Per budget stream of the budget periods overlapping the range: allocation, each draw
    by case number and each transfer (``funding.ledger.with_ledger``), remaining, and
    the totals over the streams (window sums) — all in one query. The arithmetic is
    ``funding.selectors.streams_with_totals`` — one definition of "remaining" for the whole
    project."""
    qs = streams_with_totals().filter(
        period__starts_on__lte=period.end, period__ends_on__gte=period.start
    )
    fields = ["allocation", "in_total", "out_total", "drawn", "remaining"]
    # Window names must differ from the annotations they sum.
    qs = with_ledger(qs).annotate(**{f"sum_{f}": Window(Sum(f)) for f in fields})
    order = {value: i for i, value in enumerate(Stream.values)}
    rows = sorted(qs, key=lambda s: (s.period.starts_on, order.get(s.stream, 9)))
    streams = [
        Table2Stream(
            stream=s.stream,
            label=Stream(s.stream).label,
            period=s.period.name,
            allocation=s.allocation,
            transfers_in=s.in_total,  # type: ignore[attr-defined]
            transfers_out=s.out_total,  # type: ignore[attr-defined]
            drawn=s.drawn,  # type: ignore[attr-defined]
            remaining=s.remaining,  # type: ignore[attr-defined]
            lines=ledger_lines(s),
        )
        for s in rows
    ]
    names = ["allocation", "transfers_in", "transfers_out", "drawn", "remaining"]
    totals = {
        name: getattr(rows[0], f"sum_{f}") if rows else Decimal("0")
        for name, f in zip(names, fields, strict=True)
    }
    return Table2(streams=streams, totals=totals)
