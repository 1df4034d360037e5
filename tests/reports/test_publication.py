"""Publication suppression on every output that can be published (issue 17 item 8):
the statistics page, XLSX, CSV, PDF, the programme report (page and PDF) and the API
all show the same suppressed cells, and none of them can be recovered by subtraction."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cases.choices import CaseStatus
from nsp.accounts.models import Organisation, User
from reports.publication import model, publish
from reports.statistics import statistics
from reports.suppression import MARK, derivable, protected, subtraction_attack
from tests.conftest import login
from tests.pdftext import pdf_text
from tests.reports.factories import PERIOD, build, case

PUBLISH = {"start": "2026-03-01", "end": "2026-08-24", "publish": "on", "threshold": "3"}


@pytest.fixture
def world(org_a: Organisation, coordinator: User, staff_a: User) -> Any:
    world = build(org_a, coordinator, staff_a)
    # One applicant of a nationality no one else has: 5 applications, Nigeria 4 + 1.
    case(org_a, status=CaseStatus.APPLIED, applied_on=PERIOD.start, nationality="Guinea")
    return world


def test_the_published_tables_give_back_nothing_by_subtraction(world: Any) -> None:
    stats = statistics(PERIOD)
    table = model(stats)
    published = publish(stats, 3)
    shown = model_values(published)
    suppressed = {cell for cell, value in shown.items() if value == MARK}
    visible = {c: v for c, v in table.cells.items() if c not in suppressed | table.hidden}
    known = subtraction_attack(table, visible)
    assert suppressed
    for cell in protected(table, suppressed, 3):
        assert cell not in known
    assert not derivable(table.groups, suppressed | table.hidden) & protected(table, suppressed, 3)


def model_values(published: Any) -> dict[str, object]:
    """The published cells by the ids ``reports.publication.model`` gives them."""
    from reports.statistics_table1 import COLUMNS

    values: dict[str, object] = {}
    for r in published.table1:
        for column in COLUMNS:
            if getattr(r, column) is not None:
                values[f"t1.{r.key}.{column}"] = getattr(r, column)
    values["t1.admission.received"] = published.table3.total
    values["t1.admission.granted"] = published.table3.admitted
    for section in published.table3.sections:
        for i, line in enumerate(section.lines):
            values[f"t3.{section.key}.{i}"] = line.count
    return values


def test_every_publishable_output_suppresses_the_same_cells(world: Any, coordinator: User) -> None:
    client = login(coordinator)
    page = client.get(reverse("reports:statistics"), PUBLISH).content.decode()
    report = client.get(reverse("reports:programme_report"), PUBLISH).content.decode()
    csv = client.get(reverse("reports:statistics_export", args=["csv"]), PUBLISH)
    xlsx = client.get(reverse("reports:statistics_export", args=["xlsx"]), PUBLISH)
    pdf = client.get(reverse("reports:statistics_export", args=["pdf"]), PUBLISH)
    report_pdf = client.get(reverse("reports:programme_report_pdf"), PUBLISH)
    api = client.get(reverse("api:statistics"), PUBLISH).json()

    # "Guinea 1" and the "Nigeria 4" that would give it back (5 − 4) are suppressed.
    nationality = next(s for s in api["table3"]["sections"] if s["key"] == "nationality")
    assert {line["label"]: line["count"] for line in nationality["lines"]} == {
        "Nigeria": MARK,
        "Guinea": MARK,
    }
    assert api["published_threshold"] == 3
    assert all(not row["notes"] for row in api["table1"])
    assert all(not s["entries"] for s in api["table2"]["streams"])
    for body in (page, report):
        assert 'Guinea</td><td class="num">..</td>' in body
        assert world.a1.case_number not in body
    csv_text = csv.content.decode("utf-8-sig")
    assert "Nationalitet;Guinea;..;.." in csv_text and world.a1.case_number not in csv_text
    book = load_workbook(io.BytesIO(xlsx.content))
    rows = [[c.value for c in row] for row in book.worksheets[2].iter_rows()]
    assert ["Nationalitet", "Guinea", MARK, MARK] in rows
    for document in (pdf.content, report_pdf.content):
        text = pdf_text(document)
        assert "Guinea" in text and world.a1.case_number not in text


def test_without_publish_the_coordinator_sees_the_counts(world: Any, coordinator: User) -> None:
    query = {k: v for k, v in PUBLISH.items() if k != "publish"}
    api = login(coordinator).get(reverse("api:statistics"), query).json()
    nationality = next(s for s in api["table3"]["sections"] if s["key"] == "nationality")
    assert {line["label"]: line["count"] for line in nationality["lines"]} == {
        "Nigeria": 4,
        "Guinea": 1,
    }
