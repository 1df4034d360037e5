"""Writes for decisions: record-and-sign, takeover by a public body."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.choices import CaseStatus
from cases.models import Case
from cases.services import case_admit
from certification.selectors import can_file_applications
from funding.choices import (
    GRANTING_OUTCOMES,
    STREAM_FOR_KIND,
    ApplicationKind,
    ApplicationStatus,
    Outcome,
)
from funding.models import BudgetStream, Decision, FundingApplication
from funding.rates import nights_in
from funding.selectors import (
    budget_period_for,
    stream_remaining,
)
from funding.services.admission import (
    admission_application,
    admission_outcome_apply,
    check_admission_outcome,
)
from funding.services.applications import lock_person
from funding.services.decision_checks import (
    Guidelines,
    _check_occasion_cap,
    _check_rest_nights,
    _check_rules,
    _check_still_decidable,
    _rest_days_before,
)
from funding.services.documents import decision_document_store
from funding.services.payments import attested_total
from nsp.accounts.models import User
from nsp.cache import bump_statistics_version
from nsp.events import publish
from nsp.permissions import can_decide

# Arbitrary constant key of the advisory lock that serialises the decision register.
_DECISION_NUMBER_LOCK = 7_301_005


def lock_numbering() -> None:
    """Serialise the decision register until the transaction ends."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_DECISION_NUMBER_LOCK])


def _next_number(year: int) -> int:
    """The next number in the register of ``year`` (the decision date's year): gapless
    per year, also for a decision entered afterwards with a past date."""
    lock_numbering()
    found = Decision.objects.filter(decided_on__year=year).aggregate(m=Max("number"))["m"]
    return int(found or 0) + 1


def _lock_stream(kind: str, day: date) -> BudgetStream:
    period = budget_period_for(day)
    stream = STREAM_FOR_KIND[ApplicationKind(kind)]
    row = (
        BudgetStream.objects.select_for_update().filter(period=period, stream=stream).first()
        if period
        else None
    )
    if row is None:
        raise ValidationError(
            _("There is no budget for this stream on %(day)s; create the budget period first.")
            % {"day": day.isoformat()}
        )
    if period is not None and period.closed_on is not None:
        raise ValidationError(
            _("The budget period of %(day)s is closed.") % {"day": day.isoformat()}
        )
    return row


def _granted_amount(
    application: FundingApplication,
    decision: Decision,
    granted_amount: Decimal | None,
) -> Decimal:
    """The amount granted: day rate × granted days for periods, the (possibly lower)
    granted amount for interventions — never more than applied for."""
    kind = application.effective_kind
    if kind == ApplicationKind.INTERVENTION:
        source = (
            application.contested_decision.application
            if application.contested_decision
            else application
        )
        requested = source.requested_amount or Decimal("0")
        amount = requested if granted_amount is None else granted_amount
        if amount > requested:
            raise ValidationError(_("The granted amount cannot exceed the amount applied for."))
        if amount <= 0:
            raise ValidationError(_("A grant needs an amount above zero."))
        _check_occasion_cap(application, source, amount)
        return amount
    if decision.granted_start is None or decision.granted_end is None:
        raise ValidationError(_("Give the start and end dates of the granted period."))
    if decision.granted_end < decision.granted_start:
        raise ValidationError(_("The period ends before it starts."))
    days = nights_in(decision.granted_start, decision.granted_end)
    if days < 1:
        raise ValidationError(_("The period must end at least one day after it starts."))
    phase = application.phase
    limit = phase.rest_max_days if kind == ApplicationKind.REST else phase.integration_max_days
    if days > limit:
        raise ValidationError(_("At most %(days)s days can be granted.") % {"days": limit})
    if kind == ApplicationKind.REST:
        _check_rest_nights(application, decision, days, limit)
    decision.granted_days = days
    rate = application.day_rate()
    assert rate is not None
    return rate.total * days


