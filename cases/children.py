"""The initial assessment's children become the case's children (issue 19).

Seed 002, NSP/IB/Dok.01: "Har den sökande minderåriga barn? Ange var barnet/barnen finns,
kön, ålder etc." — and Table 3 counts the children "Medföljande" and "I hemlandet". The
children listed in the assessment (edition 3 2026, item type "children") are written as
``Child`` rows when the assessment is submitted, so nobody types them twice.
"""

from __future__ import annotations

from typing import Any

from cases import questionnaire
from cases.models import Case, CaseDocument, Child
from nsp.accounts.models import User


def children_from_assessment(*, case: Case, document: CaseDocument, by: User) -> int:
    """Create or update the case's children from the submitted assessment's list.

    Idempotent: row *n* of the list is always the same child (``Child.assessment_row``),
    so submitting again (or a correction) updates it; a row removed by a correction
    removes its child. Children added on the case page are left alone. The caller holds
    the case row locked. Returns the number of children listed.
    """
    keys = [
        item["key"]
        for _s, item in questionnaire.iter_items(document.questionnaire.definition)
        if item["type"] == "children"
    ]
    if not keys:
        return 0  # an edition without the list: the children are recorded on the case page
    rows: list[dict[str, Any]] = [
        row for key in keys for row in document.answers.get(key) or [] if isinstance(row, dict)
    ]
    listed = {c.assessment_row: c for c in case.children.filter(assessment_row__isnull=False)}
    for number, row in enumerate(rows, start=1):
        child = listed.pop(number, None) or Child(case=case, assessment_row=number)
        child.age = int(row["age"])
        child.gender = str(row["gender"])
        child.location = str(row["location"])
        child._history_user = by  # type: ignore[attr-defined]
        child.full_clean()
        child.save()
    for gone in listed.values():  # rows a correction removed
        gone._history_user = by  # type: ignore[attr-defined]
        gone.delete()
    return len(rows)
