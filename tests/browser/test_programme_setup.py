"""Issue 16, "Done when", in a real browser: a fresh installation is set up and run from
the screens, from the first login to a paid invoice.

Start-up is what the README documents for ``DEMO=0 make run``: the catalogues are loaded,
``manage.py create_user`` creates the coordinator, the programme manager and the
administrator, and a ``db_worker`` runs next to the web server. After that every step is
done in the browser by the role named, and every assertion reads a page (no ORM, no
management command):

1. each programme user enrols an authenticator at the first login;
2. the programme manager creates and activates a phase and two budget periods;
3. the coordinator adds the actor and takes it through certification; the administrator
   adds its staff member;
4. the coordinator enters last year's paper decision with its dates, then imports the
   paper register (checked first on the page, then imported by the background worker);
5. the actor files an inquiry and turns it into an application with the initial
   assessment; the coordinator admits; the actor applies for 30 days' rest; the
   coordinator grants; the actor invoices; the coordinator attests, sends for payment and
   records the payment; the budget page shows it paid.
"""

from __future__ import annotations

import io
import os
import re
import threading
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from django.utils.module_loading import import_string
from openpyxl import Workbook

from funding.register_import import HEADERS
from nsp.accounts.allauth_internal import format_hotp_value, hotp_value
from tests.browser.conftest import SCREENSHOTS, log_in
from tests.funding.factories import PDF_BYTES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = timezone.localdate()
LAST_YEAR = TODAY.year - 1
PASSWORD = "forsta-losenordet-for-nsp-2026"
ACTOR = "Stiftelsen Ljusglimten"
GUIDE_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "img"
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


@pytest.fixture
def fresh_installation(monkeypatch: pytest.MonkeyPatch) -> None:
    """``DEMO=0 make run`` and the README's ``create_user`` lines: catalogues, three users."""
    for path in settings.NSP_CATALOGUE_LOADERS:
        import_string(path)(io.StringIO())
    monkeypatch.setenv("NSP_NEW_USER_PASSWORD", PASSWORD)
    for username, role, first, last in (
        ("anna", "coordinator", "Anna", "Ek"),
        ("per", "programme_manager", "Per", "Lund"),
        ("admin", "administrator", "", ""),
    ):
        call_command(
            "create_user",
            username,
            role=role,
            email=f"{username}@example.org",
            first_name=first,
            last_name=last,
        )


@pytest.fixture
def db_worker() -> Iterator[None]:
    """The background worker ``make run`` starts next to the web server, in a thread."""
    from django.db import connection
    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(
        queue_names=["default"],
        interval=0.2,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="browser-test",
        excluded_queue_names=[],
    )

    def run() -> None:
        try:
            worker.run()
        finally:
            connection.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    yield
    worker.running = False
    thread.join(timeout=5)


def _guide_picture(page: Any, name: str) -> None:
    """``NSP_GUIDE_SCREENSHOTS=1`` renews the user guide's picture of this step."""
    if os.environ.get("NSP_GUIDE_SCREENSHOTS"):
        page.locator("main").screenshot(path=str(GUIDE_SCREENSHOTS / name))


def _code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def _first_login(browser: Any, live_server: Any, username: str) -> Any:
    """A new browser for ``username``: password, then the authenticator is enrolled."""
    context = browser.new_context(
        base_url=live_server.url, locale="sv-SE", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, username, PASSWORD)
    # Enrolling a device asks for the password once more (allauth's re-authentication).
    page.wait_for_url("**/accounts/reauthenticate/**")
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_url("**/accounts/2fa/totp/activate/")
    secret = page.locator("#authenticator_secret").input_value()
    page.fill("input[name=code]", _code(secret))
    page.press("input[name=code]", "Enter")
    page.wait_for_url(lambda url: "/totp/activate/" not in url)
    return page


def _main(page: Any) -> str:
    return " ".join(page.locator("main").inner_text().split())


def _uuid_in(url: str) -> str:
    found = re.search(UUID, url)
    assert found, url
    return found.group(0)


def _pdf(name: str) -> dict[str, Any]:
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF_BYTES}


def _register_file(path: Path) -> None:
    start = date(LAST_YEAR, 3, 1)
    values = {
        "arendenummer": "NSP011",
        "aktor": ACTOR,
        "initialer": "KM",
        "fodelsear": 1994,
        "kon": "woman",
        "inskriven": start,
        "typ": "rest_30",
        "ansokt": start,
        "period_fran": start,
        "period_till": start + timedelta(days=29),
        "beslutsnummer": 2,
        "beslutsdatum": start + timedelta(days=2),
        "beslut": "granted",
        "motivering": "Beslut på papper.",
    }
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADERS)
    sheet.append([values.get(h) for h in HEADERS])
    book.save(path)


