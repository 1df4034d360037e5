"""Casework pages of issue 19 in a real browser: the exit report's confirm step while a
funded period runs, the support period report's list of granted periods, the
coordinator's "Markera som mottagen" and the children of the initial assessment on the
case page."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from cases.choices import CaseStatus, DocumentKind
from cases.models import Case, CaseDocument
from cases.services import document_write
from nsp.accounts.models import Organisation, User
from tests.browser.conftest import log_in, log_in_with_code
from tests.cases.factories import answers_for
from tests.funding.factories import (
    FundingCaseFactory,
    budget,
    certify,
    grant,
    phase,
    rest_application,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalogues() -> None:
    """The questionnaires and catalogues, as the deploy loads them."""
    for path in settings.NSP_CATALOGUE_LOADERS:
        import_string(path)(io.StringIO())


@pytest.fixture
def granted(org_a: Organisation, staff_a: User, coordinator: User, catalogues: None) -> Any:
    """An admitted case of actor A with 30 days' rest granted from today."""
    certify(org_a)
    phase()
    budget()
    case = FundingCaseFactory(organisation=org_a, admitted=True)
    return grant(rest_application(case, staff_a, days=30), coordinator)


def _write(decision: Any, by: User, kind: str, *, submit: bool, **kw: Any) -> CaseDocument:
    case = decision.application.case
    return document_write(
        case=case,
        organisation=case.organisation,
        kind=kind,
        by=by,
        answers=answers_for(kind, **kw),
        submit=submit,
        period_id=decision.pk if kind == DocumentKind.PERIOD_REPORT else None,
    )


def test_the_exit_report_shows_the_running_period_and_closes_the_case_on_confirmation(
    page: Any, staff_a: User, granted: Any
) -> None:
    today = timezone.localdate().isoformat()
    draft = _write(granted, staff_a, DocumentKind.EXIT_REPORT, submit=False, date=today)
    log_in(page, "staff_a")
    page.wait_for_url("**/")
    page.goto(f"/arenden/dokument/{draft.pk}/redigera/")
    page.get_by_role("button", name="Skicka in (låser dokumentet)").click()
    page.wait_for_url(f"**/arenden/dokument/{draft.pk}/avsluta/")
    assert granted.reference in page.locator("ul.cases-exit-open").inner_text()
    case = Case.objects.get(pk=granted.application.case_id)
    assert case.status == CaseStatus.ADMITTED  # nothing closed before the confirmation

    page.get_by_role("button", name="Bekräfta och avsluta ärendet").click()
    page.wait_for_url(f"**/arenden/dokument/{draft.pk}/")
    assert "Inskickad. Ärendet är avslutat." in page.locator("main .alert-success").inner_text()
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED


def test_the_period_report_is_written_for_a_period_chosen_from_the_list(
    page: Any, staff_a: User, granted: Any
) -> None:
    case = granted.application.case
    log_in(page, "staff_a")
    page.wait_for_url("**/")
    page.goto(f"/arenden/{case.pk}/")
    page.get_by_role("link", name="+ Rapport stödperiod").click()
    row = page.locator("main tbody tr", has_text=granted.reference)
    assert "Max 30 dagar" in row.inner_text()
    row.get_by_role("link", name="Skriv rapporten").click()
    page.wait_for_url(f"**/dokument/period_report/ny/?period={granted.pk}")
    start = page.locator("[name=period_start]")
    assert start.is_disabled() and start.input_value() == granted.granted_start.isoformat()
    page.get_by_role("button", name="Spara utkast").click()
    page.wait_for_url("**/arenden/dokument/*/")
    assert "Utkastet är sparat." in page.locator("main .alert-success").inner_text()

    page.goto(f"/arenden/{case.pk}/dokument/period_report/ny/")
    row = page.locator("main tbody tr", has_text=granted.reference)
    assert "version 1" in row.inner_text()
    assert row.get_by_role("link", name="Skriv rapporten").count() == 0


def test_the_coordinator_marks_a_period_report_received(
    page: Any, staff_a: User, coordinator: User, granted: Any
) -> None:
    """002, Rapport stödperiod: "Mottaget av: … Datum:" — recorded by the coordinator's
    button, not typed by the actor."""
    report = _write(granted, staff_a, DocumentKind.PERIOD_REPORT, submit=True)
    log_in_with_code(page, "coordinator")
    page.goto(f"/arenden/dokument/{report.pk}/")
    page.get_by_role("button", name="Markera som mottagen").click()
    page.wait_for_url(f"**/arenden/dokument/{report.pk}/")
    assert "Markerad som mottagen." in page.locator("main .alert-success").inner_text()
    received = page.locator("#received").inner_text()
    assert timezone.localdate().isoformat() in received
    assert coordinator.display_name in received
    assert page.get_by_role("button", name="Markera som mottagen").count() == 0


def test_the_children_of_the_initial_assessment_fill_the_case_children_table(
    page: Any, staff_a: User, org_a: Organisation, catalogues: None
) -> None:
    """002, NSP/IB/Dok.01: "Har den sökande minderåriga barn? Ange var barnet/barnen finns,
    kön, ålder etc." — the rows typed in the assessment become the case's children."""
    certify(org_a)
    log_in(page, "staff_a")
    page.wait_for_url("**/")
    page.goto("/arenden/ansokan/ny/")
    page.fill("input[name=surname_initial]", "N")
    page.fill("input[name=first_name_initial]", "R")
    page.fill("input[name=birth_year]", "1991")
    page.check("input[name=gender][value=female]")
    page.fill("input[name=nationality]", "Moldavien")
    page.check("input[name=minor_children][value=yes]")
    page.fill("input[name=children__1__age]", "6")
    page.select_option("select[name=children__1__gender]", "woman")
    page.select_option("select[name=children__1__location]", "with_parent")
    page.fill("input[name=children__2__age]", "11")
    page.select_option("select[name=children__2__gender]", "man")
    page.select_option("select[name=children__2__location]", "home_country")
    page.check("input[name=trafficking_type][value=forced_labour]")
    page.eval_on_selector_all(
        "input[type=radio][value=no]",
        "els => els.forEach(e => { if (!document.querySelector("
        "`input[name='${e.name}']:checked`)) e.checked = true; })",
    )
    page.fill("[name=recommendation]", "Tillträde rekommenderas.")
    page.get_by_role("button", name="Skicka in").click()
    page.wait_for_url("**/arenden/dokument/*/")
    case = CaseDocument.objects.get().case

    page.goto(f"/arenden/{case.pk}/")
    section = page.locator("section", has=page.get_by_role("heading", name="Barn", exact=True))
    rows = section.locator("tbody tr").all_inner_texts()
    assert len(rows) == 2
    assert rows[0].startswith("6") and "medföljande" in rows[0]
    assert rows[1].startswith("11") and "hemlandet" in rows[1]
    assert "1 medföljande barn" in section.inner_text()
