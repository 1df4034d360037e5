"""Measurements that need the domain apps (cases, funding, reports).

* ``case_pages(scale)`` — case list and case detail p50 as the coordinator (the demo's
  richest case, and ``case_detail_typical``: the middle of the register), and the rich
  case's timeline fragment (``case_timeline``) and same-person hint (``case_same_person``),
  both loaded by the page after it is shown, each divided by
  the p50 of ``/healthz`` (``hello``: the middleware stack alone, same client, measured
  interleaved with the page);
* ``queries_per_page(scale)`` — SQL queries of the case list, case detail and statistics
  page at the bench size (``BENCH_CASES``) and, from a second small database
  (``nsp_bench_small``, 100 cases, in a subprocess), at 100 cases: must be equal;
* ``statistics_vs_sql(scale)`` — Tables 1 and 3 through ``reports.statistics`` divided by
  hand-written SQL computing the same counts; the figures are compared for equality;
* ``decision_pdf(scale)`` — funding's decision PDF (``render_decision_pdf``) divided by
  WeasyPrint rendering the same HTML string directly.

Each is a function ``(scale) -> dict`` in ``MEASUREMENTS``, so ``make bench`` keeps
printing one JSON line.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Max
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.timing import paired_p50_ms, ratio

SMALL_CASES = 100
SMALL_DATABASE = "nsp_bench_small"
ALL_TIME = (date(1990, 1, 1), date(2100, 12, 31))
HTMX = {"HX-Request": "true"}  # how the case page asks for its fragments
FRAGMENTS = ("case_timeline", "case_same_person")  # requested by the case page after it


def bench_cases() -> int:
    return int(os.environ.get("BENCH_CASES", "100000"))


def _runs(base: int, scale: float) -> int:
    return max(3, int(base * scale))


def _coordinator_client() -> Client:
    from nsp.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="samordnare"))
    return client


def _page_urls() -> dict[str, str]:
    from cases.models import Case

    case = Case.objects.order_by("number").first()
    # A case from the middle of the register (synthetic: its grant, report, maybe a child
    # and a plan item): what most case pages look like, next to the first case, the demo's
    # richest (documents, plan, children, inquiry).
    last = Case.objects.aggregate(m=Max("number"))["m"] or 0
    typical = Case.objects.filter(number=last // 2).first()
    if case is None or typical is None:
        raise RuntimeError("seed_demo created no case")
    start, end = ALL_TIME
    return {
        "case_list": reverse("cases:case_list"),
        "case_detail": reverse("cases:case_detail", kwargs={"case_id": case.pk}),
        "case_detail_typical": reverse("cases:case_detail", kwargs={"case_id": typical.pk}),
        # The case page's timeline: a request of its own, which the page makes after it is
        # shown (htmx); measured and counted as the browser asks for it.
        "case_timeline": reverse("cases:case_timeline", kwargs={"case_id": case.pk}),
        # The coordinator's hint of possible earlier cases of the same person: likewise.
        "case_same_person": reverse("cases:same_person", kwargs={"case_id": case.pk}),
        "statistics": f"{reverse('reports:statistics')}?start={start}&end={end}",
    }


def case_pages(scale: float) -> dict[str, Any]:
    client = _coordinator_client()
    urls = _page_urls()
    figures: dict[str, Any] = {}
    for name in ("case_list", "case_detail", "case_detail_typical", *FRAGMENTS):
        headers = HTMX if name in FRAGMENTS else {}
        status = client.get(urls[name], headers=headers).status_code
        if status != 200:
            raise RuntimeError(f"{urls[name]} answered {status}")
        hello, page = paired_p50_ms(
            lambda: client.get("/healthz"),
            lambda url=urls[name], headers=headers: client.get(url, headers=headers),  # type: ignore[misc]
            runs=_runs(100, scale),
        )
        figures.setdefault("hello_p50_ms", hello)
        figures[f"{name}_p50_ms"] = page
        figures[f"{name}_over_hello"] = ratio(page, hello)
    return figures


def page_queries() -> dict[str, int]:
    """Queries of one request per page, as the coordinator, on the current database."""
    from nsp.cache import bump_statistics_version

    client = _coordinator_client()
    counts = {}
    urls = _page_urls()
    # The statistics page as served (from its cache, ``reports.stats_cache``), and as
    # computed by the first request after a change (a new version, as a service's
    # commit gives it).
    urls["statistics_computed"] = urls["statistics"]
    for name, url in urls.items():
        headers = HTMX if name in FRAGMENTS else {}
        client.get(url, headers=headers)  # warm caches (sessions, content types)
        if name == "statistics_computed":
            bump_statistics_version()  # outside a transaction: at once
        with CaptureQueriesContext(connection) as queries:
            status = client.get(url, headers=headers).status_code
        if status != 200:
            raise RuntimeError(f"{url} answered {status}")
        counts[name] = len(queries)
    return counts


def _small_scale_queries() -> dict[str, int]:
    """``page_queries`` on a second bench database holding 100 cases (a subprocess)."""
    env = {
        **os.environ,
        "NSP_BENCH_DATABASE": SMALL_DATABASE,
        "BENCH_CASES": str(SMALL_CASES),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "-m", "bench.run", "--queries-only"],
        cwd=Path(settings.BASE_DIR),
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def queries_per_page(scale: float) -> dict[str, Any]:
    from cases.models import Case

    large = page_queries()
    small = _small_scale_queries()
    figures: dict[str, Any] = {"cases": Case.objects.count()}
    for name, n in large.items():
        figures[f"{name}_queries"] = n
        figures[f"{name}_queries_at_{SMALL_CASES}"] = small.get(name)
    figures["queries_equal_at_both_sizes"] = large == small
    return figures


# --- Statistics: the ORM tables vs hand-written SQL ----------------------------------


def _fetch(sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def statistics_sql(start: date, end: date) -> dict[str, Any]:
    """Table 1's counts and Table 3's counts, straight SQL (same definitions as
    ``reports/statistics_table1.py`` and ``statistics_table3.py``: Table 3 counts the
    individuals of the admission applications received in the range, Table 1 has the
    reconsiderations on a line of their own and a withdrawn column)."""
    from cases.choices import CaseStatus, ChildLocation
    from cases.models import Case, Child, Inquiry
    from funding.choices import ApplicationStatus, Outcome
    from funding.models import Decision, FundingApplication
    from reports.statistics_table1 import WITHDRAWN

    case_t, inquiry_t, child_t = (m._meta.db_table for m in (Case, Inquiry, Child))
    app_t, decision_t = FundingApplication._meta.db_table, Decision._meta.db_table
    p: dict[str, Any] = {
        "start": start,
        "end": end,
        "admitted": CaseStatus.ADMITTED.value,
        "closed": CaseStatus.CLOSED.value,
        "refused": CaseStatus.REFUSED.value,
        "applied": CaseStatus.APPLIED.value,
        "draft": CaseStatus.DRAFT.value,
        "decided": ApplicationStatus.DECIDED.value,
        "submitted": ApplicationStatus.SUBMITTED.value,
        "more_info": ApplicationStatus.MORE_INFO.value,
        "withdrawn": WITHDRAWN,
        "granted": Outcome.GRANTED.value,
        "partly": Outcome.PARTLY_GRANTED.value,
        "denied": Outcome.DENIED.value,
        "with_parent": ChildLocation.WITH_PARENT.value,
        "home": ChildLocation.HOME_COUNTRY.value,
    }
    out: dict[str, Any] = {}
    # Table 1
    out["inquiries"] = _fetch(
        f"SELECT count(*), count(*) FILTER (WHERE case_id IS NULL) FROM {inquiry_t} "  # noqa: S608
        "WHERE received_on BETWEEN %(start)s AND %(end)s",
        p,
    )[0]
    # The admission applications received in the range (not drafts): Table 1's admission
    # row and the individuals of all of Table 3.
    applied = (
        f"SELECT * FROM {case_t} WHERE applied_on BETWEEN %(start)s AND %(end)s "  # noqa: S608
        "AND status <> %(draft)s"
    )
    out["admission"] = _fetch(
        f"WITH a AS ({applied}) SELECT count(*), "  # noqa: S608
        "count(*) FILTER (WHERE status IN (%(admitted)s, %(closed)s) "
        "AND admitted_on IS NOT NULL), "
        "count(*) FILTER (WHERE status = %(refused)s), "
        "count(*) FILTER (WHERE status = %(applied)s), "
        "count(*) FILTER (WHERE status = %(closed)s AND admitted_on IS NULL) FROM a",
        p,
    )[0]
    # A reconsideration is a line of its own (its own kind), not counted with the contested
    # application's kind.
    apps = _fetch(
        f"WITH a AS (SELECT fa.kind AS k, fa.status AS s, (SELECT d.outcome FROM {decision_t} d "  # noqa: S608
        f"WHERE d.application_id = fa.id ORDER BY d.number DESC LIMIT 1) AS o FROM {app_t} fa "
        "WHERE fa.submitted_on BETWEEN %(start)s AND %(end)s) "
        "SELECT k, count(*), "
        "count(*) FILTER (WHERE s = %(decided)s AND o IN (%(granted)s, %(partly)s)), "
        "count(*) FILTER (WHERE s = %(decided)s AND o = %(partly)s), "
        "count(*) FILTER (WHERE s = %(decided)s AND o = %(denied)s), "
        "count(*) FILTER (WHERE s = %(submitted)s), "
        "count(*) FILTER (WHERE s = %(more_info)s), "
        "count(*) FILTER (WHERE s = %(withdrawn)s) FROM a GROUP BY k",
        p,
    )
    out["applications"] = {row[0]: tuple(row[1:]) for row in apps}
    # Table 3: the individuals the admission applications received concern.
    out["flags"] = _fetch(
        f"WITH a AS ({applied}) SELECT count(*), "  # noqa: S608
        "count(*) FILTER (WHERE police_report_made), "
        "count(*) FILTER (WHERE cardinality(trafficking_types) > 1), "
        "count(*) FILTER (WHERE cardinality(trafficking_types) = 0), "
        f"count(*) FILTER (WHERE EXISTS (SELECT 1 FROM {child_t} ch WHERE ch.case_id = a.id "
        "AND ch.location = %(with_parent)s)), "
        f"count(*) FILTER (WHERE EXISTS (SELECT 1 FROM {child_t} ch WHERE ch.case_id = a.id "
        "AND ch.location = %(home)s)) FROM a",
        p,
    )[0]
    for column in ("nationality", "gender"):
        out[column] = sorted(
            n
            for (n,) in _fetch(
                f"WITH a AS ({applied}) SELECT count(*) FROM a GROUP BY {column}",  # noqa: S608
                p,
            )
        )
    out["age"] = dict(
        _fetch(
            f"WITH a AS ({applied}), b AS (SELECT extract(year FROM applied_on)::int "  # noqa: S608
            "- birth_year AS age FROM a) SELECT CASE WHEN age < 18 THEN '<18' "
            "WHEN age BETWEEN 18 AND 25 THEN '18–25' WHEN age BETWEEN 26 AND 30 THEN '26–30' "
            "WHEN age BETWEEN 31 AND 35 THEN '31–35' WHEN age BETWEEN 36 AND 45 THEN '36–45' "
            "WHEN age >= 46 THEN '46+' END AS band, count(*) FROM b GROUP BY band",
            p,
        )
    )
    out["single_types"] = dict(
        _fetch(
            f"WITH a AS ({applied}) SELECT trafficking_types[1], count(*) FROM a "  # noqa: S608
            "WHERE cardinality(trafficking_types) = 1 GROUP BY 1",
            p,
        )
    )
    out["countries"] = sorted(
        _fetch(
            f"WITH a AS ({applied}) SELECT c, count(DISTINCT a.id) FROM a "  # noqa: S608
            "CROSS JOIN LATERAL unnest(a.exploitation_countries) AS c GROUP BY c",
            p,
        )
    )
    return out


def _orm_figures(start: date, end: date) -> dict[str, Any]:
    """The same numbers, read from ``reports.statistics`` (Tables 1 and 3)."""
    from cases.choices import TraffickingType
    from reports.statistics import AGE_BANDS, UNDER_18, DateRange, table1, table3

    period = DateRange(start, end)
    t1 = {row.key: row for row in table1(period, notes=False)}
    t3 = table3(period)
    sections = {s.key: s for s in t3.sections}

    def counts(key: str) -> list[int]:
        return [line.count for line in sections[key].lines]

    trafficking = sections["trafficking"].lines
    bands = [UNDER_18] + [b[0] for b in AGE_BANDS]
    age_lines = sections["age"].lines
    age = {str(line.label): line.count for line in age_lines if line.count}
    n_types = len(TraffickingType.values)
    return {
        "t1": {
            key: (r.received, r.granted, r.partly, r.denied, r.pending, r.more_info, r.withdrawn)
            for key, r in t1.items()
        },
        "total": t3.total,
        "police": counts("police")[0],
        "children": counts("children"),
        "nationality": sorted(counts("nationality")),
        "gender": sorted(counts("gender")),
        "age": {b: age[b] for b in bands if b in age},
        "single_sum": sum(line.count for line in trafficking[:n_types]),
        "countries": sorted((str(line.label), line.count) for line in sections["countries"].lines),
    }


def statistics_equal(orm: dict[str, Any], sql: dict[str, Any]) -> bool:
    from funding.choices import ApplicationKind

    total, police, _multiple, _not_stated, with_child, home = sql["flags"]
    apps_equal = all(
        orm["t1"][kind] == sql["applications"].get(kind, (0,) * 7)
        for kind in (
            ApplicationKind.REST,
            ApplicationKind.INTEGRATION,
            ApplicationKind.INTERVENTION,
            ApplicationKind.RECONSIDERATION,
        )
    )
    admission = orm["t1"]["admission"]
    return bool(
        apps_equal
        and orm["t1"]["inquiries"][0] == sql["inquiries"][0]
        and (admission[0], admission[1], admission[3], admission[4], admission[6])
        == tuple(sql["admission"])
        and orm["total"] == total
        and orm["police"] == police
        and orm["children"] == [with_child, home]
        and orm["nationality"] == sql["nationality"]
        and orm["gender"] == sql["gender"]
        and orm["age"] == {k: v for k, v in sql["age"].items() if k is not None and v}
        and orm["single_sum"] == sum(sql["single_types"].values())
        and orm["countries"] == sorted((str(c), int(n)) for c, n in sql["countries"])
    )


def statistics_vs_sql(scale: float) -> dict[str, Any]:
    start, end = ALL_TIME
    orm_figures = _orm_figures(start, end)
    sql_figures = statistics_sql(start, end)
    orm, sql = paired_p50_ms(
        lambda: _orm_figures(start, end),
        lambda: statistics_sql(start, end),
        runs=_runs(20, scale),
        warmup=2,
    )
    return {
        "statistics_orm_p50_ms": orm,
        "statistics_sql_p50_ms": sql,
        "statistics_over_sql": ratio(orm, sql),
        "statistics_equal_to_sql": statistics_equal(orm_figures, sql_figures),
        "statistics_applications_received": orm_figures["total"],
    }


# --- Decision PDF -------------------------------------------------------------------


def decision_pdf(scale: float) -> dict[str, Any]:
    from django.template.loader import render_to_string
    from weasyprint import HTML

    from funding.models import Decision
    from funding.services.documents import decision_snapshot, render_decision_pdf

    decision = Decision.objects.order_by("created_at").first()
    if decision is None:
        return {"decision_pdf_ratio": None}
    snapshot = decision.snapshot or decision_snapshot(decision)
    version = decision.template_version
    html: str = render_to_string(f"funding/pdf/decision_{version}.html", {"d": snapshot})
    base = (Path(settings.BASE_DIR) / "static").as_uri() + "/"
    # The template links ``{% static %}`` URLs; point them at the same files on disk.
    html = html.replace(f'"{settings.STATIC_URL}', f'"{base}')

    service, direct = paired_p50_ms(
        lambda: render_decision_pdf(snapshot, version),
        lambda: HTML(string=html, base_url=base).write_pdf(),
        runs=_runs(15, scale),
        warmup=2,
    )
    return {
        "decision_pdf_p50_ms": service,
        "decision_pdf_weasyprint_p50_ms": direct,
        "decision_pdf_ratio": ratio(service, direct),
    }


MEASUREMENTS: list[Callable[[float], dict[str, Any]]] = [
    case_pages,
    queries_per_page,
    statistics_vs_sql,
    decision_pdf,
]
