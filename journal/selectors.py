"""Reads of the case journal."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from cases.selectors import TimelineEntry
from funding.models import Decision
from funding.selectors import in_force
from journal.choices import NOTIFIED_KINDS
from journal.models import JournalComment, JournalEntry


def journal_entries(case: Case) -> QuerySet[JournalEntry]:
    """The case's entries, newest first, with their authors and comments (three queries)."""
    return (
        JournalEntry.objects.filter(case=case)
        .select_related("author", "corrects")
        .prefetch_related(
            Prefetch("comments", queryset=JournalComment.objects.select_related("author"))
        )
    )


def takeover_decision(case: Case) -> Decision | None:
    """The granted period of ``case`` that a takeover could end: in force (granted and not
    replaced by a granted reconsideration, ``funding.selectors.in_force`` — the takeover
    service refuses a replaced one), not yet taken over, and not ended before today — the
    latest such."""
    return (
        in_force(
            Decision.objects.filter(
                application__case=case,
                taken_over_on__isnull=True,
                granted_start__isnull=False,
                granted_end__gte=timezone.localdate(),
            )
        )
        .order_by("-granted_start", "-pk")
        .first()
    )


def offers_takeover(entry: JournalEntry) -> bool:
    return entry.kind in NOTIFIED_KINDS


def case_timeline_entries(case: Any) -> list[TimelineEntry]:
    """Journal entries on the case timeline (``NSP_CASE_TIMELINE_PROVIDERS``), one query."""
    link = reverse("journal:case_journal", args=[case.pk])
    return [
        TimelineEntry(
            row.entry_date,
            str(row.get_kind_display()),
            url=f"{link}#entry-{row.pk}",
            kind="journal",
        )
        for row in JournalEntry.objects.filter(case=case).only("pk", "kind", "entry_date")
    ]
