"""Fill the bench database with N synthetic cases: ``python -m bench.seed --cases N``.

Runs ``manage.py seed_demo --cases N`` on ``nsp_bench`` (never the development database):
the demo data, then N synthetic cases (children, plan items) with their applications and
decisions (``funding/synthetic.py``), every row with its history row. The seeders print
their progress per batch of 1 000.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Seed the bench database with N cases.")
    parser.add_argument("--cases", type=int, required=True)
    parser.add_argument("--fresh", action="store_true", help="recreate the bench database")
    args = parser.parse_args(argv)

    from bench import db

    started = time.perf_counter()
    print(f"Seeding {db.BENCH_DATABASE} with {args.cases} cases …", flush=True)
    db.prepare(fresh=args.fresh, cases=args.cases)
    print(f"Done in {time.perf_counter() - started:.0f} s.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
