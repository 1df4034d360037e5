"""Issue 16 in a real browser: the programme is set up and run from the screens.

The people exist (as ``manage.py create_user`` leaves them on a fresh installation, with
their authenticators enrolled); everything after that is done through the pages: the
programme manager creates and activates a phase and a budget period, the coordinator
imports last year's paper register and follows an invoice from attestation to paid. Only
the actor's own steps before the invoice (application, decision) are built with services.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import Workbook

from funding.register_import import HEADERS
from nsp.accounts.models import Organisation, User
from tests.browser.test_domain_flows import log_in_with_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAST_YEAR = timezone.localdate().year - 1


def _register(org: Organisation) -> bytes:
    start = date(LAST_YEAR, 2, 1)
    values = {
        "arendenummer": "NSP011",
        "aktor": org.name,
        "initialer": "KM",
        "fodelsear": 1994,
        "kon": "woman",
        "inskriven": start,
        "typ": "rest_30",
        "ansokt": start,
        "period_fran": start,
        "period_till": start + timedelta(days=30),
        "beslutsnummer": 1,
        "beslutsdatum": start + timedelta(days=2),
        "beslut": "granted",
        "motivering": "Beslut på papper.",
    }
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADERS)
    sheet.append([values.get(h) for h in HEADERS])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_programme_is_set_up_and_a_paper_register_imported_in_the_browser(
    browser: Any,
    page: Any,
    live_server: Any,
    programme_manager: User,
    coordinator: User,
    org_a: Organisation,
    tmp_path: Any,
) -> None:
    # The programme manager: a phase in force since last year, and last year's budget.
    log_in_with_code(page, "programme_manager")
    page.goto("/finansiering/program/faser/ny/")
    page.fill("input[name=name]", "Pilot")
    page.fill("input[name=starts_on]", f"{LAST_YEAR}-01-01")
    for name, value in (
        ("rest_housing_rate", "600"),
        ("rest_support_rate", "600"),
        ("child_supplement_rate", "300"),
        ("integration_housing_rate", "600"),
        ("integration_support_rate", "600"),
        ("occasion_cap", "5000"),
    ):
        page.fill(f"input[name={name}]", value)
    page.get_by_role("button", name="Skapa fasen").click()
    page.wait_for_url("**/program/faser/")
    page.get_by_role("link", name="Aktivera").click()
    page.fill("input[name=starts_on]", f"{LAST_YEAR}-01-01")
    page.get_by_role("button", name="Aktivera fasen").click()
    page.wait_for_url("**/program/faser/")
    assert "gäller i dag" in page.locator("main").inner_text()

    page.goto("/finansiering/program/budgetperioder/ny/")
    page.fill("input[name=name]", f"Budget {LAST_YEAR}")
    page.fill("input[name=starts_on]", f"{LAST_YEAR}-01-01")
    page.fill("input[name=ends_on]", f"{LAST_YEAR}-12-31")
    for stream in ("rest_30", "integration_90", "interventions"):
        page.fill(f"input[name=allocation_{stream}]", "100000")
    page.get_by_role("button", name="Spara budgetperioden").click()
    page.wait_for_url("**/program/budgetperioder/")
    assert f"Budget {LAST_YEAR}" in page.locator("main").inner_text()

    # The coordinator: the paper register, checked first, then imported.
    context = browser.new_context(base_url=live_server.url, locale="sv-SE")
    coordinator_page = context.new_page()
    log_in_with_code(coordinator_page, "coordinator")
    path = tmp_path / "diarium.xlsx"
    path.write_bytes(_register(org_a))
    coordinator_page.goto("/finansiering/efterhand/import/")
    coordinator_page.set_input_files("input[name=file]", str(path))
    coordinator_page.get_by_role("button", name="Kontrollera filen").click()
    report = coordinator_page.locator("#import-report").inner_text()
    assert "provkörning" in report and "1 nya" in report
    coordinator_page.set_input_files("input[name=file]", str(path))
    coordinator_page.uncheck("input[name=dry_run]")
    coordinator_page.get_by_role("button", name="Kontrollera filen").click()
    assert "Importerat" in coordinator_page.locator("#import-report").inner_text()

    coordinator_page.goto("/finansiering/beslut/")
    register = coordinator_page.locator("main").inner_text()
    assert f"B{LAST_YEAR}-0001" in register and "NSP011" in register
    coordinator_page.get_by_role("link", name=f"B{LAST_YEAR}-0001").click()
    assert "Registrerad i efterhand" in coordinator_page.locator("main").inner_text()
    context.close()
