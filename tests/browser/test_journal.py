"""The case journal in a real browser: actor A's staff writes an entry with an attachment,
the coordinator reads it, is offered the takeover action and comments."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from journal.choices import EntryKind
from journal.models import JournalComment, JournalEntry
from journal.services import entry_add
from nsp.accounts.models import Organisation, User
from reports.models import Notification
from tests.browser.conftest import log_in, log_in_with_code
from tests.cases.factories import CaseFactory
from tests.funding.factories import PDF_BYTES, budget, certify, grant, phase, rest_application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_writes_a_journal_entry_with_an_attachment(
    page: Any, staff_a: User, coordinator: User, org_a: Organisation
) -> None:
    case = CaseFactory(organisation=org_a, admitted=True)
    log_in(page, "staff_a")
    page.wait_for_url("**/")
    page.goto(f"/arenden/{case.pk}/")
    page.get_by_role("link", name="Ärendejournal").click()
    page.wait_for_url(f"**/journal/{case.pk}/")
    page.get_by_role("link", name="+ Ny anteckning").click()
    page.select_option("select[name=kind]", EntryKind.TAKEOVER)
    page.fill("input[name=entry_date]", timezone.localdate().isoformat())
    page.fill("textarea[name=text]", "Socialtjänsten i Solna tog över boendet i dag.")
    page.set_input_files(
        "input[name=attachment]",
        {"name": "beslut.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES},
    )
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url(f"**/journal/{case.pk}/**")
    main = page.locator("main").inner_text()
    assert "Socialtjänsten i Solna tog över boendet" in main
    assert "En myndighet tog över" in main and "beslut.pdf" in main
    entry = JournalEntry.objects.get()
    assert entry.author == staff_a and entry.attachment_name == "beslut.pdf"
    assert Notification.objects.filter(user=coordinator, kind="journal").count() == 1


def test_the_coordinator_reads_comments_and_is_offered_the_takeover(
    page: Any, staff_a: User, coordinator: User, org_a: Organisation
) -> None:
    certify(org_a)
    phase()
    budget()
    case = CaseFactory(organisation=org_a, admitted=True)
    decision = grant(rest_application(case, staff_a), coordinator)
    entry_add(
        case=case,
        by=staff_a,
        kind=EntryKind.POLICE_REPORT,
        entry_date=timezone.localdate(),
        text="Polisanmälan gjord i Solna.",
    )
    log_in_with_code(page, "coordinator")
    page.goto(f"/journal/{case.pk}/")
    assert "Polisanmälan gjord i Solna." in page.locator("main").inner_text()
    takeover = page.get_by_role("link", name="Registrera övertagande")
    assert takeover.get_attribute("href") == f"/finansiering/beslut/{decision.pk}/overtagande/"
    page.fill("textarea[name=text]", "Tack, håll mig informerad.")
    page.get_by_role("button", name="Kommentar").click()
    page.wait_for_url(f"**/journal/{case.pk}/**")
    assert "Tack, håll mig informerad." in page.locator("main").inner_text()
    assert JournalComment.objects.get().author == coordinator
