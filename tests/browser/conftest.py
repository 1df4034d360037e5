"""Real-Chromium tests: Playwright (Python) drives Debian's /usr/bin/chromium, headless.

* ``live_server`` (pytest-django) serves the app from a thread of the test process on a
  free port; each xdist worker has its own server and its own test database.
* ``browser`` is launched once per worker; ``page`` is a fresh context (no cookies) per
  test, Swedish first like the programme's users.
* A failing test leaves a full-page screenshot in ``var/screenshots/<test>.png``.
* Playwright is never asked to download a browser (``playwright install`` is not used).

Mark every test ``@pytest.mark.browser`` and ``@pytest.mark.django_db(transaction=True)``
(the live server reads the database from another thread, so data must be committed).
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import pytest

from nsp.accounts.allauth_internal import format_hotp_value, hotp_value
from tests.factories import TEST_PASSWORD, TEST_TOTP_SECRET

# Playwright's sync API runs an event loop in this thread; the ORM calls that fixtures
# make from it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Keep each phase's report on the item, so ``page`` knows if the test failed."""
    outcome: Any = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    """allauth counts failed logins per IP in the cache; every browser comes from 127.0.0.1
    and other tests in this process may have used up the allowance."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session")
def browser() -> Generator[Any, None, None]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(
    browser: Any, live_server: Any, request: pytest.FixtureRequest
) -> Generator[Any, None, None]:
    context = browser.new_context(
        base_url=live_server.url,
        locale="sv-SE",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    # Locking actions ask "… now?" first (static/js/nsp-confirm.js); a person answers yes.
    # A test that checks the question registers its own handler.
    page.on("dialog", lambda dialog: dialog.accept())
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)[-150:]
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    context.close()


def totp_code() -> str:
    """The current code for the factory secret, as an authenticator app would show it."""
    return format_hotp_value(hotp_value(TEST_TOTP_SECRET, int(time.time()) // 30))


def log_in(page: Any, username: str, password: str = TEST_PASSWORD) -> None:
    """Fill allauth's login form as a person would."""
    page.goto("/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", password)
    page.get_by_role("button", name="Logga in").click()


def log_in_with_code(page: Any, username: str) -> None:
    """A programme user's login: the password, then the authenticator's current code, to
    the dashboard."""
    log_in(page, username)
    page.wait_for_url("**/2fa/authenticate/")
    page.fill("input[name=code]", totp_code())
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/")
