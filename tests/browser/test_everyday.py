"""Everyday use (issue 18), in a real browser: what shelter staff and the coordinator meet
every day — a readable case reference, lists that link only to what opens, questions before
locking, the context beside a decision and a code page that says why a code failed."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils.module_loading import import_string

from cases.models import Case, CaseDocument
from certification.models import ActivityProfile
from funding.models import FundingApplication
from nsp.accounts.models import Organisation, User
from tests.browser.conftest import log_in, log_in_with_code, totp_code
from tests.cases.factories import CaseFactory, ChildFactory, InquiryFactory, certify
from tests.factories import OrganisationFactory, UserFactory
from tests.funding.factories import (
    PDF_BYTES,
    FundingCaseFactory,
    budget,
    grant,
    item,
    phase,
    rest_application,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
GUIDE_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "img"


@pytest.fixture
def catalogues() -> None:
    """The questionnaires and catalogues, as the deploy loads them."""
    for path in settings.NSP_CATALOGUE_LOADERS:
        import_string(path)(io.StringIO())


def test_a_case_is_known_by_initials_birth_year_and_serial_from_its_first_save(
    page: Any, staff_a: User, org_a: Organisation
) -> None:
    first = CaseFactory(organisation=org_a, first_name_initial="K", surname_initial="M")
    second = CaseFactory(organisation=org_a, first_name_initial="K", surname_initial="M")
    assert str(first) == f"K.M. 1995 · {first.serial_prefix}-0001"
    assert str(second).endswith("-0002")  # same initials and year: the serial tells apart
    log_in(page, "staff_a")
    page.wait_for_url("**/")
    page.goto("/arenden/")
    main = page.locator("main").inner_text()
    assert str(first) in main and str(second) in main
    assert "Ärende utan beviljat tillträde" not in main
    page.get_by_role("link", name=str(second)).click()
    assert str(second) in page.locator("h1").inner_text()


def test_the_programme_managers_inquiry_list_links_only_to_pages_that_open(
    page: Any, programme_manager: User, org_a: Organisation
) -> None:
    InquiryFactory(organisation=org_a, description="Behöver skydd i natt.")
    log_in_with_code(page, "programme_manager")
    page.goto("/arenden/forfragningar/")
    assert "Behöver skydd i natt." in page.locator("main").inner_text()
    # The manager reads inquiries but may not edit them: the date is text, not a link.
    assert page.locator("main table a").count() == 0
    hrefs = page.eval_on_selector_all("main a[href]", "els => els.map(e => e.href)")
    for href in hrefs:
        response = page.request.get(href)
        assert response.status != 403, href


def test_the_code_page_says_when_a_code_was_already_used(page: Any, live_server: Any) -> None:
    UserFactory(username="samordnare", coordinator=True)
    code = totp_code()
    log_in(page, "samordnare")
    page.wait_for_url("**/2fa/authenticate/")
    page.fill("input[name=code]", code)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{live_server.url}/")
    page.context.clear_cookies()

    log_in(page, "samordnare")
    page.wait_for_url("**/2fa/authenticate/")
    page.fill("input[name=code]", code)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()
    assert "vänta på nästa kod" in page.locator("main").inner_text()


def test_submitting_a_document_asks_first_and_a_no_keeps_the_draft(
    page: Any, staff_a: User, org_a: Organisation, catalogues: None
) -> None:
    certify(org_a)
    case = CaseFactory(organisation=org_a, admitted=True)
    log_in(page, "staff_a")
    page.wait_for_url("**/")
    page.goto(f"/arenden/{case.pk}/dokument/in_depth/ny/")
    submit = page.get_by_role("button", name="Skicka in (låser dokumentet)")
    assert "kan inte längre ändras" in (submit.get_attribute("data-nsp-confirm") or "")
    page.evaluate("window.confirm = () => false")  # the person answers no
    submit.click()
    page.wait_for_timeout(300)
    assert page.url.endswith("/dokument/in_depth/ny/")
    assert not CaseDocument.objects.filter(case=case, kind="in_depth").exists()


def test_the_takeover_explains_itself_and_days_are_written_out(
    page: Any, staff_a: User, coordinator: User, org_a: Organisation, catalogues: None
) -> None:
    certify(org_a)
    phase()
    budget()
    case = FundingCaseFactory(organisation=org_a, admitted=True)
    decision = grant(rest_application(case, staff_a, days=30), coordinator)
    log_in_with_code(page, "coordinator")
    page.goto(f"/finansiering/beslut/{decision.pk}/")
    main = page.locator("main").inner_text()
    assert "En myndighet tog över – perioden och beloppet slutar den dagen" in main
    assert "(30 dagar)" in main
    assert Case.objects.get(pk=case.pk).serial_label in main


def _estimate_showing(page: Any, needle: str) -> str:
    """The estimate panel's text (amounts use a no-break space) once it shows ``needle``."""
    text = ""
    for _ in range(75):
        text = page.locator("[aria-live]").inner_text().replace("\u00a0", " ")
        if needle in text:
            return str(text)
        page.wait_for_timeout(200)
    raise AssertionError(text)


