"""Police report made (002, Tabell 3 "Polisanmälan gjord"), structured where it is asked.

The statistics read ``Case.police_report_made``; it is kept by the services from the
structured sources instead of a second entry on the case page (issue 19):

1. the initial assessment's question "Polisanmälan gjord" (NSP/IB/Dok.01 edition 3 2026:
   Ja / Nej / Vet ej) when the application is saved;
2. a journal entry of the kind "police report made" (``journal.services``), which makes it
   yes whatever the assessment said at the time — a report made later is still made.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from cases.models import Case
from nsp.accounts.models import User
from nsp.cache import bump_statistics_version

POLICE_ITEM = "police_report"
POLICE_ANSWERS: dict[str, bool | None] = {"yes": True, "no": False, "dont_know": None}
# ``journal.choices.EntryKind.POLICE_REPORT`` (the journal app builds on this one).
JOURNAL_POLICE_KIND = "police_report"


def police_report_from_answers(case: Case, answers: dict[str, Any]) -> None:
    """Set the case's column from the assessment's answer; an unanswered question (or an
    edition without it) leaves it as it is, and a police report in the journal stays."""
    if answers.get(POLICE_ITEM) not in POLICE_ANSWERS:
        return
    value = POLICE_ANSWERS[answers[POLICE_ITEM]]
    if value is not True and _journal_says_reported(case):
        value = True
    case.police_report_made = value


def _journal_says_reported(case: Case) -> bool:
    entries = None if case._state.adding else getattr(case, "journal_entries", None)
    return entries is not None and entries.filter(kind=JOURNAL_POLICE_KIND).exists()


@transaction.atomic
def case_police_report_record(*, case: Case, by: User) -> Case:
    """A police report was made (a journal entry says so): the case counts it."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.police_report_made is True:
        return locked
    bump_statistics_version()  # the statistics count what this changes
    locked.police_report_made = True
    locked._history_user = by  # type: ignore[attr-defined]
    locked.save(update_fields=["police_report_made", "updated_at"])
    return locked
