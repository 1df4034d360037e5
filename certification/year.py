"""Step 3 (reads): the follow-up year and what the records say about it.

The year's case handling is drawn from the cases and the funding decisions, which live in
apps that stand on this one: the figures come from ``settings.NSP_CERTIFICATION_CASE_HANDLING``
(``reports.certification_year.case_handling``), read with ``import_string`` like the other
extension points, so that ``certification`` imports no app above it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from certification.choices import ActionStatus, AssessmentStatus, CatalogueKind, Outcome
from certification.models import ActionItem, Assessment, EventAttendance, FollowUp
from nsp.accounts.models import Organisation
from nsp.dates import one_year_before


def followup_year(followup: FollowUp) -> tuple[datetime.date, datetime.date]:
    """The year a follow-up looks back on: the twelve months up to its due date (both
    included)."""
    return one_year_before(followup.due_on) + datetime.timedelta(days=1), followup.due_on


@dataclass
class CaseHandling:
    """The year's case handling (seed 002, Steg 3: "hanteringen av individuella ärenden som
    skett under året"), as counts. ``*_owed`` counts what was due by the day it was read;
    ``*_missing`` what of it is not in; ``*_late`` what came in after its deadline."""

    figures: dict[str, int]

    def get(self, key: str) -> int:
        return int(self.figures.get(key, 0))

    @property
    def statistics_complete(self) -> bool:
        """The annual statistics are compiled from the support-period reports: they are in
        when no period report owed in the year is missing."""
        return self.get("period_reports_missing") == 0

    @property
    def final_reports_complete(self) -> bool:
        """A final report (exit report) is in for every individual whose support ended."""
        return self.get("final_reports_missing") == 0

    def rows(self) -> list[tuple[str, str]]:
        """Label and value of each figure, in the order the follow-up page shows them."""
        g = self.get
        return [
            (str(_("Cases active in the year")), str(g("cases_active"))),
            (str(_("Cases admitted in the year")), str(g("cases_admitted"))),
            (str(_("Cases closed in the year")), str(g("cases_closed"))),
            (
                str(_("Support-period reports owed / in / on time")),
                f"{g('period_reports_owed')} / "
                f"{g('period_reports_owed') - g('period_reports_missing')} / "
                f"{g('period_reports_on_time')}",
            ),
            (
                str(_("Final reports owed / in / on time")),
                f"{g('final_reports_owed')} / "
                f"{g('final_reports_owed') - g('final_reports_missing')} / "
                f"{g('final_reports_on_time')}",
            ),
            (
                str(_("Action-plan items due / closed / closed by the deadline")),
                f"{g('actions_due')} / {g('actions_closed')} / {g('actions_closed_on_time')}",
            ),
            (str(_("Training and exchange events attended")), str(g("events_attended"))),
        ]


def _action_figures(
    organisation: Organisation, start: datetime.date, end: datetime.date
) -> dict[str, int]:
    """Action-plan items whose deadline fell in the year: how many, how many closed, and how
    many closed by their deadline (``closed_at`` is the coordinator's verification)."""
    due = ActionItem.objects.filter(organisation=organisation, deadline__range=(start, end))
    closed = Q(status=ActionStatus.CLOSED)
    counts = due.aggregate(
        due=Count("pk"),
        closed=Count("pk", filter=closed),
        on_time=Count("pk", filter=closed & Q(closed_at__date__lte=F("deadline"))),
    )
    return {
        "actions_due": counts["due"],
        "actions_closed": counts["closed"],
        "actions_closed_on_time": counts["on_time"],
    }


def case_handling(
    organisation: Organisation,
    start: datetime.date,
    end: datetime.date,
    today: datetime.date | None = None,
) -> CaseHandling:
    """What the records say about the actor's year ``start``–``end`` as of ``today``."""
    today = today or timezone.localdate()
    figures: dict[str, int] = {}
    dotted = getattr(settings, "NSP_CERTIFICATION_CASE_HANDLING", "")
    if dotted:
        provider = import_string(dotted)
        figures.update(provider(organisation=organisation, start=start, end=end, today=today))
    figures.update(_action_figures(organisation, start, end))
    figures["events_attended"] = EventAttendance.objects.filter(
        organisation=organisation, event__held_on__range=(start, end)
    ).count()
    return CaseHandling(figures=figures)


def followup_case_handling(followup: FollowUp, today: datetime.date | None = None) -> CaseHandling:
    """The recorded figures of a completed follow-up, the live ones of a scheduled one."""
    if followup.case_handling:
        return CaseHandling(figures=dict(followup.case_handling))
    start, end = followup_year(followup)
    return case_handling(followup.organisation, start, end, today)


def previous_minimum_assessment(
    organisation: Organisation, *, exclude: Any = None
) -> Assessment | None:
    """The newest completed assessment against the minimum requirements (last year's
    follow-up, or the certification visit)."""
    found = Assessment.objects.filter(
        organisation=organisation,
        status=AssessmentStatus.COMPLETED,
        catalogue__kind=CatalogueKind.MINIMUM_REQUIREMENTS,
    )
    if exclude is not None:
        found = found.exclude(pk=exclude)
    return found.order_by("-visit_date", "-completed_at").first()


def outcome_counts(assessment: Assessment) -> dict[str, int]:
    """Met / partly met / not met / not yet answered, in one query."""
    counts = assessment.answers.aggregate(
        met=Count("pk", filter=Q(outcome=Outcome.MET)),
        partly=Count("pk", filter=Q(outcome=Outcome.PARTLY_MET)),
        not_met=Count("pk", filter=Q(outcome=Outcome.NOT_MET)),
        open=Count("pk", filter=Q(outcome="")),
    )
    return {key: int(value) for key, value in counts.items()}