def test_limits_and_amounts_show_while_the_intervention_form_is_filled_in(
    page: Any, staff_a: User, org_a: Organisation
) -> None:
    """Seed 002: "max 5000 per person och tillfälle" — the cap and the price-list maximum are
    shown, and broken, before the form is sent."""
    certify(org_a)
    phase()
    therapy = item("therapy")
    case = FundingCaseFactory(organisation=org_a, admitted=True)
    log_in(page, "staff_a")
    page.wait_for_url("**/")
    page.goto("/finansiering/ansokningar/ny/insats/")
    page.select_option("select[name=case]", str(case.pk))
    page.select_option("select[name=item]", str(therapy.pk))
    page.fill("input[name=quantity]", "8")
    page.fill("input[name=unit_cost]", "800")
    page.locator("input[name=unit_cost]").blur()
    text = _estimate_showing(page, "6 400 kr")
    assert "5 000 kr" in text  # the cap per person and occasion
    assert "överstiger taket" in text
    assert not FundingApplication.objects.exists()  # nothing was sent


def test_the_rest_form_shows_the_30_day_amount_with_the_child_supplement(
    page: Any, staff_a: User, org_a: Organisation
) -> None:
    """Seed 002: 30 days with one accompanying child come to 45 000 SEK."""
    certify(org_a)
    phase()
    case = FundingCaseFactory(organisation=org_a, admitted=True)
    ChildFactory(case=case)
    log_in(page, "staff_a")
    page.wait_for_url("**/")
    page.goto("/finansiering/ansokningar/ny/vila/")
    page.select_option("select[name=case]", str(case.pk))
    page.fill("input[name=period_start]", "2026-03-01")
    page.fill("input[name=period_end]", "2026-03-31")  # 30 nights (rules-money)
    page.locator("input[name=period_end]").blur()
    assert "30 dagar" in _estimate_showing(page, "45 000 kr")


