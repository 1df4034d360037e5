"""Benchmarks and load tests; run them with ``make bench`` and ``make load``."""
