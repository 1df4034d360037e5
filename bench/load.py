"""``make load``: gunicorn (4 workers) on 127.0.0.1 against ``nsp_bench``, locust headless.

    python -m bench.load [--users 50] [--seconds 60] [--workers 4]

1. prepare ``nsp_bench`` (as ``make bench``) and ensure the load accounts
   (``bench/load_accounts.py``): ``--users`` actor staff spread over the demo
   organisations and ``--users`` coordinators/programme managers with TOTP;
2. start gunicorn on a free loopback port with ``bench.settings`` (``--preload``, as
   docs/DEPLOYMENT.md runs it: the workers fork ready to serve) and wait for ``/healthz``;
3. run locust headless (``bench/locustfile.py``) for ``--seconds`` (hard limit: that plus
   60 s), JSON and CSV under ``var/load/``;
4. stop gunicorn and print requests/s, p50, p95 and errors over all requests, p50/p95 per
   request name, each distinct failure, p50/p95 of the time spent inside gunicorn's
   workers (its access log), the CPU time per request of the app (gunicorn's workers),
   the database (the embedded server's processes) and the load generator, and the load
   average before and after (other work on the machine shares its cores); then one JSON
   line with the same figures.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import db  # noqa: E402
from bench import load_accounts as accounts  # noqa: E402
from bench.load_accounts import PASSWORD  # noqa: E402

OUT = ROOT / "var" / "load"
# Simulated users started a second (locust --spawn-rate): 50 users log in within 5 s.
SPAWN_RATE = 10


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def ensure_accounts(url: str, count: int) -> None:
    """``count`` actor staff and ``count`` programme accounts (see ``bench.load_accounts``).

    Every account gets the load password (hashed once with the default hasher) and each
    programme account a TOTP authenticator with its own known secret, replacing any it had.
    The bench database's cache is emptied: allauth remembers spent TOTP codes there, and a
    code spent by the previous run less than 30 s ago would be refused as a replay.
    """
    os.environ.update(db.bench_environment(url))
    import django

    django.setup()
    from allauth.mfa.models import Authenticator
    from django.contrib.auth.hashers import make_password
    from django.core.cache import cache
    from django.db import transaction

    from nsp.accounts.allauth_internal import TOTP
    from nsp.accounts.choices import Role
    from nsp.accounts.models import Organisation, User

    organisations = list(Organisation.objects.order_by("name"))
    password = make_password(PASSWORD)  # hashed once: the same for every account
    with transaction.atomic():
        for i in range(count):
            User.objects.update_or_create(
                username=accounts.actor_username(i),
                defaults={
                    "email": f"{accounts.actor_username(i)}@example.org",
                    "role": Role.ACTOR_STAFF,
                    "organisation": organisations[i % len(organisations)],
                    "password": password,
                    "is_active": True,
                },
            )
            username = accounts.programme_username(i)
            user, _ = User.objects.update_or_create(
                username=username,
                defaults={
                    "email": f"{username}@example.org",
                    "role": Role.COORDINATOR if i % 2 == 0 else Role.PROGRAMME_MANAGER,
                    "organisation": None,
                    "password": password,
                    "is_active": True,
                },
            )
            Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
            TOTP.activate(user, accounts.totp_secret(username))
    cache.clear()


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


def _process_cpu() -> dict[int, tuple[int, float]]:
    """pid -> (parent pid, CPU seconds used so far) for every process (Linux ``/proc``)."""
    ticks = os.sysconf("SC_CLK_TCK")
    table: dict[int, tuple[int, float]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        table[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / ticks)
    return table


class CpuMeter:
    """CPU seconds used by the children of given parents (gunicorn's workers, the embedded
    PostgreSQL's backends) between ``start`` and ``stop``; processes that ended in between
    are lost, which is why ``stop`` runs before gunicorn is told to stop. The database
    figure is a lower bound: Django closes a connection older than ``CONN_MAX_AGE`` (60 s)
    at the end of a request, and that backend's time goes with it."""

    def __init__(self, parents: dict[str, int]) -> None:
        self.parents = parents
        self.before: dict[int, tuple[int, float]] = {}
        self.used: dict[str, float] = {}

    def start(self) -> None:
        self.before = _process_cpu()

    def stop(self) -> None:
        after = _process_cpu()
        for label, parent in self.parents.items():
            self.used[label] = sum(
                cpu - self.before.get(pid, (0, 0.0))[1]
                for pid, (ppid, cpu) in after.items()
                if ppid == parent
            )


def _postmaster_pid(url: str) -> int | None:
    """The embedded server's postmaster (its socket directory holds postmaster.pid)."""
    host = dict(p.split("=", 1) for p in url.partition("?")[2].split("&") if "=" in p)
    pidfile = Path(host.get("host", "/nonexistent")) / "postmaster.pid"
    try:
        return int(pidfile.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def _load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


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


def summary(stats_json: Path) -> dict[str, Any]:
    """Totals over every request locust made (its final JSON, not a periodic CSV), and
    the same figures per request name."""
    entries = json.loads(stats_json.read_text())
    merged: dict[int, int] = {}
    per_name: dict[str, dict[str, float | int]] = {}
    for entry in sorted(entries, key=lambda e: -int(e["num_requests"])):
        histogram = {int(float(k)): int(v) for k, v in entry["response_times"].items()}
        per_name[entry["name"]] = {
            "requests": entry["num_requests"],
            "errors": entry["num_failures"],
            "p50_ms": _percentile(histogram, 0.50),
            "p95_ms": _percentile(histogram, 0.95),
        }
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
        "per_name": per_name,
    }


def server_times(access_log: Path) -> dict[str, float]:
    """p50/p95 of the time gunicorn's workers spent on each request (access log, µs):
    next to locust's figures it tells time in the app from time waiting for a worker."""
    histogram: dict[int, int] = {}
    if access_log.exists():
        for line in access_log.read_text().splitlines():
            fields = line.split()
            if len(fields) == 2 and fields[1].isdigit():
                millis = int(fields[1]) // 1000
                histogram[millis] = histogram.get(millis, 0) + 1
    return {
        "server_p50_ms": _percentile(histogram, 0.50),
        "server_p95_ms": _percentile(histogram, 0.95),
    }


def after_ramp_up(timings: Path, ramp_seconds: float) -> dict[str, float | int]:
    """p50/p95 of the requests started after the users' ramp-up (``ramp_seconds`` after
    the first request): the steady state, next to the whole run's figures, which include
    every simulated user logging in within the first seconds."""
    histogram: dict[int, int] = {}
    if timings.exists():
        rows = [line.split() for line in timings.read_text().splitlines() if line.strip()]
        starts = [float(start) for start, _millis in rows]
        begin = min(starts, default=0.0) + ramp_seconds
        for start, millis in rows:
            if float(start) >= begin:
                key = int(float(millis))
                histogram[key] = histogram.get(key, 0) + 1
    return {
        "steady_requests": sum(histogram.values()),
        "steady_p50_ms": _percentile(histogram, 0.50),
        "steady_p95_ms": _percentile(histogram, 0.95),
    }


def failures(csv_prefix: Path) -> list[str]:
    """One line per distinct failure (locust's ``_failures.csv``): count, name, error."""
    path = csv_prefix.with_name(csv_prefix.name + "_failures.csv")
    if not path.exists():
        return []
    with path.open(newline="") as handle:
        return [
            f"{row['Occurrences']}× {row['Method']} {row['Name']}: {row['Error']}"
            for row in csv.DictReader(handle)
        ]


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
    env = db.bench_environment(url)
    OUT.mkdir(parents=True, exist_ok=True)
    for stale in [*OUT.glob("load*"), OUT / "access.log", OUT / "timings.txt"]:
        stale.unlink(missing_ok=True)  # gunicorn appends to its access log
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "nsp.wsgi:application",
            "--workers", str(args.workers), "--preload", "--bind", f"127.0.0.1:{port}",
            "--log-level", "warning", "--timeout", "30",
            "--access-logfile", str(OUT / "access.log"), "--access-logformat", "%(s)s %(D)s",
        ],
        cwd=ROOT,
        env=env,
    )  # fmt: skip
    parents = {"app": server.pid}
    postmaster = _postmaster_pid(url)
    if postmaster:
        parents["database"] = postmaster
    meter = CpuMeter(parents)
    locust_cpu = 0.0
    try:
        _wait_until_up(base, server)
        meter.start()
        children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        print(
            f"gunicorn ({args.workers} workers) on {base}; locust: {args.users} users, "
            f"{args.seconds} s; load average before: {_load_average()} …",
            flush=True,
        )
        subprocess.run(
            [
                sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"),
                "--headless", "--users", str(args.users), "--spawn-rate", str(SPAWN_RATE),
                "--run-time", f"{args.seconds}s", "--stop-timeout", "5",
                "--host", base, "--json-file", str(OUT / "load"), "--csv", str(OUT / "load"),
                "--only-summary",
                "--loglevel", "WARNING",
            ],
            cwd=ROOT,
            env={**env, "NSP_LOAD_TIMINGS": str(OUT / "timings.txt")},
            check=False,
            timeout=args.seconds + 60,
        )  # fmt: skip
        children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        locust_cpu = (children_after.ru_utime + children_after.ru_stime) - (
            children_before.ru_utime + children_before.ru_stime
        )
        meter.stop()
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
    print(f"load average after: {_load_average()} (other processes share these cores)")
    figures = summary(OUT / "load.json")
    figures.update(server_times(OUT / "access.log"))
    # Users start at SPAWN_RATE a second, each logging in first; 10 s more to settle.
    ramp = args.users / SPAWN_RATE + 10
    figures.update(after_ramp_up(OUT / "timings.txt", ramp))
    figures["steady_from_s"] = round(ramp)
    cpu = {**meter.used, "load generator": locust_cpu}
    figures["cpu_ms_per_request"] = {
        label: round(1000 * seconds / max(1, int(figures["requests"])), 1)
        for label, seconds in cpu.items()
    }
    print(f"{'request':<20} {'count':>6} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7}")
    for name, row in figures["per_name"].items():
        print(
            f"{name:<20} {row['requests']:>6} {row['errors']:>6} "
            f"{row['p50_ms']:>7.0f} {row['p95_ms']:>7.0f}"
        )
    print(
        f"requests/s {figures['requests_per_s']}  p50 {figures['p50_ms']:.0f} ms  "
        f"p95 {figures['p95_ms']:.0f} ms  errors {figures['errors']} of {figures['requests']}"
    )
    print(
        f"after the ramp-up (requests from {figures['steady_from_s']} s on, "
        f"{figures['steady_requests']}): p50 {figures['steady_p50_ms']:.0f} ms  "
        f"p95 {figures['steady_p95_ms']:.0f} ms"
    )
    print(
        f"in the app (gunicorn's own time): p50 {figures['server_p50_ms']:.0f} ms  "
        f"p95 {figures['server_p95_ms']:.0f} ms"
    )
    print(
        "CPU per request: "
        + ", ".join(f"{k} {v} ms" for k, v in figures["cpu_ms_per_request"].items())
    )
    for line in failures(OUT / "load"):
        print(f"failure: {line}")
    print(json.dumps({"users": args.users, "seconds": args.seconds, **figures}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