def _set_up_programme(pm: Any) -> None:
    """The programme manager: a phase in force since last year, and two budget periods."""
    pm.goto("/finansiering/program/faser/ny/")
    pm.fill("input[name=name]", "Pilot")
    pm.fill("input[name=starts_on]", f"{LAST_YEAR}-01-01")
    for name, value in (
        ("rest_housing_rate", "600"),
        ("rest_support_rate", "600"),
        ("child_supplement_rate", "300"),
        ("integration_housing_rate", "600"),
        ("integration_support_rate", "600"),
        ("occasion_cap", "5000"),
    ):
        pm.fill(f"input[name={name}]", value)
    pm.get_by_role("button", name="Skapa fasen").click()
    pm.wait_for_url("**/program/faser/")
    pm.get_by_role("link", name="Aktivera").click()
    pm.fill("input[name=starts_on]", f"{LAST_YEAR}-01-01")
    pm.get_by_role("button", name="Aktivera fasen").click()
    pm.wait_for_url("**/program/faser/")
    assert "gäller i dag" in _main(pm)

    for year in (LAST_YEAR, TODAY.year):
        pm.goto("/finansiering/program/budgetperioder/ny/")
        pm.fill("input[name=name]", f"Budget {year}")
        pm.fill("input[name=starts_on]", f"{year}-01-01")
        pm.fill("input[name=ends_on]", f"{year}-12-31")
        for stream in ("rest_30", "integration_90", "interventions"):
            pm.fill(f"input[name=allocation_{stream}]", "100000")
        if year == TODAY.year:  # a further stream, e.g. for information material
            pm.fill("input[name=allocation_other]", "20000")
        pm.get_by_role("button", name="Spara budgetperioden").click()
        pm.wait_for_url("**/program/budgetperioder/")
        assert f"Budget {year}" in _main(pm)


def _add_actor(coordinator: Any, admin: Any) -> None:
    """The coordinator registers the actor and certifies it (steps 1 and 2, the visit
    against the minimum requirements, all met); the administrator adds its staff member."""
    coordinator.goto("/admin/organisationer/ny/")
    coordinator.fill("input[name=name]", ACTOR)
    coordinator.fill("input[name=org_number]", "802999-0001")
    coordinator.get_by_role("button", name="Spara").click()
    coordinator.wait_for_url("**/admin/organisationer/")
    coordinator.goto("/certifiering/")
    href = coordinator.get_by_role("link", name=ACTOR).first.get_attribute("href")
    organisation = _uuid_in(href)

    def status(to: str) -> None:
        coordinator.goto(f"/certifiering/aktor/{organisation}/status/")
        coordinator.select_option("select[name=to_status]", to)
        coordinator.fill("textarea[name=reason]", "Enligt certifieringsprocessen.")
        coordinator.locator("main form [type=submit]").click()
        coordinator.wait_for_url(f"**/certifiering/aktor/{organisation}/")

    status("step_1")
    status("step_2")
    coordinator.goto(f"/certifiering/aktor/{organisation}/bedomning/ny/")
    coordinator.select_option("select[name=catalogue]", index=1)
    coordinator.locator("main form [type=submit]").click()
    coordinator.wait_for_url("**/bedomning/*/svar/")
    coordinator.eval_on_selector_all(
        "select[name$=__outcome]", "els => els.forEach(e => { e.value = 'met'; })"
    )
    coordinator.locator("main form [type=submit][name=complete]").click()
    coordinator.wait_for_url(re.compile(r".*/bedomning/[0-9a-f-]+/$"))
    # A completed visit with every requirement met certifies the actor by itself.
    coordinator.goto(f"/certifiering/aktor/{organisation}/")
    assert "Certifierad: organisationen får ansöka om medel" in _main(coordinator)

    admin.goto("/admin/anvandare/ny/")
    admin.fill("input[name=username]", "lina")
    admin.fill("input[name=email]", "lina@example.org")
    admin.fill("input[name=first_name]", "Lina")
    admin.fill("input[name=last_name]", "Berg")
    admin.select_option("select[name=role]", "actor_staff")
    admin.select_option("select[name=organisation]", label=ACTOR)
    admin.fill("input[name=password]", PASSWORD)
    admin.locator("main form [type=submit]").last.click()
    admin.wait_for_url("**/admin/anvandare/")
    assert "lina" in _main(admin)


