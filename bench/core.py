"""Measurements of the project's own machinery (no domain data needed).

Each function takes the run's ``scale`` (1.0 normal, smaller for ``--quick``) and returns
a dict of figures that ``bench.run`` merges into its one JSON line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.timing import paired_p50_ms, ratio


def _runs(base: int, scale: float) -> int:
    return max(3, int(base * scale))


def request_overhead(scale: float) -> dict[str, Any]:
    """(a) Dashboard vs a minimal view, both as the logged-in coordinator.

    ``/healthz`` returns a constant, so its time is the full middleware stack (session,
    auth, MFA enforcement, locale, history, no-store) and nothing else; the dashboard's
    extra time is the page itself.
    """
    from nsp.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="samordnare"))
    for url in ("/healthz", "/"):
        status = client.get(url).status_code
        if status != 200:
            raise RuntimeError(f"{url} answered {status}")
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    dashboard_queries = len(queries)  # read now: the next request resets the query log
    hello, dashboard = paired_p50_ms(
        lambda: client.get("/healthz"), lambda: client.get("/"), runs=_runs(300, scale)
    )
    return {
        "hello_p50_ms": hello,
        "dashboard_p50_ms": dashboard,
        "dashboard_over_hello": ratio(dashboard, hello),
        "dashboard_queries": dashboard_queries,
    }


def history_cost(scale: float) -> dict[str, Any]:
    """(b) ``save()`` with a historical record vs ``save_without_historical_record()``.

    Each save runs in its own ``transaction.atomic`` as a service's would, and commits.
    """
    from nsp.accounts.models import Organisation

    org = Organisation.objects.order_by("name").first()
    if org is None:
        raise RuntimeError("seed_demo created no organisation")
    counter = iter(range(10**9))

    def with_history() -> None:
        org.contact_name = f"Bench {next(counter)}"
        with transaction.atomic():
            org.save()

    def without_history() -> None:
        org.contact_name = f"Bench {next(counter)}"
        with transaction.atomic():
            org.save_without_historical_record()

    history, plain = paired_p50_ms(with_history, without_history, runs=_runs(300, scale))
    return {
        "save_history_p50_ms": history,
        "save_plain_p50_ms": plain,
        "history_save_ratio": ratio(history, plain),
    }


def _pdf_html(rows: int = 60) -> str:
    body = "".join(
        f"<tr><td>2026-{1 + i % 12:02d}-{1 + i % 28:02d}</td><td>Insats {i}</td>"
        f"<td class='num'>{1000 + 37 * i} kr</td></tr>"
        for i in range(rows)
    )
    # A relative stylesheet link resolves against either renderer's base URL.
    return (
        '<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8">'
        '<link rel="stylesheet" href="css/pdf.css"></head><body>'
        '<div class="doc-header"><strong>Nationellt Stödprogram (NSP)</strong>'
        '<div class="doc-code">BENCH-1</div></div><h1>Beslut om ersättning</h1>'
        f"<table><tr><th>Datum</th><th>Insats</th><th class='num'>Belopp</th></tr>{body}"
        "</table></body></html>"
    )


def pdf_overhead(scale: float) -> dict[str, Any]:
    """(c) ``nsp.pdf.html_to_pdf`` (fenced fetcher) vs WeasyPrint on the same HTML."""
    from weasyprint import HTML

    from nsp.pdf import html_to_pdf

    html = _pdf_html()
    static_dir = Path(settings.BASE_DIR) / "static"
    direct_base = static_dir.as_uri() + "/"

    def fenced() -> None:
        html_to_pdf(html)

    def direct() -> None:
        HTML(string=html, base_url=direct_base).write_pdf()

    nsp, weasy = paired_p50_ms(fenced, direct, runs=_runs(15, scale), warmup=2)
    return {
        "pdf_nsp_p50_ms": nsp,
        "pdf_weasyprint_p50_ms": weasy,
        "pdf_ratio": ratio(nsp, weasy),
    }