def _lock_person_and_application(application: FundingApplication) -> FundingApplication:
    """Lock the person's case rows (``same_person_cases``, in key order), then the
    application row — always in this order, so a decision and a case write never wait
    on each other crosswise."""
    case_id = (
        FundingApplication.objects.filter(pk=application.pk).values_list("case_id", flat=True).get()
    )
    lock_person(Case(pk=case_id))
    return _lock_waiting(application)


def _lock_waiting(application: FundingApplication) -> FundingApplication:
    """Step 1: lock the application row; a second decider acting at the same moment waits,
    then finds it no longer waiting and is refused."""
    locked = (
        FundingApplication.objects.select_for_update()
        .select_related("case", "phase", "organisation")
        .get(pk=application.pk)
    )
    if locked.status != ApplicationStatus.SUBMITTED:
        raise ValidationError(
            _(
                "This application is no longer waiting for a decision (someone else decided it "
                "a moment ago). Reload the page to see the decision."
            )
        )
    return locked


def _grant(
    decision: Decision,
    application: FundingApplication,
    *,
    granted_amount: Decimal | None,
    day: date,
) -> None:
    """Step 3: the amount granted, drawn from the locked budget stream, refused when the
    stream has less left than the grant (naming the shortfall)."""
    amount = _granted_amount(application, decision, granted_amount)
    stream = _lock_stream(application.effective_kind, day)
    remaining = stream_remaining(stream)
    if amount > remaining:
        raise ValidationError(
            _(
                "The %(stream)s stream has %(remaining)s SEK left; this grant of "
                "%(amount)s SEK is %(shortfall)s SEK short. "
                "Make a transfer between streams first."
            )
            % {
                "stream": stream.get_stream_display(),
                "remaining": f"{remaining:.0f}",
                "amount": f"{amount:.0f}",
                "shortfall": f"{amount - remaining:.0f}",
            }
        )
    decision.stream = stream
    decision.granted_amount = amount
    decision.draw = amount


def _release_contested(application: FundingApplication, *, by: User) -> None:
    """A granted reconsideration replaces the decision it contests: that decision no longer
    draws from the budget (its nights no longer count either, ``_rest_days_before``).
    Found by the state machine (tests/rules): both drew, so a person's rest was paid for
    more than the 30 nights of seed 002 ("dock max i 30 dygn")."""
    if application.contested_decision_id is None:
        return
    contested = Decision.objects.select_for_update().get(pk=application.contested_decision_id)
    # What attested invoices of the contested decision committed stays drawn: paid money
    # never becomes free budget again.
    keep = attested_total(contested)
    if contested.draw == keep:
        return
    contested.draw = keep
    contested._history_user = by  # type: ignore[attr-defined]
    contested.save(update_fields=["draw", "updated_at"])


def _admission_first(
    application: FundingApplication,
    *,
    outcome: str,
    admission_outcome: str | None,
    motivation: str,
    by: User,
    actor_override_reason: str = "",
) -> None:
    """Admission and support applied for together (NSP/IB/Dok.01: "Tillträde till NSP:
    Beviljas / Nekas — 30 dagars vila: Beviljas / Nekas"): the admission is decided first,
    as its own numbered decision with the same motivation. A grant of support admits (the
    admission outcome defaults to granted); support is never granted on a refused admission;
    a denial or a request for information leaves the admission open unless it is decided."""
    if application.kind in (ApplicationKind.ADMISSION, ApplicationKind.RECONSIDERATION):
        return
    case = next(c for c in lock_person(Case(pk=application.case_id)) if c.pk == application.case_id)
    if case.status == CaseStatus.REFUSED and outcome in GRANTING_OUTCOMES:
        raise ValidationError(_("Support cannot be granted when admission is refused."))
    if case.status != CaseStatus.APPLIED:
        return
    if admission_outcome is None and outcome in GRANTING_OUTCOMES:
        admission_outcome = Outcome.GRANTED
    if admission_outcome is None:
        return
    check_admission_outcome(admission_outcome)
    if admission_outcome == Outcome.DENIED and outcome in GRANTING_OUTCOMES:
        raise ValidationError(_("Support cannot be granted when admission is refused."))
    _record(
        admission_application(case, by=by),
        by=by,
        outcome=admission_outcome,
        motivation=motivation,
        actor_override_reason=actor_override_reason,
    )
    application.case.refresh_from_db()