def _records_after_the_fact(coordinator: Any, tmp_path: Path) -> None:
    """Last year's paper decision with its dates, then the paper register file."""
    coordinator.goto("/finansiering/efterhand/beslut/")
    coordinator.select_option("select[name=organisation]", label=ACTOR)
    coordinator.fill("input[name=case_number]", "NSP010")
    coordinator.fill("input[name=initials]", "AB")
    coordinator.fill("input[name=birth_year]", "1990")
    coordinator.select_option("select[name=gender]", "woman")
    coordinator.fill("input[name=admitted_on]", f"{LAST_YEAR}-02-01")
    coordinator.select_option("select[name=kind]", "rest_30")
    coordinator.fill("input[name=submitted_on]", f"{LAST_YEAR}-02-01")
    coordinator.fill("input[name=period_start]", f"{LAST_YEAR}-02-01")
    coordinator.fill("input[name=period_end]", f"{LAST_YEAR}-03-02")
    coordinator.fill("input[name=decided_on]", f"{LAST_YEAR}-02-03")
    coordinator.select_option("select[name=outcome]", "granted")
    coordinator.fill("textarea[name=motivation]", "Beviljat på papper.")
    coordinator.locator("main form [type=submit]").click()
    coordinator.wait_for_url("**/finansiering/beslut/*/")
    page = _main(coordinator)
    assert f"B{LAST_YEAR}-0001" in page and "Registrerad i efterhand" in page
    assert f"3 februari {LAST_YEAR}" in page and "Anna Ek" in page

    path = tmp_path / "diarium.xlsx"
    _register_file(path)
    coordinator.goto("/finansiering/efterhand/import/")
    coordinator.set_input_files("input[name=file]", str(path))
    coordinator.get_by_role("button", name="Kontrollera filen").click()
    report = coordinator.locator("#import-report")
    report.wait_for()
    assert "provkörning" in report.inner_text() and "1 nya" in report.inner_text()
    # The import itself runs in the background; its job page follows it to the end.
    coordinator.set_input_files("input[name=file]", str(path))
    coordinator.uncheck("input[name=dry_run]")
    coordinator.get_by_role("button", name="Kontrollera filen").click()
    coordinator.wait_for_url("**/jobb/*/")
    summary = coordinator.locator("#job-summary")
    summary.wait_for()
    assert "Importerat" in summary.inner_text() and "1 nya" in summary.inner_text()

    coordinator.goto("/finansiering/beslut/")
    register = _main(coordinator)
    assert f"B{LAST_YEAR}-0002" in register and "NSP011" in register


def _actor_applies_for_admission(actor: Any) -> str:
    """Inquiry, then the application with the initial assessment; returns the case id."""
    actor.goto("/arenden/forfragningar/ny/")
    actor.fill("input[name=received_on]", TODAY.isoformat())
    actor.fill("input[name=from_whom]", "Polisen i Solna")
    actor.fill("textarea[name=description]", "En kvinna behöver skydd i natt.")
    actor.get_by_role("button", name="Spara").click()
    actor.wait_for_url("**/arenden/forfragningar/")
    actor.locator("a[href*='?inquiry=']").first.click()
    actor.fill("input[name=surname_initial]", "S")
    actor.fill("input[name=first_name_initial]", "E")
    actor.fill("input[name=birth_year]", "1992")
    actor.check("input[name=gender][value=female]")
    actor.fill("input[name=nationality]", "Nigeria")
    actor.check("input[name=trafficking_type][value=sexual_exploitation]")
    actor.fill("[name=case_description]", "Utnyttjades i prostitution.")
    actor.eval_on_selector_all(
        "input[type=radio][value=no]",
        "els => els.forEach(e => { if (!document.querySelector("
        "`input[name='${e.name}']:checked`)) e.checked = true; })",
    )
    actor.fill("[name=recommendation]", "Tillträde rekommenderas.")
    actor.get_by_role("button", name="Skicka in").click()
    actor.wait_for_url("**/arenden/dokument/*/")
    href = actor.locator("main a[href^='/arenden/']").first.get_attribute("href")
    return _uuid_in(href)


def test_a_fresh_installation_is_set_up_and_runs_a_case_to_a_paid_invoice(
    browser: Any,
    live_server: Any,
    fresh_installation: None,
    db_worker: None,
    tmp_path: Path,
) -> None:
    try:
        _run_the_programme(browser, live_server, tmp_path)
    except Exception:
        # Each person's page as it was: its address and text in the report, and a picture.
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for n, context in enumerate(browser.contexts):
            for open_page in context.pages:
                print(f"--- browser {n}: {open_page.url}\n{open_page.locator('main').inner_text()}")
                try:
                    open_page.screenshot(path=str(SCREENSHOTS / f"fresh-installation-{n}.png"))
                except Exception as exc:  # a crashed page must not hide the failure
                    print(exc)
        raise
    finally:
        for context in browser.contexts:
            context.close()


