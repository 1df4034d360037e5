"""Time one password check with each hasher (docs/SECURITY.md, "Password storage").

    python -m bench.hashers [--rounds 15]

Verifies a hash made by each of: the project's Argon2id (OWASP parameters), PBKDF2 as
Django 5.2 configures it (1 000 000 iterations), and Django's own Argon2 defaults
(100 MiB, parallelism 8) for comparison. Prints wall-clock and CPU time (median and
minimum) per check. No database, no network.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Password hash timings.")
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args(argv)

    import django
    from django.conf import settings

    settings.configure(PASSWORD_HASHERS=[])
    django.setup()
    from django.contrib.auth.hashers import Argon2PasswordHasher, PBKDF2PasswordHasher

    from nsp.accounts.hashers import OwaspArgon2idPasswordHasher

    password = "correct-horse-battery-staple-42"  # noqa: S105 - a timing sample
    for label, hasher in (
        ("Argon2id m=19 MiB t=2 p=1 (NSP)", OwaspArgon2idPasswordHasher()),
        ("PBKDF2-SHA256 1 000 000 (Django 5.2)", PBKDF2PasswordHasher()),
        ("Argon2id m=100 MiB t=2 p=8 (Django)", Argon2PasswordHasher()),
    ):
        encoded = hasher.encode(password, hasher.salt())
        wall: list[float] = []
        cpu: list[float] = []
        for _ in range(args.rounds):
            started, started_cpu = time.perf_counter(), time.process_time()
            if not hasher.verify(password, encoded):
                raise SystemExit(f"{label}: verification failed")
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        print(
            f"{label:<38} wall p50 {statistics.median(wall):6.1f} ms (min {min(wall):6.1f})  "
            f"CPU p50 {statistics.median(cpu):6.1f} ms (min {min(cpu):6.1f})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
