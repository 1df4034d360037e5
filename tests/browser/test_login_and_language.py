"""Logging in, role limits and the language switch, in a real browser."""

from __future__ import annotations

from typing import Any

import pytest

from nsp.accounts.models import Organisation
from tests.browser.conftest import log_in, totp_code
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_coordinator_logs_in_with_password_and_code(page: Any, live_server: Any) -> None:
    UserFactory(username="samordnare", coordinator=True)

    log_in(page, "samordnare")
    # The password alone opens nothing: allauth asks for the authenticator code.
    page.wait_for_url("**/accounts/2fa/authenticate/")
    page.fill("input[name=code]", totp_code())
    page.get_by_role("button", name="Logga in").click()

    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("h1").inner_text() == "Samordnarens översikt"
    assert "samordnare" in page.locator("nav").inner_text()


def test_a_wrong_code_keeps_the_coordinator_out(page: Any) -> None:
    UserFactory(username="samordnare", coordinator=True)

    log_in(page, "samordnare")
    page.wait_for_url("**/accounts/2fa/authenticate/")
    page.fill("input[name=code]", "000000")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()

    assert page.url.endswith("/accounts/2fa/authenticate/")
    assert page.locator(".invalid-feedback, .alert-danger, .errorlist").count() >= 1
    # The dashboard sends the half-logged-in user back to the code form.
    assert page.goto("/").url.endswith("/accounts/2fa/authenticate/")


def test_an_actor_reaches_the_dashboard_but_not_the_user_administration(page: Any) -> None:
    org = Organisation.objects.create(name="Aktör A", org_number="802000-0001")
    UserFactory(username="handlaggare", organisation=org)

    log_in(page, "handlaggare")
    page.wait_for_url("**/")
    assert page.locator("nav").get_by_text("Aktör A").count() == 1

    response = page.goto("/admin/anvandare/")
    assert response.status == 403


def _log_out_label(page: Any) -> str:
    """Open the user menu and read its log-out button (then close the menu again)."""
    page.get_by_role("button", name="handlaggare").click()
    label = str(page.locator("nav form[action$='/logout/'] button").inner_text()).strip()
    page.keyboard.press("Escape")
    return label


def test_the_language_switches_to_english_and_back(page: Any) -> None:
    org = Organisation.objects.create(name="Aktör A", org_number="802000-0001")
    UserFactory(username="handlaggare", organisation=org)
    log_in(page, "handlaggare")
    page.wait_for_url("**/")
    assert page.locator("html").get_attribute("lang") == "sv"
    assert _log_out_label(page) == "Logga ut"

    page.get_by_role("button", name="English").click()
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert _log_out_label(page) == "Log out"

    page.get_by_role("button", name="Svenska").click()
    page.wait_for_function("document.documentElement.lang === 'sv'")
    assert _log_out_label(page) == "Logga ut"
