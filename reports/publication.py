"""Tables 1–3 made fit for publication: every output that can be published (the
statistics page, XLSX, CSV, PDF, the programme report and the API) passes through
``publish`` when "for publication" is chosen, so they all show the same suppressed cells.

* counts of 1 … threshold − 1 and enough further counts that none of them can be derived
  from the tables' sums are replaced by ``suppression.MARK`` (``reports.suppression``);
* a percentage goes with its count, and all of Table 3's when its base is suppressed
  (count ≈ percentage × base would give the base back);
* the generated notes (case numbers) and Table 2's ledger lines (a draw per case number)
  are left out; the coordinator's own "Beslutsunderlag", written for publication, stays.
"""

from __future__ import annotations

import copy
from dataclasses import replace

from reports.statistics import Statistics, Table1Row
from reports.statistics_table1 import COLUMNS
from reports.suppression import MARK, Table, suppress

# Table 3's sections whose lines add up to the number of individuals.
PARTITIONS = frozenset({"nationality", "gender", "age", "trafficking"})
# Sections whose lines are each "n of the individuals" (the rest, not shown, is derivable).
FLAGS = frozenset({"children", "police"})
KIND_ROWS = frozenset({"rest_30", "integration_90", "intervention", "reconsideration"})
ADMISSION_SPLIT = ("admission_housed", "admission_new", "admission_unstated")


def _t1(key: str, column: str) -> str:
    return f"t1.{key}.{column}"


def model(stats: Statistics) -> Table:
    """The cells of Tables 1 and 3 and the sums between them (Table 3's base and admitted
    are the same cells as Table 1's admission received and granted)."""
    table = Table()
    rows = {r.key: r for r in stats.table1}
    for r in stats.table1:
        for column in COLUMNS:
            value = getattr(r, column)
            if isinstance(value, int):
                table.add(_t1(r.key, column), value)
        if r.key in KIND_ROWS:
            parts = ["granted", "denied", "pending", "more_info", "withdrawn"]
            table.sum(_t1(r.key, "received"), [_t1(r.key, p) for p in parts])
            assert isinstance(r.granted, int) and isinstance(r.partly, int)
            fully = table.add(_t1(r.key, "fully"), r.granted - r.partly, hidden=True)
            table.sum(_t1(r.key, "granted"), [_t1(r.key, "partly"), fully])
    admission = rows.get("admission")
    if admission is not None:
        parts = ["granted", "denied", "pending", "withdrawn"]
        table.sum(_t1("admission", "received"), [_t1("admission", p) for p in parts])
        split = [_t1(k, "received") for k in ADMISSION_SPLIT if k in rows]
        table.sum(_t1("admission", "received"), split)
    t3 = stats.table3
    base = table.add(_t1("admission", "received"), _int(t3.total))
    table.add(_t1("admission", "granted"), _int(t3.admitted))
    for section in t3.sections:
        cells = [
            table.add(f"t3.{section.key}.{i}", _int(line.count))
            for i, line in enumerate(section.lines)
        ]
        if section.key in PARTITIONS:
            table.sum(base, cells)
        elif section.key in FLAGS:
            for i, cell in enumerate(cells):
                rest = table.add(
                    f"t3.{section.key}.{i}.rest", _int(t3.total) - table.cells[cell], hidden=True
                )
                table.sum(base, [cell, rest])
    return table


def _int(value: object) -> int:
    assert isinstance(value, int), "publish() takes the computed statistics, once"
    return value


def publish(stats: Statistics, threshold: int) -> Statistics:
    """A copy of ``stats`` with the suppressed cells replaced by ``MARK``."""
    table = model(stats)
    hidden = suppress(table, threshold)
    out = copy.deepcopy(stats)
    out.published = threshold

    def cell(cell_id: str, value: object) -> object:
        return MARK if cell_id in hidden else value

    table1: list[Table1Row] = []
    for r in out.table1:
        changes = {c: cell(_t1(r.key, c), getattr(r, c)) for c in COLUMNS}
        table1.append(replace(r, notes=[], **changes))  # type: ignore[arg-type]
    out.table1 = table1
    t3 = out.table3
    base_hidden = _t1("admission", "received") in hidden
    t3.total = MARK if base_hidden else t3.total
    t3.admitted = MARK if _t1("admission", "granted") in hidden else t3.admitted
    for section in t3.sections:
        for i, line in enumerate(section.lines):
            if f"t3.{section.key}.{i}" in hidden:
                line.count = MARK
                line.percent = MARK if line.percent is not None else None
            elif base_hidden and line.percent is not None:
                line.percent = MARK
    for stream in out.table2.streams:
        stream.lines = []
    return out
