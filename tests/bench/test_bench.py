"""The benchmark and load-test helpers compute what they claim (no real load here)."""

from __future__ import annotations

import json
import math
import time
from pathlib import Path

from bench import load_accounts
from bench.db import BENCH_DATABASE, with_database
from bench.load import _percentile, after_ramp_up, failures, server_times, summary
from bench.timing import ratio
from nsp.accounts.allauth_internal import format_hotp_value, hotp_value, validate_totp_code


def test_the_bench_database_is_never_the_default_one() -> None:
    url = "postgresql://postgres:@/nsp?host=/srv/pg"
    assert with_database(url, BENCH_DATABASE) == "postgresql://postgres:@/nsp_bench?host=/srv/pg"
    assert BENCH_DATABASE != "nsp"


def test_percentiles_come_from_the_whole_histogram() -> None:
    histogram = {10: 90, 100: 5, 1000: 5}
    assert _percentile(histogram, 0.50) == 10
    assert _percentile(histogram, 0.95) == 100
    assert _percentile(histogram, 0.99) == 1000
    assert _percentile({}, 0.5) == 0


def test_the_load_summary_adds_up_every_endpoint(tmp_path: Path) -> None:
    stats = [
        {
            "name": "dashboard",
            "num_requests": 90,
            "num_failures": 1,
            "start_time": 100.0,
            "last_request_timestamp": 110.0,
            "response_times": {"10": 80, "500": 10},
        },
        {
            "name": "login",
            "num_requests": 10,
            "num_failures": 0,
            "start_time": 100.0,
            "last_request_timestamp": 105.0,
            "response_times": {"300": 10},
        },
    ]
    path = tmp_path / "load.json"
    path.write_text(json.dumps(stats))

    figures = summary(path)

    assert figures["requests"] == 100
    assert figures["errors"] == 1
    assert figures["requests_per_s"] == 10.0
    assert figures["p50_ms"] == 10
    assert figures["p95_ms"] == 500
    assert figures["per_name"]["login"] == {
        "requests": 10,
        "errors": 0,
        "p50_ms": 300,
        "p95_ms": 300,
    }
    assert figures["per_name"]["dashboard"]["p95_ms"] == 500
    assert list(figures["per_name"]) == ["dashboard", "login"]  # busiest first


def test_failures_are_listed_from_locusts_csv(tmp_path: Path) -> None:
    (tmp_path / "load_failures.csv").write_text(
        "Method,Name,Error,Occurrences\nGET,case detail,CatchResponseError('status 500'),2\n"
    )
    assert failures(tmp_path / "load") == ["2× GET case detail: CatchResponseError('status 500')"]
    assert failures(tmp_path / "none") == []


def test_server_times_come_from_gunicorns_access_log(tmp_path: Path) -> None:
    log = tmp_path / "access.log"
    log.write_text("200 12000\n" * 19 + "200 480000\n")  # %(s)s %(D)s: status, µs
    assert server_times(log) == {"server_p50_ms": 12, "server_p95_ms": 12}
    log.write_text("200 12000\n" * 18 + "302 480000\n" * 2)
    assert server_times(log)["server_p95_ms"] == 480
    assert server_times(tmp_path / "missing.log") == {"server_p50_ms": 0, "server_p95_ms": 0}


def test_the_load_accounts_totp_codes_pass_allauths_check() -> None:
    secret = load_accounts.totp_secret(load_accounts.programme_username(3))
    assert secret != load_accounts.totp_secret(load_accounts.programme_username(4))
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    assert validate_totp_code(secret, code)


def test_ratio_rounds_and_survives_a_zero_denominator() -> None:
    assert ratio(3.0, 1.5) == 2.0
    assert math.isnan(ratio(1.0, 0.0))


def test_the_page_measurements_cover_a_rich_and_a_typical_case(db: None) -> None:
    import io

    from django.core.management import call_command

    from bench import domain

    call_command("seed_demo", cases=30, quiet=True, stdout=io.StringIO())
    urls = domain._page_urls()
    assert urls["case_detail"] != urls["case_detail_typical"]
    counts = domain.page_queries()
    served = {
        "case_list",
        "case_detail",
        "case_detail_typical",
        "case_timeline",
        "case_same_person",
        "statistics",
    }
    assert set(counts) == served | {"statistics_computed"}
    assert all(0 < counts[name] <= 10 for name in served)
    # The case page loads its timeline and the coordinator's same-person hint as requests
    # of their own (docs/PERFORMANCE.md): the page itself makes 7 queries.
    assert counts["case_detail"] == 7 and counts["case_detail_typical"] == 7


def test_the_hand_written_statistics_sql_gives_the_reports_figures(db: None) -> None:
    from datetime import date

    from bench import domain
    from cases.choices import CaseStatus, Gender, TraffickingType
    from tests.cases.factories import CaseFactory, ChildFactory, InquiryFactory

    types = TraffickingType.values
    a = CaseFactory(
        admitted=True, birth_year=2000, police_report_made=True, trafficking_types=types[:1]
    )
    CaseFactory(
        admitted=True,
        birth_year=1970,
        nationality="Rumänien",
        gender=Gender.MAN,
        trafficking_types=types[:2],
        exploitation_countries=["Sverige", "Danmark"],
    )
    CaseFactory(closed=True, birth_year=1990, exploitation_countries=["Sverige"])
    CaseFactory(status=CaseStatus.REFUSED)
    ChildFactory(case=a)
    InquiryFactory()
    start, end = date(1990, 1, 1), date(2100, 12, 31)

    orm = domain._orm_figures(start, end)
    sql = domain.statistics_sql(start, end)

    # Table 3's base is the admission applications received (commit 48b2d1a, seed 002
    # Tabell 3: "i förhållande till totala antalet ansökningar om tillträde"): the refused
    # application counts too, not only the three admitted.
    assert orm["total"] == 4
    assert domain.statistics_equal(orm, sql)
    sql["gender"] = [1, 1, 1]  # a wrong count is noticed
    assert not domain.statistics_equal(orm, sql)


def test_the_steady_state_figures_leave_out_the_ramp_up(tmp_path: Path) -> None:
    timings = tmp_path / "timings.txt"
    # Ten slow logins in the first second, then twenty quick pages from 20 s on.
    lines = [f"{1000 + i / 10:.3f} 800.0" for i in range(10)]
    lines += [f"{1020 + i:.3f} 40.0" for i in range(20)]
    timings.write_text("\n".join(lines) + "\n")
    assert after_ramp_up(timings, 15) == {
        "steady_requests": 20,
        "steady_p50_ms": 40,
        "steady_p95_ms": 40,
    }
    everything = after_ramp_up(timings, 0)
    assert everything["steady_requests"] == 30 and everything["steady_p95_ms"] == 800
    assert after_ramp_up(tmp_path / "none.txt", 15)["steady_requests"] == 0