def _sign_and_store(decision: Decision, application: FundingApplication, *, by: User) -> None:
    """Step 5: number the decision in the register, render and store its PDF, and mark the
    application decided (or sent back for more information)."""
    decision.number = _next_number(decision.decided_on.year)
    decision.signed_at = timezone.now()
    decision._history_user = by  # type: ignore[attr-defined]
    decision.full_clean()
    decision_document_store(decision)
    decision.save()
    application.status = (
        ApplicationStatus.MORE_INFO
        if decision.outcome == Outcome.MORE_INFO
        else ApplicationStatus.DECIDED
    )
    application._history_user = by  # type: ignore[attr-defined]
    application.save(update_fields=["status", "updated_at"])
    publish("decision_recorded", decision_id=decision.pk)


def _check_afterwards(by: User, day: date | None, application: FundingApplication) -> None:
    """A decision with its real past date: the coordinator enters it, never ahead of time
    and never before the application it decides."""
    from funding.permissions import can_record_afterwards

    if not can_record_afterwards(by):
        raise ValidationError(_("Only the coordinator enters records after the fact."))
    if day is None or day > timezone.localdate():
        raise ValidationError(_("A decision cannot be dated in the future."))
    if day < application.submitted_on:
        raise ValidationError(_("A decision cannot be dated before its application."))


@transaction.atomic
def decision_record(
    *,
    application: FundingApplication,
    by: User,
    outcome: str,
    motivation: str,
    granted_start: date | None = None,
    granted_end: date | None = None,
    granted_amount: Decimal | None = None,
    guidelines: Guidelines | None = None,
    special_circumstances: str = "",
    retroactive_motivation: str = "",
    decided_on: date | None = None,
    admission_outcome: str | None = None,
    actor_override_reason: str = "",
) -> Decision:
    """Record and sign the decision on ``application``.

    1. Lock the person's case rows, then the application row: a second decider acting at
       the same moment waits, then finds it no longer waiting and is refused with a clear
       message. Under these locks: the case is not refused or closed, and the actor may
       still file applications (else ``actor_override_reason`` is required and recorded).
    2. Check the rules: motivation; retroactive applications need a motivation; after a
       granted integration period a grant needs "särskilda omständigheter"; an
       integration decision answers the four guidelines; admission is granted or refused.
    3. For a grant: compute the amount, lock the budget stream row and refuse when the
       stream has less left than the grant (naming the shortfall).
    4. Admission: an admission decision admits (case number) or refuses the case; support
       applied for together with admission first decides the admission
       (``admission_outcome``, by default granted with a grant) as its own decision.
    5. Number the decision in the register, render and store its PDF, and mark the
       application decided (or sent back for more information).

    ``decided_on`` (a past date) enters a paper decision after the fact: only the
    coordinator may, the decision draws from the budget period of that date, is numbered
    in that year's register and shows who entered it (``created_at`` says when).
    """
    bump_statistics_version()  # the statistics count what this changes
    if not can_decide(by):
        raise ValidationError(
            _("Only the coordinator or the programme manager decides applications.")
        )
    paper = decided_on is not None and decided_on != timezone.localdate()
    if application.kind != ApplicationKind.ADMISSION and not paper:
        _admission_first(
            application,
            outcome=outcome,
            admission_outcome=admission_outcome,
            motivation=motivation,
            by=by,
            actor_override_reason=actor_override_reason,
        )
    return _record(
        application,
        by=by,
        outcome=outcome,
        motivation=motivation,
        granted_start=granted_start,
        granted_end=granted_end,
        granted_amount=granted_amount,
        guidelines=guidelines,
        special_circumstances=special_circumstances,
        retroactive_motivation=retroactive_motivation,
        decided_on=decided_on,
        actor_override_reason=actor_override_reason,
    )


