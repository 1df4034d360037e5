"""``make bench``: measure on a separate database and print ONE line of JSON.

    python -m bench.run            # normal run (about a minute on 2 cores)
    python -m bench.run --quick    # fewer repetitions (smoke test)
    python -m bench.run --fresh    # drop and recreate nsp_bench first

Steps: 1. create/migrate/seed ``nsp_bench`` (``bench.db.prepare``); 2. start Django on
it with ``bench.settings`` (DEBUG off); 3. run the ``bench.domain`` measurements (one per
target of docs/PERFORMANCE.md); 4. print the figures with the date and the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # also runnable as ``python bench/run.py``
    sys.path.insert(0, str(ROOT))


def machine() -> dict[str, Any]:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    except (OSError, StopIteration):
        mem_kb = 0
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "mem_gib": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--fresh", action="store_true", help="recreate the bench database")
    parser.add_argument(
        "--queries-only", action="store_true", help="print the pages' query counts only"
    )
    args = parser.parse_args(argv)

    from bench import db

    cases = int(os.environ.get("BENCH_CASES", "100000"))  # bench.domain.bench_cases
    url = db.prepare(fresh=args.fresh, cases=cases)
    os.environ.update({"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": db.SETTINGS, "DEBUG": "0"})
    import django

    django.setup()
    from django.db import connection

    from bench import domain

    if connection.settings_dict["NAME"] != db.BENCH_DATABASE:
        raise SystemExit(f"refusing to measure on {connection.settings_dict['NAME']}")

    if args.queries_only:
        print(json.dumps(domain.page_queries()))
        return 0

    scale = 0.1 if args.quick else 1.0
    figures: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "database": db.BENCH_DATABASE,
        "quick": args.quick,
    }
    for measurement in domain.MEASUREMENTS:
        figures.update(measurement(scale))
    print(json.dumps(figures, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
