"""``make load``: gunicorn (4 workers) on 127.0.0.1 against ``nsp_bench``, locust headless.

    python -m bench.load [--users 50] [--seconds 60] [--workers 4]

1. prepare ``nsp_bench`` (as ``make bench``) and ensure ``--users`` actor accounts
   ``last.NNN`` spread over the demo organisations;
2. start gunicorn on a free loopback port with ``bench.settings`` and wait for
   ``/healthz``;
3. run locust headless for ``--seconds`` (hard limit: that plus 60 s), CSV under
   ``var/load/``;
4. stop gunicorn and print requests/s, p50, p95 and errors (one text line + one JSON line).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import db  # noqa: E402

OUT = ROOT / "var" / "load"
PASSWORD = "nsp-load-losenord-2026"  # noqa: S105 - bench accounts only; as in locustfile


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def ensure_accounts(url: str, count: int) -> None:
    os.environ.update(db.bench_environment(url))
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password

    from nsp.accounts.choices import Role
    from nsp.accounts.models import Organisation, User

    organisations = list(Organisation.objects.order_by("name"))
    password = make_password(PASSWORD)  # hashed once: the same for every account
    for i in range(count):
        User.objects.update_or_create(
            username=f"last.{i:03d}",
            defaults={
                "email": f"last.{i:03d}@example.org",
                "role": Role.ACTOR_STAFF,
                "organisation": organisations[i % len(organisations)],
                "password": password,
                "is_active": True,
            },
        )


def _wait_until_up(base: str, server: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn exited before it answered")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not answer /healthz in time")


def _percentile(histogram: dict[int, int], fraction: float) -> float:
    """The response time (ms) below which ``fraction`` of the requests fall."""
    total = sum(histogram.values())
    if not total:
        return 0.0
    wanted, seen = fraction * total, 0
    for millis in sorted(histogram):
        seen += histogram[millis]
        if seen >= wanted:
            return float(millis)
    return float(max(histogram))


def summary(stats_json: Path) -> dict[str, float | int]:
    """Totals over every request locust made (its final JSON, not a periodic CSV)."""
    entries = json.loads(stats_json.read_text())
    merged: dict[int, int] = {}
    per_name: dict[str, dict[int, int]] = {}
    for entry in entries:
        histogram = {int(float(k)): int(v) for k, v in entry["response_times"].items()}
        per_name[entry["name"]] = histogram
        for millis, count in histogram.items():
            merged[millis] = merged.get(millis, 0) + count
    requests = sum(e["num_requests"] for e in entries)
    start = min((e["start_time"] for e in entries), default=0.0)
    end = max((e["last_request_timestamp"] or start for e in entries), default=start)
    return {
        "requests": requests,
        "errors": sum(e["num_failures"] for e in entries),
        "requests_per_s": round(requests / (end - start), 1) if end > start else 0.0,
        "p50_ms": _percentile(merged, 0.50),
        "p95_ms": _percentile(merged, 0.95),
        "dashboard_p95_ms": _percentile(per_name.get("dashboard", {}), 0.95),
        "login_p95_ms": _percentile(per_name.get("login", {}), 0.95),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Load test on 127.0.0.1.")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args(argv)
    if not 1 <= args.seconds <= 600:
        raise SystemExit("--seconds must be between 1 and 600")

    url = db.prepare()
    ensure_accounts(url, args.users)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **db.bench_environment(url),
        "NSP_LOAD_ACCOUNTS": str(args.users),
        "NSP_LOAD_PASSWORD": PASSWORD,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    for stale in OUT.glob("load*"):
        stale.unlink()
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "nsp.wsgi:application",
            "--workers", str(args.workers), "--bind", f"127.0.0.1:{port}",
            "--log-level", "warning", "--timeout", "30",
        ],
        cwd=ROOT,
        env=env,
    )  # fmt: skip
    try:
        _wait_until_up(base, server)
        print(f"gunicorn ({args.workers} workers) on {base}; locust: {args.users} users, "
              f"{args.seconds} s …", flush=True)  # fmt: skip
        subprocess.run(
            [
                sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"),
                "--headless", "--users", str(args.users), "--spawn-rate", "10",
                "--run-time", f"{args.seconds}s", "--stop-timeout", "5",
                "--host", base, "--json-file", str(OUT / "load"), "--only-summary",
                "--loglevel", "WARNING",
            ],
            cwd=ROOT,
            env=env,
            check=False,
            timeout=args.seconds + 60,
        )  # fmt: skip
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
    figures = summary(OUT / "load.json")
    print(
        f"requests/s {figures['requests_per_s']}  p50 {figures['p50_ms']:.0f} ms  "
        f"p95 {figures['p95_ms']:.0f} ms  errors {figures['errors']} of {figures['requests']}"
    )
    print(json.dumps({"users": args.users, "seconds": args.seconds, **figures}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
