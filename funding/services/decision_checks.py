"""The checks a decision makes under its row locks (``funding.services.decisions``): the
programme's rules as seed 002 writes them (docs/RULES.md), read-only — they raise
``ValidationError`` and write nothing."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.choices import CaseStatus
from certification.selectors import can_file_applications
from funding.choices import (
    GRANTING_OUTCOMES,
    ApplicationKind,
    Outcome,
)
from funding.models import Decision, FundingApplication
from funding.rates import nights_left
from funding.selectors import (
    integration_ended,
    occasion_amount_used,
    rest_nights_granted,
)


@dataclass(frozen=True)
class Guidelines:
    """The four decision guidelines of NSP/AI/Dok.07."""

    work_done: bool
    need_established: bool
    real_chance: bool
    complements: bool


def check_occasion_cap(
    occasion: Any,
    cap: Decimal,
    amount: Decimal,
    *,
    pending: bool = True,
    exclude_application: Any = None,
    exclude_decision: Any = None,
) -> None:
    """Seed 002: "max 5000 per person och tillfälle" — what the occasion already takes
    (``funding.selectors.occasion_amount_used``) plus ``amount`` stays within the cap.

    Two paths ask it, each with its own message: an application (``pending``: the grants
    and the applications still waiting count, so that two applications for one occasion
    cannot add up past the cap) and a decision under the person's row locks (grants only,
    not counting the decision a reconsideration contests)."""
    used = occasion_amount_used(
        occasion,
        pending=pending,
        exclude_application=exclude_application,
        exclude_decision=exclude_decision,
    )
    if used + amount <= cap:
        return
    figures = {
        "cap": f"{cap:.0f}",
        "used": f"{used:.0f}",
        "left": f"{max(cap - used, Decimal('0')):.0f}",
        "amount": f"{amount:.0f}",
    }
    if pending:
        message = _(
            "The cap is %(cap)s SEK per person and occasion: %(used)s SEK is already "
            "granted or applied for on this occasion, %(left)s SEK is left; this is "
            "%(amount)s SEK."
        )
    else:
        message = _(
            "The cap is %(cap)s SEK per person and occasion: %(used)s SEK is already "
            "granted on this occasion; grant at most %(left)s SEK."
        )
    raise ValidationError(message % figures)


def _check_occasion_cap(
    application: FundingApplication, source: FundingApplication, amount: Decimal
) -> None:
    """The cap at a decision: ``source`` is the application that asked for the amount (the
    contested decision's for a reconsideration)."""
    if source.occasion_id is None:
        return
    check_occasion_cap(
        source.occasion_id,
        source.phase.occasion_cap,
        amount,
        pending=False,
        exclude_application=application.pk,
        exclude_decision=application.contested_decision_id,
    )


def _rest_days_before(application: FundingApplication) -> int:
    """Nights of rest the person had been granted before this decision (a reconsideration
    does not count the decision it contests)."""
    return rest_nights_granted(
        application.case,
        exclude_decision=application.contested_decision_id,
        exclude_application=application.pk,
    )


def _check_rest_nights(
    application: FundingApplication, decision: Decision, days: int, maximum: int
) -> None:
    """Seed 002: "dock max i 30 dygn" per person over all rest periods. Under the person's
    row locks: the nights granted before (a reconsideration does not count the decision
    it contests) plus this grant stay within the maximum; the nights used before are
    kept on the decision (``rest_days_before``) and shown in it."""
    before = decision.rest_days_before or 0
    left = nights_left(maximum, before)
    if days > left:
        raise ValidationError(
            _(
                "At most %(max)s days' rest per person over all rest periods: %(used)s days "
                "are already granted, %(left)s are left; grant at most %(left)s days."
            )
            % {"max": maximum, "used": before, "left": left}
        )


def _reconsidering_refusal(application: FundingApplication) -> bool:
    """A reconsideration of a refused admission: the one decision a refused case still takes
    that may grant (NSP/OB/Dok.08; ``admission_outcome_apply`` admits the case)."""
    return (
        application.kind == ApplicationKind.RECONSIDERATION
        and application.effective_kind == ApplicationKind.ADMISSION
        and application.case.status == CaseStatus.REFUSED
    )


def _check_still_decidable(
    application: FundingApplication, *, outcome: str, actor_override_reason: str
) -> None:
    """Under the row locks (person's cases, application): the case is not refused or
    closed, and the actor may still file applications — a decision against an actor that
    may not (suspended, withdrawn) needs an explicit override with a reason, kept on the
    decision. (The application still waiting is checked by ``_lock_waiting``.)

    On a refused case only two decisions remain: a reconsideration of the refusal, and the
    denial of support applied for together with the admission that was just refused (both
    in one step, NSP/IB/Dok.01: "Tillträde till NSP: Nekas — 30 dagars vila: Nekas")."""
    case = application.case  # read after the caller locked its row: current
    allowed_on_refused = _reconsidering_refusal(application) or outcome == Outcome.DENIED
    if case.status in (CaseStatus.CLOSED, CaseStatus.DRAFT) or (
        case.status == CaseStatus.REFUSED and not allowed_on_refused
    ):
        raise ValidationError(
            _("The case is %(status)s: no decision can be made on its applications.")
            % {"status": case.get_status_display()}
        )
    verdict = can_file_applications(application.organisation)
    if not verdict and not actor_override_reason.strip():
        raise ValidationError(
            _(
                "%(reason)s A decision needs an explicit override with a reason "
                "(recorded on the decision)."
            )
            % {"reason": verdict.reason}
        )


def _check_rules(
    application: FundingApplication,
    *,
    outcome: str,
    motivation: str,
    guidelines: Guidelines | None,
    special_circumstances: str,
    retroactive_motivation: str,
) -> None:
    """Step 2: the rules a decision must meet before anything is written."""
    if not motivation.strip():
        raise ValidationError(_("A decision needs a written motivation."))
    # No grant on a refused or closed case (the state machine once found a reconsideration
    # granted on a closed case): ``_check_still_decidable`` refuses it just before, on the
    # same locked case row.
    granting = outcome in GRANTING_OUTCOMES
    if granting and application.is_retroactive and not retroactive_motivation.strip():
        raise ValidationError(
            _(
                "The application concerns a period that had already ended; motivate why it is "
                "granted anyway."
            )
        )
    if granting and _integration_over(application) and not special_circumstances.strip():
        raise ValidationError(
            _(
                "The person's integration period has ended. A new grant needs special "
                "circumstances (särskilda omständigheter) with a motivation."
            )
        )
    if (
        application.effective_kind == ApplicationKind.INTEGRATION
        and outcome != Outcome.MORE_INFO
        and guidelines is None
    ):
        raise ValidationError(_("Answer the four decision guidelines."))
    if (
        granting
        and guidelines is not None
        and application.effective_kind == ApplicationKind.INTEGRATION
        and not all(
            (
                guidelines.work_done,
                guidelines.need_established,
                guidelines.real_chance,
                guidelines.complements,
            )
        )
        and not special_circumstances.strip()
    ):
        raise ValidationError(
            _(
                "A guideline is answered “No”: a grant needs special circumstances "
                "(särskilda omständigheter) with a motivation."
            )
        )


def _integration_over(application: FundingApplication) -> bool:
    """Whether a granted integration period of the person has ended (seed 002: "Efter max
    90 dagars integration kan man inte längre söka finansiering … om inte väldigt speciella
    omständigheter föreligger" — after the period, not during it; a reconsideration does
    not count the decision it contests)."""
    contested = application.contested_decision
    return integration_ended(
        application.case,
        timezone.localdate(),
        exclude_application=contested.application_id if contested else None,
    )
