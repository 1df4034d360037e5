"""A timeline provider as the funding app would write one (used by the view tests)."""

from __future__ import annotations

from django.utils import timezone

from cases.models import Case
from cases.selectors import TimelineEntry


def entries(case: Case) -> list[TimelineEntry]:
    return [TimelineEntry(timezone.localdate(), "Beslut om 30 dagar", kind="decision")]
