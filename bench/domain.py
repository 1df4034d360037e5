"""Measurements that need the domain apps; added here as the apps land.

Pending (docs/PERFORMANCE.md lists their targets):

* ``case_pages(scale)`` — case list and case detail p50 for an actor's staff and for the
  coordinator, each divided by ``hello_p50_ms``;
* ``queries_per_page(scale)`` — SQL queries of the case list, case detail, decision list
  and dashboard at 100 and at 100 000 cases (``python -m bench.seed --cases N``): the
  counts must not grow with the data;
* ``statistics_vs_sql(scale)`` — the statistics page's figures p50 divided by the same
  figures from one hand-written SQL query.

Each is a function ``(scale) -> dict`` appended to ``MEASUREMENTS`` below, so ``make
bench`` keeps printing one JSON line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

MEASUREMENTS: list[Callable[[float], dict[str, Any]]] = []
PENDING = ["case_pages", "queries_per_page", "statistics_vs_sql"]
