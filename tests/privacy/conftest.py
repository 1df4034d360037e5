"""Sum the fuzz tests' input counts (recorded with ``record_property``) in the summary.

Works under xdist: the properties travel with each test report to the controller.
"""

from __future__ import annotations

from typing import Any

import pytest

_FUZZED: dict[str, int] = {"inputs": 0, "urls": 0}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when != "call":
        return
    counts = [int(value) for name, value in report.user_properties if name == "fuzz_inputs"]
    if counts:
        _FUZZED["inputs"] += sum(counts)
        _FUZZED["urls"] += 1


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _FUZZED["urls"]:
        terminalreporter.write_line(
            f"fuzzed {_FUZZED['inputs']} inputs on {_FUZZED['urls']} form/API endpoints"
        )
