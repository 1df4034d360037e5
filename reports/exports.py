"""Exports of Tables 1–3 as XLSX, CSV and PDF — the same rows in every format.

Two safety rules apply to every cell:

* a text cell that a spreadsheet would read as a formula (starting with ``=``, ``+``,
  ``-``, ``@``, tab or carriage return) is prefixed with ``'`` so it stays text;
* an export meant for publication suppresses small counts (1 … threshold − 1, and the
  percentage next to them) so that no individual can be singled out, and says so.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from nsp.pdf import render_pdf
from reports.statistics import Statistics

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DEFAULT_THRESHOLD = 3
SUPPRESSED = "<{n}"

Cell = str | int | Decimal | None


def neutralise(value: Cell) -> Cell:
    """Text that a spreadsheet would evaluate becomes plain text; numbers pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass
class Sheet:
    title: str
    header: list[str]
    rows: list[list[Cell]] = field(default_factory=list)


@dataclass
class ExportOptions:
    publish: bool = False
    threshold: int = DEFAULT_THRESHOLD

    def small(self, n: int | None) -> bool:
        return self.publish and n is not None and 0 < n < self.threshold

    def count(self, n: int | None) -> Cell:
        return SUPPRESSED.format(n=self.threshold) if self.small(n) else n

    @property
    def notice(self) -> str:
        if not self.publish:
            return ""
        return _(
            "For publication: counts below %(n)s (and their percentages) are suppressed "
            "and shown as “<%(n)s”; case notes are left out."
        ) % {"n": self.threshold}


def sheets(stats: Statistics, options: ExportOptions) -> list[Sheet]:
    t1 = Sheet(
        _("Table 1"),
        [
            "",
            _("Received"),
            _("Granted"),
            _("of which partly"),
            _("Denied"),
            _("Pending"),
            _("More information requested"),
            _("Notes"),
        ],
    )
    c = options.count
    for r in stats.table1:
        notes = "" if options.publish else "; ".join(r.notes)
        t1.rows.append(
            [
                str(r.label),
                c(r.received),
                c(r.granted),
                c(r.partly),
                c(r.denied),
                c(r.pending),
                c(r.more_info),
                notes,
            ]
        )
    t2 = Sheet(_("Table 2"), [_("Stream"), _("Entry"), _("Date"), _("Amount (SEK)")])
    for s in stats.table2.streams:
        label = f"{s.label} ({s.period})"
        t2.rows.append([label, _("Allocation"), "", s.allocation])
        if not options.publish:
            for line in s.lines:
                t2.rows.append([label, line.label, line.when.isoformat(), line.amount])
        t2.rows.append([label, _("Transfers in"), "", s.transfers_in])
        t2.rows.append([label, _("Transfers out"), "", -s.transfers_out])
        t2.rows.append([label, _("Drawn by decisions"), "", -s.drawn])
        t2.rows.append([label, _("Remaining"), "", s.remaining])
    totals = stats.table2.totals
    t2.rows.append([_("Total"), _("Allocation"), "", totals["allocation"]])
    t2.rows.append([_("Total"), _("Remaining"), "", totals["remaining"]])
    t3 = Sheet(
        _("Table 3"),
        [_("Background"), _("Category"), _("Count"), _("Per cent of admitted individuals")],
    )
    t3.rows.append([_("Admitted individuals"), "", c(stats.table3.total), 100])
    for section in stats.table3.sections:
        for line in section.lines:
            pct: Cell = line.percent
            if options.small(line.count):
                pct = SUPPRESSED.format(n=options.threshold)
            t3.rows.append([str(section.label), str(line.label), c(line.count), pct])
    return [t1, t2, t3]


def _title(stats: Statistics) -> str:
    return _("Case-handling statistics %(period)s") % {"period": stats.period}


def to_csv(stats: Statistics, options: ExportOptions) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([neutralise(_title(stats))])
    if options.notice:
        writer.writerow([neutralise(options.notice)])
    for sheet in sheets(stats, options):
        writer.writerow([])
        writer.writerow([neutralise(sheet.title)])
        writer.writerow([neutralise(h) for h in sheet.header])
        for row in sheet.rows:
            writer.writerow([neutralise(v) for v in row])
    # A BOM so that Excel opens the Swedish letters correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(stats: Statistics, options: ExportOptions) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    first = True
    for sheet in sheets(stats, options):
        ws = book.active if first else book.create_sheet()
        first = False
        ws.title = sheet.title
        ws.append([neutralise(_title(stats))])
        if options.notice:
            ws.append([neutralise(options.notice)])
        ws.append([neutralise(h) for h in sheet.header])
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
        for row in sheet.rows:
            ws.append([neutralise(v) for v in row])
        for row_cells in ws.iter_rows():
            for cell in row_cells:
                # openpyxl itself treats any string starting with "=" as a formula.
                if isinstance(cell.value, str):
                    cell.data_type = "s"
        ws.column_dimensions["A"].width = 40
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_pdf(stats: Statistics, options: ExportOptions, context: dict[str, Any]) -> bytes:
    return render_pdf(
        "reports/pdf/statistics.html",
        {**context, "stats": stats, "options": options, "sheets": sheets(stats, options)},
    )