def _run_the_programme(browser: Any, live_server: Any, tmp_path: Path) -> None:
    pm = _first_login(browser, live_server, "per")
    _set_up_programme(pm)

    coordinator = _first_login(browser, live_server, "anna")
    admin = _first_login(browser, live_server, "admin")
    _add_actor(coordinator, admin)
    _records_after_the_fact(coordinator, tmp_path)

    actor_context = browser.new_context(
        base_url=live_server.url, locale="sv-SE", viewport={"width": 1280, "height": 900}
    )
    actor_context.set_default_timeout(15_000)
    actor = actor_context.new_page()
    actor.on("dialog", lambda dialog: dialog.accept())
    log_in(actor, "lina", PASSWORD)
    actor.wait_for_url("**/")
    case = _actor_applies_for_admission(actor)

    # The coordinator admits the person (NSP/IB/Dok.01).
    coordinator.goto(f"/arenden/{case}/beslut/")
    coordinator.check("input[name=outcome][value=granted]")
    coordinator.fill("textarea[name=motivation]", "Tillhör målgruppen.")
    coordinator.get_by_role("button", name="Spara").click()
    coordinator.wait_for_url(f"**/arenden/{case}/")
    case_number = re.search(r"NSP\d{3,}", _main(coordinator))
    assert case_number, "the admitted case has its case number"

    # The actor applies for 30 days' rest.
    actor.goto(f"/finansiering/ansokningar/ny/vila/?case={case}")
    actor.fill("input[name=period_start]", TODAY.isoformat())
    actor.fill("input[name=period_end]", (TODAY + timedelta(days=30)).isoformat())
    actor.fill("[name=public_funding_sought]", "Socialtjänsten i Solna, avslag.")
    actor.select_option("select[name=public_funding_outcome]", "denied")
    actor.click("input[type=submit][name=submit]")
    actor.wait_for_url(re.compile(rf".*/finansiering/ansokningar/{UUID}/$"))
    application = _uuid_in(actor.url)

    # The coordinator grants it.
    coordinator.goto(f"/finansiering/ansokningar/{application}/beslut/")
    coordinator.select_option("select[name=outcome]", "granted")
    coordinator.fill("textarea[name=motivation]", "Behovet är styrkt.")
    coordinator.click("input[type=submit][name=submit]")
    coordinator.wait_for_url(re.compile(rf".*/finansiering/beslut/{UUID}/$"))
    decision = _uuid_in(coordinator.url)
    reference = f"B{TODAY.year}-0002"  # 0001 is the admission
    assert reference in _main(coordinator)

    # The actor invoices the period (the amount due from the granted days).
    actor.goto(f"/finansiering/beslut/{decision}/faktura/")
    assert "36 000" in _main(actor)  # 30 days at 1 200 SEK
    actor.set_input_files("input[name=invoice_file]", _pdf("faktura.pdf"))
    actor.click("input[type=submit][name=submit]")
    actor.wait_for_url(f"**/finansiering/beslut/{decision}/")

    # The coordinator attests, sends for payment and records the payment.
    coordinator.goto(f"/finansiering/beslut/{decision}/")
    coordinator.locator("main a[href*='/fakturor/']").first.click()
    coordinator.wait_for_url(re.compile(rf".*/finansiering/fakturor/{UUID}/(attest/)?$"))
    invoice = _uuid_in(coordinator.url)
    coordinator.goto(f"/finansiering/fakturor/{invoice}/attest/")
    coordinator.locator("main form button.btn-primary").click()
    coordinator.goto(f"/finansiering/fakturor/{invoice}/")
    assert "Attesterad" in _main(coordinator)
    _guide_picture(coordinator, "guide-16-send-for-payment.png")
    coordinator.fill("input[name=sent_on]", TODAY.isoformat())
    coordinator.get_by_role("button", name="Skickad för utbetalning").click()
    coordinator.wait_for_url(f"**/fakturor/{invoice}/")
    coordinator.fill("input[name=paid_on]", TODAY.isoformat())
    coordinator.fill("input[name=reference]", "VER-2026-0042")
    coordinator.get_by_role("button", name="Registrera utbetalningen").click()
    coordinator.wait_for_url(f"**/fakturor/{invoice}/")
    facts = coordinator.locator("#invoice-facts").inner_text()
    assert "Utbetald" in facts and "VER-2026-0042" in facts
    _guide_picture(coordinator, "guide-17-paid.png")

    # The budget page counts it paid in this year's period, and shows the further stream.
    coordinator.goto("/finansiering/budget/")
    budget = _main(coordinator)
    assert "36 000" in budget and "Övriga kostnader" in budget and "20 000" in budget
