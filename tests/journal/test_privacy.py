"""The journal is part of the register extract, of retention and of erasure."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cases.models import Case
from journal.models import JournalComment, JournalEntry
from nsp.accounts.models import Organisation, User
from privacy.anonymise import PLACEHOLDER
from privacy.selectors import case_register
from privacy.services import case_erase, retention_apply
from tests.journal.factories import JournalEntryFactory
from tests.privacy.factories import full_case

pytestmark = pytest.mark.django_db

SECRET = "Hon berättade om Malmö-adressen"


def _journal(case: Case, staff: User, coordinator: User) -> JournalEntry:
    entry = JournalEntryFactory(case=case, author=staff, text=SECRET, with_attachment=True)
    entry.text = SECRET + " (tillägg)"
    entry.save()  # a second history row
    JournalComment.objects.create(entry=entry, author=coordinator, text="Kommentar om " + SECRET)
    return entry


def test_the_register_extract_holds_the_journal(
    org_a: Organisation, staff_a: User, coordinator: User
) -> None:
    case = full_case(org_a, staff_a, coordinator, closed_years_ago=None)
    _journal(case, staff_a, coordinator)
    records = case_register(case)["records"]
    (entry,) = records["journal.journalentry"]
    assert entry["data"]["text"].startswith(SECRET) and len(entry["history"]) == 2
    assert entry["data"]["attachment"].startswith("journal/")
    assert records["journal.journalcomment"][0]["data"]["text"].endswith(SECRET)


def test_retention_anonymises_the_journal_and_deletes_its_files(
    org_a: Organisation,
    staff_a: User,
    coordinator: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    case = full_case(org_a, staff_a, coordinator)
    entry = _journal(case, staff_a, coordinator)
    stored = Path(entry.attachment.path)
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        retention_apply(case=case)
    entry.refresh_from_db()
    assert entry.text == PLACEHOLDER and not entry.attachment and entry.attachment_name == ""
    assert JournalComment.objects.get().text == PLACEHOLDER
    history = JournalEntry.history.model.objects.filter(id=entry.pk)
    assert history.count() == 2 and all(SECRET not in h.text for h in history)
    assert entry.kind and entry.entry_date  # what happened, and when, is kept
    assert not stored.exists()


def test_erasure_deletes_the_journal_and_its_history(
    org_a: Organisation, staff_a: User, coordinator: User
) -> None:
    case = full_case(org_a, staff_a, coordinator, closed_years_ago=None, decided=False)
    entry = _journal(case, staff_a, coordinator)
    case_erase(case=case, reason="Begäran", decided_by="Chef A", by=coordinator)
    assert not JournalEntry.objects.exists() and not JournalComment.objects.exists()
    assert not JournalEntry.history.model.objects.filter(id=entry.pk).exists()
    assert not JournalComment.history.model.objects.exists()