def test_a_quote_attached_to_a_form_over_the_cap_is_kept_and_can_be_removed(
    page: Any, staff_a: User, org_a: Organisation
) -> None:
    """The quote is no longer dropped when the price is over the cap: it is kept with the
    form ("bifogad: offert.pdf") and used on the next try, or removed."""
    certify(org_a)
    phase()
    budget()
    therapy = item("therapy")
    case = FundingCaseFactory(organisation=org_a, admitted=True)
    log_in(page, "staff_a")
    page.wait_for_url("**/")
    page.goto("/finansiering/ansokningar/ny/insats/")
    page.select_option("select[name=case]", str(case.pk))
    page.select_option("select[name=item]", str(therapy.pk))
    page.fill("input[name=quantity]", "8")
    page.fill("input[name=unit_cost]", "800")
    page.fill("input[name=needed_by]", "2026-12-31")
    page.fill("textarea[name=public_funding_sought]", "Socialtjänsten kontaktades.")
    page.select_option("select[name=public_funding_outcome]", index=1)
    page.set_input_files(
        "input[name=cost_document]",
        files=[{"name": "offert.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}],
    )
    page.locator("main form [type=submit]").last.click()
    page.wait_for_load_state()
    assert "överstiger taket" in page.locator("main").inner_text()
    assert "bifogad: offert.pdf" in page.locator("#held-file").inner_text()

    page.fill("input[name=quantity]", "5")  # 5 × 800 = 4 000 kr, within the cap
    page.locator("main form [type=submit]").last.click()
    page.wait_for_url("**/finansiering/ansokningar/*/")
    application = FundingApplication.objects.get()
    assert application.cost_document.name.endswith(".pdf")


def test_the_coordinator_asks_the_manager_for_step_1_and_the_manager_sees_the_task(
    page: Any,
    browser: Any,
    live_server: Any,
    coordinator: User,
    manager_a: User,
    org_a: Organisation,
    catalogues: None,
) -> None:
    """Issue 18: "the coordinator can fill in step 1 for a new organisation or send it to
    the organisation's manager" — the send, and the task it puts on the manager's page."""
    log_in_with_code(page, "coordinator")
    page.goto(f"/certifiering/aktor/{org_a.pk}/")
    assert page.get_by_role("link", name="Fyll i verksamhetsprofilen åt organisationen").count()
    page.get_by_role("link", name="Be verksamhetsansvarig fylla i den").click()
    page.fill("textarea[name=message]", "Hör av er om ni vill ha hjälp.")
    if os.environ.get("NSP_GUIDE_SCREENSHOTS"):  # renews the user guide's picture
        page.locator("main").screenshot(path=str(GUIDE_IMAGES / "guide-cert-1-request.png"))
    page.get_by_role("button", name="Skicka begäran").click()
    page.wait_for_url(f"**/certifiering/aktor/{org_a.pk}/")
    assert "Begäran skickades" in page.locator("main").inner_text()
    manager = browser.new_context(base_url=live_server.url, locale="sv-SE").new_page()
    log_in(manager, "manager_a")
    manager.wait_for_url("**/")
    task = manager.locator("#task-profile-request")
    assert "Fyll i verksamhetsprofilen (steg 1)" in task.inner_text()
    assert "Hör av er om ni vill ha hjälp." in task.inner_text()
    if os.environ.get("NSP_GUIDE_SCREENSHOTS"):
        task.screenshot(path=str(GUIDE_IMAGES / "guide-cert-2-task.png"))
    task.get_by_role("link", name="Fyll i verksamhetsprofilen").click()
    manager.wait_for_url(f"**/certifiering/aktor/{org_a.pk}/profil/")
    manager.context.close()


def test_the_coordinator_fills_in_step_1_for_a_new_organisation(
    page: Any, coordinator: User, catalogues: None
) -> None:
    """Issue 18, the other half: a new organisation with no manager account yet; the
    coordinator fills in its activity profile, is asked before it locks, and then sees it
    waiting for review in the dashboard's pilot table."""
    org = OrganisationFactory(name="Nya Jouren")
    log_in_with_code(page, "coordinator")
    page.goto(f"/certifiering/aktor/{org.pk}/")
    page.get_by_role("link", name="Fyll i verksamhetsprofilen åt organisationen").click()
    page.wait_for_url(f"**/certifiering/aktor/{org.pk}/profil/")
    assert "som samordnare" in page.locator("main").inner_text()
    page.check("input[name='2.3.1__offers']")
    page.fill("input[name=housing__places]", "4")
    submit = page.get_by_role("button", name="Skicka till samordnaren")
    assert "låses" in (submit.get_attribute("data-nsp-confirm") or "")
    page.once("dialog", lambda dialog: dialog.accept())
    submit.click()
    page.wait_for_url(f"**/certifiering/aktor/{org.pk}/")
    assert "Profilen är inskickad; granska den" in page.locator("main").inner_text()
    profile = ActivityProfile.objects.get(organisation=org)
    assert profile.submitted_by == coordinator and profile.services["2.3.1"]["offers"] is True
    page.goto("/")
    row = page.locator("tr", has=page.get_by_role("link", name="Nya Jouren"))
    assert "Inskickad, att granska" in row.inner_text()
