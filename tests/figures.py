"""A pytest plugin that prints the suite's security figures in the terminal summary.

Tests report a figure with ``record_property(name, value)``; the values travel with the
test reports to the xdist controller (which loads only the top conftest, where this plugin
is registered) and are printed as one block at the end of ``make test``:

* ``access_cells``   — URL × persona cells checked by the access walk (sum);
* ``foreign_id_fields`` / ``foreign_id_posts`` — form and API body fields that take an id,
  posted by actor B and the outsider with actor A's ids (tests/nsp/test_foreign_ids.py);
* ``access_logged_routes`` — personal-data routes checked to write an access-log row;
* ``fuzz_inputs``    — hostile inputs posted to forms and JSON endpoints (sum);
* ``deploy_findings`` — findings of ``manage.py check --deploy`` (last value);
* ``schemathesis_requests`` — requests generated from the OpenAPI schema (sum);
* ``state_machine_steps`` — service steps the programme's state machine ran (issue 15);
* ``a11y_pages`` / ``a11y_failing`` — pages the personas reached that were checked with
  axe-core and at 375 px, and those with a serious/critical violation or too wide (sums).
"""

from __future__ import annotations

from typing import Any

import pytest

SUMMED = (
    "access_cells",
    "access_logged_routes",
    "foreign_id_fields",
    "foreign_id_posts",
    "race_transitions",
    "fuzz_inputs",
    "schemathesis_requests",
    "a11y_pages",
    "a11y_failing",
    "state_machine_steps",
)
_TOTALS: dict[str, int] = {}
_TESTS: dict[str, int] = {}
_SEEN: set[str] = set()
_PRINTED: list[bool] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when != "call" or report.nodeid in _SEEN:
        return
    names: set[str] = set()
    for name, value in report.user_properties:
        if name in SUMMED:
            _TOTALS[name] = _TOTALS.get(name, 0) + int(value)
            names.add(name)
        elif name in ("deploy_findings", "fuzz_seed"):
            _TOTALS[name] = int(value)
            names.add(name)
    for name in names:  # tests (endpoints, for the fuzzing) that reported each figure
        _TESTS[name] = _TESTS.get(name, 0) + 1
    if names:
        _SEEN.add(report.nodeid)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not _TOTALS or _PRINTED:
        return
    _PRINTED.append(True)
    lines = {
        "access_cells": "access walk: {v} URL × persona cells checked, no leak",
        "foreign_id_posts": "foreign ids: {v} posts of actor A's ids in the bodies of actor B's "
        "and the outsider's forms and API writes, each refused, nothing changed",
        "foreign_id_fields": "foreign ids: {v} (field × poster) pairs that take an id, "
        "discovered from the pages' forms and the API schema",
        "access_logged_routes": "access log: {v} personal-data routes write a row when read",
        "fuzz_inputs": "fuzzed {v} inputs on {n} form/API endpoints",
        "schemathesis_requests": "schemathesis: {v} requests generated from the schema",
        "fuzz_seed": "fuzz seed: {v} (NSP_FUZZ_SEED={v} repeats the generated requests)",
        "race_transitions": "races: {v} state transitions raced by two connections, each once",
        "deploy_findings": "manage.py check --deploy: {v} findings",
        "a11y_pages": "accessibility: {v} pages checked (axe-core, 375 px) by six personas",
        "a11y_failing": "accessibility: {v} pages with serious/critical violations or too wide",
        "state_machine_steps": "state machine: {v} service steps, every invariant checked "
        "after each step",
    }
    terminalreporter.write_sep("-", "security figures")
    for name, template in lines.items():
        if name in _TOTALS:
            terminalreporter.write_line(template.format(v=_TOTALS[name], n=_TESTS.get(name, 0)))