def _record(
    application: FundingApplication,
    *,
    by: User,
    outcome: str,
    motivation: str,
    granted_start: date | None = None,
    granted_end: date | None = None,
    granted_amount: Decimal | None = None,
    guidelines: Guidelines | None = None,
    special_circumstances: str = "",
    retroactive_motivation: str = "",
    decided_on: date | None = None,
    actor_override_reason: str = "",
) -> Decision:
    """Steps 1–5 of ``decision_record`` for one application (the caller checked the role)."""
    locked = _lock_person_and_application(application)
    admission = locked.effective_kind == ApplicationKind.ADMISSION
    if admission:
        check_admission_outcome(outcome)
    _check_still_decidable(locked, outcome=outcome, actor_override_reason=actor_override_reason)
    _check_rules(
        locked,
        outcome=outcome,
        motivation=motivation,
        guidelines=guidelines,
        special_circumstances=special_circumstances,
        retroactive_motivation=retroactive_motivation,
    )
    today = timezone.localdate()
    afterwards = decided_on is not None and decided_on != today
    if afterwards:
        _check_afterwards(by, decided_on, locked)
    today = decided_on or today
    decision = Decision(
        application=locked,
        outcome=outcome,
        motivation=motivation,
        decided_by=by,
        decided_on=today,
        recorded_afterwards_by=by if afterwards else None,
        special_circumstances=special_circumstances,
        retroactive_motivation=retroactive_motivation,
        actor_override_reason=actor_override_reason.strip()
        if not can_file_applications(locked.organisation)
        else "",
    )
    if guidelines is not None:
        decision.guideline_work_done = guidelines.work_done
        decision.guideline_need_established = guidelines.need_established
        decision.guideline_real_chance = guidelines.real_chance
        decision.guideline_complements = guidelines.complements
    if locked.effective_kind == ApplicationKind.REST:
        decision.rest_days_before = _rest_days_before(locked)
    if admission:
        admission_outcome_apply(locked, outcome=outcome, motivation=motivation, by=by, day=today)
    elif outcome in GRANTING_OUTCOMES:
        decision.granted_start = granted_start
        decision.granted_end = granted_end
        # Released first: the replaced grant's money is there for its replacement.
        _release_contested(locked, by=by)
        _grant(decision, locked, granted_amount=granted_amount, day=today)
        if afterwards and locked.case.status == CaseStatus.APPLIED:
            # A paper decision entered afterwards keeps its register number: the admission
            # it carried is applied to the case without a decision of its own.
            locked.case = case_admit(case=locked.case, admitted_on=today, by=by)
    _sign_and_store(decision, locked, by=by)
    return decision


@transaction.atomic
def admission_decide(
    *,
    case: Case,
    by: User,
    outcome: str,
    motivation: str,
    actor_override_reason: str = "",
    decided_on: date | None = None,
) -> Decision:
    """Grant or refuse admission on its own (no support applied for with it): a numbered
    decision with its document, like every other (NSP/IB/Dok.01, "Beslut och motivering").
    ``decided_on`` (a past date) enters a paper admission decision after the fact, as
    ``decision_record`` does (coordinator only; the case is admitted on that date).

    The case row is locked first, so two deciders acting at the same moment are served one
    after the other: the second finds the case no longer waiting and is refused.
    """
    bump_statistics_version()  # the statistics count what this changes
    if not can_decide(by):
        raise ValidationError(
            _("Only the coordinator or the programme manager decides applications.")
        )
    locked = next(c for c in lock_person(case) if c.pk == case.pk)
    if locked.status != CaseStatus.APPLIED:
        raise ValidationError(
            _(
                "This admission is no longer waiting for a decision (someone else decided it "
                "a moment ago). Reload the page to see the decision."
            )
        )
    return _record(
        admission_application(locked, by=by),
        by=by,
        outcome=outcome,
        motivation=motivation,
        actor_override_reason=actor_override_reason,
        decided_on=decided_on,
    )
