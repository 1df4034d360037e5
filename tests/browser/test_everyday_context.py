"""Everyday use (issue 18), more of it in a real browser: the inquiry's text in the
application, the case's events in time order and two assessments of one day told apart,
an uncertified actor told why before filling in, the context beside both decisions, one
name for the point intervention and a PDF button that looks usable."""

from __future__ import annotations

import io
from datetime import datetime, time, timedelta
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from cases.choices import DocumentKind
from funding.choices import Stream
from funding.selectors import stream_remaining
from nsp.accounts.models import Organisation, User
from nsp.templatetags.nsp import sek
from tests.browser.conftest import log_in, log_in_with_code
from tests.cases.factories import CaseDocumentFactory, CaseFactory, InquiryFactory, answers_for
from tests.funding.factories import (
    FundingCaseFactory,
    budget,
    certify,
    grant,
    phase,
    rest_application,
    stream,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalogues() -> None:
    """The questionnaires and catalogues, as the deploy loads them."""
    for path in settings.NSP_CATALOGUE_LOADERS:
        import_string(path)(io.StringIO())


def _main(page: Any) -> str:
    return " ".join(page.locator("main").inner_text().replace("\u00a0", " ").split())


def test_the_inquiry_text_follows_it_into_the_application(
    page: Any, staff_a: User, org_a: Organisation, catalogues: None
) -> None:
    certify(org_a)
    text = "Hon ringde från en bensinstation i Gävle och behöver skydd i natt."
    InquiryFactory(organisation=org_a, from_whom="Polisen i Gävle", description=text)
    log_in(page, "staff_a")
    page.wait_for_url("**/")
    page.goto("/arenden/forfragningar/")
    page.locator("main a[href*='?inquiry=']").first.click()
    page.wait_for_url("**/arenden/ansokan/ny/?inquiry=*")
    assert text in page.locator("main .nsp-card", has_text="Från förfrågan").inner_text()
    assert page.locator("[name=case_description]").input_value() == text
    assert page.locator("[name=contact_organisation]").input_value() == "Polisen i Gävle"


def _at(day: Any, hour: int, minute: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def test_the_events_are_in_time_order_and_two_assessments_of_a_day_are_told_apart(
    page: Any, staff_a: User, org_a: Organisation, catalogues: None
) -> None:
    case = CaseFactory(organisation=org_a, admitted=True)
    day = timezone.localdate() - timedelta(days=1)
    for hour, minute in ((9, 15), (14, 40)):
        CaseDocumentFactory(
            case=case,
            kind=DocumentKind.IN_DEPTH,
            submitted=True,
            submitted_at=_at(day, hour, minute),
            created_by=staff_a,
            answers=answers_for(DocumentKind.IN_DEPTH, date=day.isoformat()),
        )
    log_in(page, "staff_a")
    page.wait_for_url("**/")
    page.goto(f"/arenden/{case.pk}/")
    timeline = page.locator(".cases-timeline")
    timeline.get_by_text("14:40").wait_for()
    events = timeline.inner_text()
    # Newest first, to the minute: the afternoon assessment above the morning one.
    assert events.index("14:40") < events.index("09:15")

    page.get_by_role("link", name="Jämför fördjupade behovsbedömningar").click()
    page.wait_for_url(f"**/arenden/{case.pk}/jamfor/")
    before = page.locator("#cmp-a option").all_inner_texts()
    assert len(before) == 2 and before[0] != before[1]
    assert any("09:15" in o for o in before) and any("14:40" in o for o in before)
    headers = page.locator("table.cases-compare thead th").all_inner_texts()
    assert "09:15" in headers[1] and "14:40" in headers[2]
    # On a phone the comparison restacks: the page itself does not scroll sideways.
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_an_actor_that_may_not_file_applications_sees_why_before_filling_in(
    page: Any, staff_a: User, org_a: Organisation, catalogues: None
) -> None:
    """The organisation is not certified: the buttons are shown disabled with the reason,
    and the forms say it at the top, before anything is typed."""
    phase()
    why = "är inte certifierad och kan därför inte göra ansökningar"
    log_in(page, "staff_a")
    page.wait_for_url("**/")
    page.goto("/arenden/")
    assert why in page.locator("#filing-blocked").inner_text()
    assert page.get_by_role("link", name="Ny ansökan om tillträde").count() == 0
    assert page.locator("main [aria-disabled=true]", has_text="Ny ansökan om tillträde").count()

    page.goto("/finansiering/ansokningar/")
    assert why in page.locator("main .nsp-flag").inner_text()
    assert page.get_by_role("link", name="Ansök om 30 dagars vila").count() == 0

    for url in ("/arenden/ansokan/ny/", "/finansiering/ansokningar/ny/vila/"):
        page.goto(url)
        assert why in page.locator("main .nsp-flag", has_text=why).inner_text(), url


def test_the_admission_decision_shows_the_initial_assessment_in_brief(
    page: Any, coordinator: User, staff_a: User, org_a: Organisation, catalogues: None
) -> None:
    certify(org_a)
    case = CaseFactory(organisation=org_a)
    summary = {
        "exposure_summary": "Tvingades arbeta utan lön på en byggarbetsplats.",
        "vulnerability_summary": "Saknar nätverk och språk i Sverige.",
        "recommendation": "Tillträde rekommenderas.",
    }
    CaseDocumentFactory(
        case=case,
        kind=DocumentKind.INITIAL,
        submitted=True,
        created_by=staff_a,
        answers=answers_for(DocumentKind.INITIAL, **summary),
    )
    log_in_with_code(page, "coordinator")
    page.goto(f"/arenden/{case.pk}/beslut/")
    brief = page.locator("section", has_text="Den initiala behovsbedömningen i korthet")
    text = brief.inner_text()
    for answer in summary.values():
        assert answer in text
    assert page.locator("input[name=outcome][value=granted]").is_visible()


def test_the_funding_decision_shows_the_stream_the_days_of_rest_and_earlier_grants(
    page: Any, coordinator: User, staff_a: User, org_a: Organisation, catalogues: None
) -> None:
    certify(org_a)
    phase()
    budget()
    case = FundingCaseFactory(organisation=org_a, admitted=True)
    earlier = grant(rest_application(case, staff_a, days=10), coordinator)
    start = timezone.localdate() + timedelta(days=20)
    pending = rest_application(case, staff_a, days=15, period_start=start)
    remaining = sek(stream_remaining(stream(Stream.REST))).replace("\u00a0", " ")
    log_in_with_code(page, "coordinator")
    page.goto(f"/finansiering/ansokningar/{pending.pk}/beslut/")
    context = page.locator("section[aria-labelledby=context-heading]")
    text = " ".join(context.inner_text().replace("\u00a0", " ").split())
    assert "Kvar i budgetposten" in text and remaining in text
    assert "10 dagar" in text  # the person's days of rest already granted
    context.get_by_role("link", name=earlier.reference).click()
    page.wait_for_url(f"**/finansiering/beslut/{earlier.pk}/")


def test_the_point_intervention_has_one_name_from_the_dashboard_to_the_form(
    page: Any, staff_a: User, org_a: Organisation, catalogues: None
) -> None:
    """Issue 18: "Inköpsanmodan" on the dashboard, "Punktinsats" on the form — now one."""
    certify(org_a)
    phase()
    log_in(page, "staff_a")
    page.wait_for_url("**/")
    assert "Inköpsanmodan" not in _main(page)
    page.get_by_role("link", name="Ansök om punktinsats").first.click()
    page.wait_for_url("**/finansiering/ansokningar/ny/insats/")
    assert "Punktinsats" in page.locator("h1").inner_text()
    assert "Inköpsanmodan" not in _main(page)
    page.goto("/finansiering/ansokningar/")
    assert "Inköpsanmodan" not in _main(page)
    assert page.get_by_role("link", name="Ansök om punktinsats").count() == 1


def test_the_pdf_button_looks_usable(
    page: Any, staff_a: User, coordinator: User, org_a: Organisation, catalogues: None
) -> None:
    certify(org_a)
    phase()
    budget()
    case = FundingCaseFactory(organisation=org_a, admitted=True)
    decision = grant(rest_application(case, staff_a, days=30), coordinator)
    log_in(page, "staff_a")
    page.wait_for_url("**/")
    page.goto(f"/finansiering/beslut/{decision.pk}/")
    button = page.get_by_role("link", name="Beslutshandling (PDF)")
    classes = button.get_attribute("class") or ""
    assert "disabled" not in classes and "secondary" not in classes
    assert button.get_attribute("aria-disabled") is None
    style = button.evaluate(
        "a => { const s = getComputedStyle(a);"
        " return [s.color, s.opacity, s.pointerEvents, s.borderColor]; }"
    )
    # The programme's primary blue (#0a58ca), fully opaque and clickable, not a grey.
    assert style == ["rgb(10, 88, 202)", "1", "auto", "rgb(10, 88, 202)"], style
    response = page.request.get(button.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
