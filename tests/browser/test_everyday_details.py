"""Everyday use (issue 18), the finer points in a real browser: the case reference in the
forms' case menu and in notifications, the days of rest already granted while filling in,
a held quote that can be removed, outlines and focus one can see, and statistics charts
that stay readable on a phone with a text alternative."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from cases.models import Case
from nsp.accounts.models import Organisation, User
from tests.browser.conftest import log_in, log_in_with_code
from tests.browser.test_everyday import _estimate_showing
from tests.cases.factories import CaseFactory
from tests.funding.factories import (
    PDF_BYTES,
    FundingCaseFactory,
    budget,
    certify,
    grant,
    item,
    phase,
    rest_application,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalogues() -> None:
    """The questionnaires and catalogues, as the deploy loads them."""
    for path in settings.NSP_CATALOGUE_LOADERS:
        import_string(path)(io.StringIO())


def _granted_rest(org: Organisation, staff: User, coordinator: User, days: int) -> Any:
    certify(org)
    phase()
    budget()
    case = FundingCaseFactory(organisation=org, admitted=True)
    return grant(rest_application(case, staff, days=days), coordinator)


def test_the_case_reference_names_the_case_in_the_form_menu_and_in_notifications(
    page: Any, staff_a: User, coordinator: User, org_a: Organisation, catalogues: None
) -> None:
    """Notifications also leave by e-mail: number and serial, not initials and birth year."""
    decision = _granted_rest(org_a, staff_a, coordinator, days=10)
    case = Case.objects.get(pk=decision.application.case_id)
    log_in(page, "staff_a")
    page.wait_for_url("**/")
    page.goto("/finansiering/ansokningar/ny/vila/")
    options = page.locator("select[name=case] option").all_inner_texts()
    assert str(case) in options

    page.goto("/rapporter/notiser/")
    notices = page.locator("main").inner_text()
    assert case.notice_label in notices
    assert case.person_label not in notices


def test_the_rest_form_shows_the_days_of_rest_already_granted(
    page: Any, staff_a: User, coordinator: User, org_a: Organisation, catalogues: None
) -> None:
    decision = _granted_rest(org_a, staff_a, coordinator, days=10)
    start = timezone.localdate() + timedelta(days=20)
    log_in(page, "staff_a")
    page.wait_for_url("**/")
    page.goto("/finansiering/ansokningar/ny/vila/")
    page.select_option("select[name=case]", str(decision.application.case_id))
    page.fill("input[name=period_start]", start.isoformat())
    page.fill("input[name=period_end]", (start + timedelta(days=5)).isoformat())
    page.locator("input[name=period_end]").blur()
    text = _estimate_showing(page, "Dagar med vila som personen redan beviljats")
    assert "Dagar med vila som personen redan beviljats 10 dagar" in " ".join(text.split())


def test_a_quote_kept_with_a_failed_form_can_be_removed(
    page: Any, staff_a: User, org_a: Organisation
) -> None:
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
    page.fill("input[name=unit_cost]", "800")  # 6 400 kr: over the cap, the form fails
    page.set_input_files(
        "input[name=cost_document]",
        files=[{"name": "offert.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}],
    )
    page.locator("main form [type=submit]").last.click()
    held = page.locator("#held-file")
    assert "bifogad: offert.pdf" in held.inner_text()
    held.get_by_role("button", name="Ta bort").click()
    page.wait_for_load_state()
    assert page.locator("#held-file").count() == 0
    assert page.locator("input[name=quantity]").input_value() == "8"  # the rest is kept


def _contrast(page: Any, selector: str, prop: str) -> float:
    """The contrast ratio of ``prop`` of the first ``selector`` against white (WCAG)."""
    return float(
        page.eval_on_selector(
            selector,
            """(el, prop) => {
              const [r, g, b] = getComputedStyle(el)[prop].match(/\\d+/g).slice(0, 3)
                .map(v => { v = v / 255;
                  return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
              const l = 0.2126 * r + 0.7152 * g + 0.0722 * b;
              return 1.05 / (l + 0.05);
            }""",
            prop,
        )
    )


def test_fields_radios_checkboxes_and_focus_have_outlines_one_can_see(
    page: Any, staff_a: User, org_a: Organisation, catalogues: None
) -> None:
    """WCAG 2.1 AA 1.4.11 (non-text contrast, 3:1) and 2.4.7 (focus visible), which axe
    does not measure; the issue measured field and radio outlines at 1.30:1."""
    certify(org_a)
    log_in(page, "staff_a")
    page.wait_for_url("**/")
    page.goto("/arenden/ansokan/ny/")
    for selector in (
        "input[name=surname_initial]",
        "input[type=radio]",
        "input[type=checkbox]",
        "select",
    ):
        assert _contrast(page, selector, "borderTopColor") >= 3, selector
    field = page.locator("input[name=surname_initial]")
    field.focus()
    outline = field.evaluate(
        "el => { const s = getComputedStyle(el); return [s.outlineStyle, s.outlineWidth]; }"
    )
    assert outline[0] != "none" and float(outline[1].removesuffix("px")) >= 2, outline
    assert _contrast(page, "input[name=surname_initial]", "outlineColor") >= 3


def test_the_statistics_charts_stay_readable_on_a_phone_with_a_text_alternative(
    page: Any, coordinator: User, org_a: Organisation
) -> None:
    for nationality in ("Ukraina", "Nigeria", "Rumänien"):
        CaseFactory(organisation=org_a, admitted=True, nationality=nationality)
    log_in_with_code(page, "coordinator")
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/rapporter/statistik/")
    charts = page.locator("svg.nsp-chart")
    assert charts.count() >= 3
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # the page restacks
    for n in range(charts.count()):
        chart = charts.nth(n)
        title = chart.locator("title").text_content() or ""
        assert title.strip() and title == chart.get_attribute("aria-label")
        # The labels keep at least 11 px on screen, and the chart fits inside its card.
        heights = chart.locator("text.nsp-chart-label").evaluate_all(
            "els => els.map(e => e.getBoundingClientRect().height)"
        )
        assert heights and min(heights) >= 11, heights
        assert chart.evaluate("e => e.getBoundingClientRect().right") <= 375
    titles = charts.locator("title").all_text_contents()
    assert any("Ukraina" in t for t in titles)  # the nationality chart names every bar
    # The tables beside the charts carry the same figures.
    assert "Ukraina" in page.locator("main table", has_text="Ukraina").first.inner_text()


def test_a_completed_step_2_visit_certifies_by_itself_with_the_reason_written(
    page: Any, coordinator: User, org_a: Organisation, catalogues: None
) -> None:
    """A completed step-2 visit with every minimum requirement met certifies the actor;
    the status history shows the reason written from the visit, nobody typed it."""
    from certification.choices import CertificationStatus
    from certification.models import Certification

    Certification.objects.update_or_create(
        organisation=org_a, defaults={"status": CertificationStatus.STEP_2}
    )
    log_in_with_code(page, "coordinator")
    page.goto(f"/certifiering/aktor/{org_a.pk}/bedomning/ny/")
    page.select_option("select[name=catalogue]", index=1)
    page.locator("main form [type=submit]").click()
    page.wait_for_url("**/bedomning/*/svar/")
    page.eval_on_selector_all(
        "select[name$=__outcome]", "els => els.forEach(e => { e.value = 'met'; })"
    )
    page.locator("main form [type=submit][name=complete]").click()
    page.wait_for_url(re.compile(r".*/bedomning/[0-9a-f-]+/$"))
    page.goto(f"/certifiering/aktor/{org_a.pk}/")
    assert "Certifierad: organisationen får ansöka om medel" in page.locator("main").inner_text()
    heading = page.get_by_role("heading", name="Statushistorik")
    history = page.locator(".nsp-card", has=heading).inner_text()
    assert "Steg 2 slutfört: certifieringsbesöket" in history
    assert "Inget krav var ouppfyllt." in history
