"""Access-log rows for the aggregate pages that name cases (issue 17, item 7).

The statistics (page, exports, API), the programme report and the actor report show the
case numbers behind their figures (Table 1's notes, the actor report's list of cases). A
case number is personal data, so each of these reads writes one list row naming the cases
it showed (``log_list_access``), as every other list does; the page's own row (on the
user or the organisation) stays.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import fields, is_dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.functional import Promise

from cases.models import Case
from nsp.audit.access import log_list_access

# The case-number format of cases.services (NSP001, NSP1234, …).
CASE_NUMBER = re.compile(r"\bNSP\d{3,}\b")


def case_numbers_in(value: Any, depth: int = 6) -> set[str]:
    """The case numbers anywhere in what a page shows: the text of a Statistics object's
    tables (Table 1's notes, Table 2's ledger lines…), searched through its dataclasses,
    lists and dicts."""
    found: set[str] = set()
    if isinstance(value, str):
        found.update(CASE_NUMBER.findall(value))
    elif depth <= 0 or value is None or isinstance(value, (int, float, Decimal, date)):
        pass
    elif is_dataclass(value) and not isinstance(value, type):
        for item in fields(value):
            found |= case_numbers_in(getattr(value, item.name), depth - 1)
    elif isinstance(value, dict):
        for item in value.values():
            found |= case_numbers_in(item, depth - 1)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            found |= case_numbers_in(item, depth - 1)
    elif isinstance(value, Promise):
        found.update(CASE_NUMBER.findall(str(value)))
    elif hasattr(value, "__dict__"):  # plain objects (the ledger's lines)
        for item in vars(value).values():
            found |= case_numbers_in(item, depth - 1)
    return found


def log_cases_shown(request: HttpRequest, numbers: Iterable[str]) -> None:
    """One list row naming the cases behind the numbers shown (none: no row)."""
    wanted = sorted({n for n in numbers if n})
    if not wanted:
        return
    log_list_access(request, Case.objects.filter(case_number__in=wanted).order_by("pk"), Case)
