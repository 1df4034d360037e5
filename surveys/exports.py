"""The survey's answers side by side as XLSX (openpyxl) and CSV: one row per question, one
column per actor that submitted — the page's table. Text a spreadsheet would read as a
formula is neutralised (``reports.exports.neutralise``)."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from reports.exports import neutralise
from surveys.selectors import SideBySide

TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def table(data: SideBySide) -> list[list[str]]:
    header = [_("Question"), *[r.organisation.name for r in data.responses]]
    rows = [[row.label, *row.answers] for row in data.rows]
    submitted = [
        _("Submitted"),
        *[f"{r.submitted_at:%Y-%m-%d}" if r.submitted_at else "" for r in data.responses],
    ]
    return [[str(neutralise(c)) for c in line] for line in [header, *rows, submitted]]


def to_csv(data: SideBySide) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerows(table(data))
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel reads the å, ä, ö


def to_xlsx(data: SideBySide) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = str(data.survey.year)
    for line in table(data):
        ws.append(line)
    for row_cells in ws.iter_rows():
        for cell in row_cells:
            cell.data_type = "s"  # openpyxl treats any string starting with "=" as a formula
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.column_dimensions["A"].width = 50
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def render(data: SideBySide, fmt: str) -> bytes:
    return to_xlsx(data) if fmt == "xlsx" else to_csv(data)
