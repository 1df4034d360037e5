"""Small timing helpers: medians of wall-clock time, in milliseconds."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def paired_p50_ms(
    a: Callable[[], object], b: Callable[[], object], *, runs: int, warmup: int = 5
) -> tuple[float, float]:
    """Medians of ``a`` and ``b`` measured interleaved, so drift hits both alike."""
    for _ in range(warmup):
        a()
        b()
    samples_a, samples_b = [], []
    for _ in range(runs):
        start = time.perf_counter()
        a()
        samples_a.append(time.perf_counter() - start)
        start = time.perf_counter()
        b()
        samples_b.append(time.perf_counter() - start)
    return (
        round(statistics.median(samples_a) * 1000, 3),
        round(statistics.median(samples_b) * 1000, 3),
    )


def ratio(numerator: float, denominator: float) -> float:
    return round(numerator / denominator, 2) if denominator else float("nan")
