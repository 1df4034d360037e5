"""A pytest plugin: sum the fuzz tests' input counts (``record_property("fuzz_inputs")``)
and print "fuzzed N inputs" in the terminal summary.

It is registered by ``tests/conftest.py`` (``pytest_configure``), not as a conftest of
``tests/privacy``: under xdist the controller, which prints the summary, loads only the
top conftest; the counts travel to it with each test report.
"""

from __future__ import annotations

from typing import Any

import pytest

_FUZZED: dict[str, int] = {"inputs": 0, "urls": 0}
_SEEN: set[str] = set()
_PRINTED: list[bool] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when != "call" or report.nodeid in _SEEN:
        return
    counts = [int(value) for name, value in report.user_properties if name == "fuzz_inputs"]
    if counts:
        _SEEN.add(report.nodeid)
        _FUZZED["inputs"] += sum(counts)
        _FUZZED["urls"] += 1


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _FUZZED["urls"] and not _PRINTED:
        _PRINTED.append(True)
        terminalreporter.write_line(
            f"fuzzed {_FUZZED['inputs']} inputs on {_FUZZED['urls']} form/API endpoints"
        )
