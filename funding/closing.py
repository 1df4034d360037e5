"""Closing a case with its exit report while funding is still open (issue 15, "Closing a
case"; docs/RULES.md).

The exit report (NSP/UR Dok.03) closes the case (``cases.services.document_submit``). When a
granted period still runs past the exit date, or an application is still waiting for a
decision, the case is not closed silently: the actor is shown what is open
(``open_at_exit``) and confirms; then, in the same transaction and under the row locks,
``close_funding`` ends each period on the exit date (its amount recomputed to the day) and
withdraws each waiting application with the exit as the reason — all in history.
``cases`` reaches these through ``settings.NSP_CASE_EXIT`` (it does not import ``funding``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from cases.models import Case
from funding.choices import (
    ApplicationStatus,
    PublicBody,
)
from funding.models import Decision, FundingApplication
from funding.selectors import in_force
from funding.services.applications import withdraw_locked
from funding.services.payments import amount_ending
from nsp.accounts.models import User

WAITING = (ApplicationStatus.SUBMITTED, ApplicationStatus.MORE_INFO)


def _running_periods(case: Case, day: date) -> QuerySet[Decision]:
    """Granted flat-rate periods of the case, in force (not replaced by a granted
    reconsideration), that NSP still pays after ``day`` (no earlier takeover)."""
    return (
        in_force(
            Decision.objects.filter(
                application__case=case, granted_start__isnull=False, granted_end__gt=day
            )
        )
        .filter(Q(taken_over_on__isnull=True) | Q(taken_over_on__gt=day))
        .select_related("application__phase")
        .order_by("granted_start", "number")
    )


def _waiting(case: Case) -> QuerySet[FundingApplication]:
    return FundingApplication.objects.filter(case=case, status__in=WAITING).order_by("created_at")


@dataclass(frozen=True)
class OpenAtExit:
    """What an exit on ``day`` would end: running periods and waiting applications."""

    day: date
    periods: list[Decision] = field(default_factory=list)
    waiting: list[FundingApplication] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.periods or self.waiting)

    def lines(self) -> list[str]:
        """One sentence per open item, for the confirm step and the error message."""
        out = [
            _(
                "%(ref)s: the granted period %(start)s – %(end)s ends on %(day)s "
                "(%(before)s SEK becomes %(after)s SEK)."
            )
            % {
                "ref": d.reference,
                "start": d.granted_start,
                "end": d.granted_end,
                "day": self.day,
                "before": f"{d.draw:.0f}",
                "after": f"{amount_ending(d, _end_on(d, self.day)):.0f}",
            }
            for d in self.periods
        ]
        out += [
            _("%(kind)s submitted %(on)s: withdrawn, the case is closed.")
            % {"kind": a.get_kind_display(), "on": a.submitted_on}
            for a in self.waiting
        ]
        return out


def open_at_exit(case: Case, day: date) -> OpenAtExit:
    """What is still open for ``case`` if it is closed on ``day`` (the exit date)."""
    return OpenAtExit(day, list(_running_periods(case, day)), list(_waiting(case)))


def _end_on(decision: Decision, day: date) -> date:
    assert decision.granted_start is not None
    return max(day, decision.granted_start)


def close_funding(*, case: Case, day: date, by: User) -> OpenAtExit:
    """End what is open at the exit on ``day``. The caller (the exit report's submit) holds
    the case row lock; here the waiting applications, then the running decisions are
    locked (the order a decision takes: case, application, then the rest)."""
    reason = _("The case was closed with the exit report of %(day)s.") % {"day": day}
    waiting = list(_waiting(case).select_for_update())
    for application in waiting:
        withdraw_locked(application, by=by, reason=reason)
    locked = list(
        Decision.objects.select_for_update()
        .filter(pk__in=[d.pk for d in _running_periods(case, day)])
        .select_related("application__phase")
        .order_by("pk")
    )
    # Re-checked under the lock: a takeover recorded meanwhile already ended the period.
    locked = [d for d in locked if d.taken_over_on is None or d.taken_over_on > day]
    for decision in locked:
        decision.draw = amount_ending(decision, _end_on(decision, day))
        decision.taken_over_on = _end_on(decision, day)
        decision.taken_over_by = PublicBody.EXIT
        decision.spent = True
        decision._history_user = by  # type: ignore[attr-defined]
        decision.full_clean()
        decision.save()
    return OpenAtExit(day, locked, waiting)
