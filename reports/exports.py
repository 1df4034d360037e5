"""Exports of Tables 1–3 as XLSX, CSV and PDF — the same rows in every format.

Two safety rules apply to every cell:

* a text cell that a spreadsheet would read as a formula (starting with ``=``, ``+``,
  ``-``, ``@``, tab or carriage return) is prefixed with ``'`` so it stays text;
* an export meant for publication goes through ``reports.publication.publish`` (small
  counts and the counts that would give them back by subtraction suppressed, notes and
  ledger lines left out) and says so.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from nsp.pdf import render_pdf
from reports.publication import publish
from reports.statistics import Statistics
from reports.suppression import MARK

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DEFAULT_THRESHOLD = 3

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

    @property
    def notice(self) -> str:
        if not self.publish:
            return ""
        return publication_notice(self.threshold)


def publication_notice(threshold: int) -> str:
    return _(
        "For publication: counts below %(n)s are suppressed, and so are further counts "
        "from which they could be worked out by subtraction; every suppressed count and "
        "its percentage is shown as “%(mark)s”. Case notes and ledger lines are left out."
    ) % {"n": threshold, "mark": MARK}


def prepared(stats: Statistics, options: ExportOptions) -> Statistics:
    """``stats`` as the options want them shown: suppressed for publication (once)."""
    if options.publish and stats.published is None:
        return publish(stats, options.threshold)
    return stats


def sheets(stats: Statistics, options: ExportOptions) -> list[Sheet]:
    stats = prepared(stats, options)
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
            _("Withdrawn"),
            _("Notes"),
        ],
    )
    for r in stats.table1:
        notes = "; ".join([r.written] * bool(r.written) + r.notes)
        label = f"– {r.label}" if r.sub else str(r.label)
        t1.rows.append(
            [
                label,
                r.received,
                r.granted,
                r.partly,
                r.denied,
                r.pending,
                r.more_info,
                r.withdrawn,
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
        [
            _("Background"),
            _("Category"),
            _("Count"),
            _("Per cent of the applications for admission"),
        ],
    )
    total = stats.table3.total
    t3.rows.append([_("Applications for admission"), "", total, MARK if total == MARK else 100])
    t3.rows.append([_("of which admitted"), "", stats.table3.admitted, ""])
    for section in stats.table3.sections:
        for line in section.lines:
            t3.rows.append([str(section.label), str(line.label), line.count, line.percent])
    return [t1, t2, t3]


def _title(stats: Statistics) -> str:
    return _("Case-handling statistics %(period)s") % {"period": stats.period}


def to_csv(stats: Statistics, options: ExportOptions) -> bytes:
    stats = prepared(stats, options)
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

    stats = prepared(stats, options)
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
    stats = prepared(stats, options)
    return render_pdf(
        "reports/pdf/statistics.html",
        {**context, "stats": stats, "options": options, "sheets": sheets(stats, options)},
    )
