"""Every page each persona reaches: WCAG 2.1 AA by axe-core, and no sideways scrolling at 375 px.

The demo data (``seed_demo``: three actors, their cases, applications, decisions, invoices
and certification files) is loaded into the live server's database; each demo person logs
in and follows links from the start page (``tests/browser/crawl.py``). Every page is checked
with axe-core (serious and critical violations fail) at 1280 px and for its width at 375 px,
and screenshotted at both widths into ``var/screenshots/pages/`` (kept by ``make test``, not
committed). The number of pages checked is printed at the end of the run.
"""

from __future__ import annotations

import io
import json
import time
from typing import Any

import pytest
from django.core.management import call_command

from nsp.accounts.allauth_internal import format_hotp_value, hotp_value
from nsp.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
from tests.browser.conftest import SCREENSHOTS
from tests.browser.crawl import crawl

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPORTS = SCREENSHOTS / "accessibility"
# Two groups, so the two test workers share the walk.
GROUPS = {
    "programme": ("samordnare", "programansvarig", "admin"),
    "actors": ("handlaggare.a", "ansvarig.a", "handlaggare.b"),
}


def _log_in(page: Any, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()
    if "/2fa/" in page.url:
        code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(time.time()) // 30))
        page.fill("input[name=code]", code)
        page.get_by_role("button", name="Logga in").click()
        page.wait_for_load_state()
    assert "/accounts/" not in page.url, f"{username} did not get in ({page.url})"


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_every_page_each_persona_reaches_is_accessible_and_fits_a_phone(
    browser: Any, live_server: Any, group: str, record_property: Any
) -> None:
    call_command("seed_demo", quiet=True, stdout=io.StringIO())
    failures = []
    failing = 0
    counts = {}
    for username in GROUPS[group]:
        context = browser.new_context(
            base_url=live_server.url, locale="sv-SE", viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(15_000)
        page = context.new_page()
        try:
            _log_in(page, username)
            report = crawl(page, username, screenshots=SCREENSHOTS / "pages")
        finally:
            context.close()
        counts[username] = len(report.pages)
        assert len(report.pages) > 5, f"{username} reached only {len(report.pages)} pages"
        if report.violating or report.overflowing:
            failures.append(report.summary())
            failing += len({p.path for p in report.violating + report.overflowing})
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / f"{group}.json").write_text(json.dumps(counts))
    record_property("a11y_pages", sum(counts.values()))
    record_property("a11y_failing", failing)
    assert not failures, "\n".join(failures)
