"""Writes for applications (30 days, interventions, 90 days, reconsideration) and invoices."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.choices import CaseStatus
from cases.models import Case
from cases.selectors import same_person_cases
from certification.selectors import can_file_applications
from funding.choices import (
    ApplicationKind,
    ApplicationStatus,
    Outcome,
    ResidenceStatus,
)
from funding.models import (
    Decision,
    FundingApplication,
    InterventionItem,
    InterventionOccasion,
    ProgrammePhase,
)
from funding.rates import intervention_total, nights_in, period_end_for
from funding.selectors import (
    has_in_depth_assessment,
    nsp_days_enjoyed,
    rest_nights,
)
from funding.services.decision_checks import check_occasion_cap
from nsp.accounts.models import User
from nsp.cache import bump_statistics_version
from nsp.events import publish
from nsp.permissions import can_file_for


def active_phase(day: date | None = None) -> ProgrammePhase:
    """The phase in force on ``day`` (today by default): see ``phase_in_force``."""
    from funding.selectors import phase_in_force

    phase = phase_in_force(day or timezone.localdate())
    if phase is None:
        raise ValidationError(_("No programme phase is active; the coordinator must set one."))
    return phase


def _check_filer(*, case: Case, by: User) -> None:
    if not can_file_for(by, case.organisation):
        raise ValidationError(_("You can only file for your own organisation."))
    certified = can_file_applications(case.organisation)
    if not certified:
        raise ValidationError(str(certified.reason))


def _locked_for_filing(*, case: Case, by: User, with_admission: bool) -> Case:
    """How a new application for ``case`` starts: the filer may file for its actor, and the
    person's case rows are locked (the case returned is read under that lock) before its
    status is checked — admitted, or (``with_admission``) also applying for admission."""
    bump_statistics_version()  # the statistics count what this changes
    _check_filer(case=case, by=by)
    case = next(c for c in lock_person(case) if c.pk == case.pk)
    if not with_admission and case.status != CaseStatus.ADMITTED:
        raise ValidationError(_("Only an admitted case can apply for this support."))
    if case.status not in (CaseStatus.APPLIED, CaseStatus.ADMITTED):
        raise ValidationError(_("The case is neither applying for admission nor admitted."))
    return case


def _save(application: FundingApplication, by: User) -> FundingApplication:
    new = application._state.adding
    application._history_user = by  # type: ignore[attr-defined]
    application.full_clean()
    application.save()
    if new:
        publish("application_submitted", application_id=application.pk)
    else:
        publish(
            "application_completed",
            application_id=application.pk,
            round=timezone.now().isoformat(),
        )
    return application


def _common(case: Case, by: User, kind: str, **fields: Any) -> FundingApplication:
    return FundingApplication(
        kind=kind,
        case=case,
        organisation=case.organisation,
        phase=active_phase(),
        submitted_by=by,
        submitted_on=timezone.localdate(),
        **fields,
    )


def lock_person(case: Case) -> list[Case]:
    """Lock the rows of every case of the person (``same_person_cases``, in primary-key
    order so that two writers never wait on each other crosswise). Per-person rules
    (30 days' rest, the intervention cap per occasion) are checked under this lock."""
    return list(same_person_cases(case).select_for_update().order_by("pk"))


def check_rest_nights_left(case: Case, maximum: int, nights: int) -> None:
    """Seed 002: "schablonsumma per dygn … dock max i 30 dygn" — at most ``maximum``
    nights per person over all rest periods (granted, or still waiting for a decision)."""
    person = rest_nights(case, maximum=maximum)
    if nights > person.left:
        raise ValidationError(
            _(
                "At most %(max)s days' rest per person over all rest periods: %(used)s days "
                "are already granted or applied for, %(left)s are left; this period is "
                "%(nights)s days (counted as nights)."
            )
            % {"max": maximum, "used": person.used, "left": person.left, "nights": nights}
        )


@transaction.atomic
def rest_application_submit(
    *,
    case: Case,
    by: User,
    period_start: date,
    period_end: date,
    include_housing: bool,
    include_support: bool,
    omitted_part_reason: str,
    public_funding_sought: str,
    public_funding_outcome: str,
) -> FundingApplication:
    """Max 30 days' rest, together with admission (case applied for) or later (admitted),
    within the person's 30 nights over all rest periods (``check_rest_nights_left``)."""
    case = _locked_for_filing(case=case, by=by, with_admission=True)
    application = _common(
        case,
        by,
        ApplicationKind.REST,
        period_start=period_start,
        period_end=period_end,
        include_housing=include_housing,
        include_support=include_support,
        omitted_part_reason=omitted_part_reason,
        children_count=case.accompanying_children_count,
        with_admission=case.status == CaseStatus.APPLIED,
        public_funding_sought=public_funding_sought,
        public_funding_outcome=public_funding_outcome,
    )
    if not (include_housing or include_support):
        raise ValidationError(_("Apply for at least one of the two parts."))
    if not (include_housing and include_support) and not omitted_part_reason.strip():
        raise ValidationError(_("Say why a part is left out (which public body already pays it)."))
    if period_end <= period_start:
        raise ValidationError(_("The period must end at least one day after it starts."))
    if nights_in(period_start, period_end) > application.phase.rest_max_days:
        raise ValidationError(
            _("The rest period is at most %(days)s days.")
            % {"days": application.phase.rest_max_days}
        )
    check_rest_nights_left(
        case, application.phase.rest_max_days, nights_in(period_start, period_end)
    )
    return _save(application, by)


def check_intervention(
    *, item: InterventionItem, quantity: int, unit_cost: Decimal, description: str, cap: Decimal
) -> None:
    """The intervention list's rules: unit cost within the list's maximum, total within the
    cap per person and occasion, and "Övrigt" needs a description and motivation."""
    errors: list[str] = []
    if unit_cost > item.max_unit_cost:
        errors.append(
            _("%(name)s costs at most %(max)s SEK per %(unit)s; %(cost)s SEK was asked for.")
            % {
                "name": item.name,
                "max": f"{item.max_unit_cost:.0f}",
                "unit": item.unit,
                "cost": f"{unit_cost:.0f}",
            }
        )
    total = intervention_total(quantity, unit_cost)
    if total > cap:
        errors.append(
            _("The total %(total)s SEK exceeds the cap of %(cap)s SEK per person and occasion.")
            % {"total": f"{total:.0f}", "cap": f"{cap:.0f}"}
        )
    if item.requires_motivation and not description.strip():
        errors.append(_("Describe and motivate an intervention of the kind “Other”."))
    if errors:
        raise ValidationError(errors)


def _occasion_for(
    case: Case,
    *,
    occasion: InterventionOccasion | None,
    description: str,
    occurred_on: date,
    by: User,
) -> InterventionOccasion:
    """The occasion an intervention is applied for: one of the person's occasions, or a
    new one (described by the actor; the intervention's name when left empty)."""
    if occasion is not None:
        if not same_person_cases(case).filter(pk=occasion.case_id).exists():
            raise ValidationError(_("The occasion belongs to another person."))
        return occasion
    new = InterventionOccasion(case=case, description=description.strip(), occurred_on=occurred_on)
    new._history_user = by  # type: ignore[attr-defined]
    new.full_clean()
    new.save()
    return new


@transaction.atomic
def intervention_application_submit(
    *,
    case: Case,
    by: User,
    item: InterventionItem,
    quantity: int,
    unit_cost: Decimal,
    needed_by: date,
    description: str,
    cost_document: File[bytes] | None,
    public_funding_sought: str,
    public_funding_outcome: str,
    occasion: InterventionOccasion | None = None,
    occasion_description: str = "",
) -> FundingApplication:
    """A purchase request (NSP/IA/Dok.06) for an admitted case, or together with the
    application for admission (seed 002: "Tillträde och finansiering av punktinsats kan
    ansökas samtidigt") — then decided with it. ``occasion``: one of the person's
    occasions; none = a new occasion (``occasion_description``). The cap holds per
    person and occasion (``check_occasion_cap``)."""
    case = _locked_for_filing(case=case, by=by, with_admission=True)
    application = _common(
        case,
        by,
        ApplicationKind.INTERVENTION,
        item=item,
        quantity=quantity,
        unit_cost=unit_cost,
        needed_by=needed_by,
        description=description,
        with_admission=case.status == CaseStatus.APPLIED,
        public_funding_sought=public_funding_sought,
        public_funding_outcome=public_funding_outcome,
    )
    check_intervention(
        item=item,
        quantity=quantity,
        unit_cost=unit_cost,
        description=description,
        cap=application.phase.occasion_cap,
    )
    if not cost_document:
        raise ValidationError(_("Attach the cost documentation (a quote or a receipt)."))
    application.occasion = _occasion_for(
        case,
        occasion=occasion,
        description=occasion_description or item.name,
        occurred_on=needed_by,
        by=by,
    )
    check_occasion_cap(
        application.occasion,
        application.phase.occasion_cap,
        intervention_total(quantity, unit_cost),
    )
    application.cost_document = cost_document
    return _save(application, by)


@transaction.atomic
def integration_application_submit(
    *,
    case: Case,
    by: User,
    period_start: date,
    days_applied: int,
    had_nsp_30_days: bool,
    had_formal_reflection_period: bool,
    municipal_support_days: int | None,
    initial_assessment_done: bool,
    needs_assessment_done: bool,
    support_plan_done: bool,
    legal_status: str,
    needs_and_expectations: str,
    other_information: str,
    public_funding_sought: str,
    public_funding_outcome: str,
    residence_status: str = "",
) -> FundingApplication:
    """An application for an integration period (NSP/AI/Dok.07), at most 3 months, based on
    a submitted in-depth needs assessment (seed 002: "Ansökan om en integrationsperiod ska
    baseras på en heltäckande behovsbedömning"), with the residence status as a structured
    answer; "Klienten har sammanlagt åtnjutit … dagar" is computed from the records."""
    case = _locked_for_filing(case=case, by=by, with_admission=False)
    if residence_status not in ResidenceStatus.values:
        raise ValidationError({"residence_status": _("Choose the residence status.")})
    if not has_in_depth_assessment(case):
        raise ValidationError(
            _(
                "An integration period is applied for on the basis of a comprehensive needs "
                "assessment: submit the in-depth needs assessment (NSP/FB/Dok.02) first."
            )
        )
    application = _common(
        case,
        by,
        ApplicationKind.INTEGRATION,
        period_start=period_start,
        days_applied=days_applied,
        had_nsp_30_days=had_nsp_30_days,
        had_formal_reflection_period=had_formal_reflection_period,
        municipal_support_days=municipal_support_days,
        initial_assessment_done=initial_assessment_done,
        needs_assessment_done=needs_assessment_done,
        support_plan_done=support_plan_done,
        legal_status=legal_status,
        residence_status=residence_status,
        nsp_days_enjoyed=nsp_days_enjoyed(case),
        needs_and_expectations=needs_and_expectations,
        other_information=other_information,
        public_funding_sought=public_funding_sought,
        public_funding_outcome=public_funding_outcome,
    )
    if days_applied > application.phase.integration_max_days:
        raise ValidationError(
            _("An integration period is at most %(days)s days.")
            % {"days": application.phase.integration_max_days}
        )
    application.period_end = period_end_for(period_start, days_applied)
    return _save(application, by)


@transaction.atomic
def reconsideration_submit(
    *, decision: Decision, by: User, grounds: str, requested_change: str, other_information: str
) -> FundingApplication:
    """A reconsideration request (NSP/OB/Dok.08) against a signed decision; it gets its own
    decision."""
    bump_statistics_version()  # the statistics count what this changes
    original = decision.application
    _check_filer(case=original.case, by=by)
    # Under the case row lock: a closed case takes no decision any more, so it takes no
    # request for one either (the exit report withdraws what waits, funding/closing.py).
    case = next(c for c in lock_person(original.case) if c.pk == original.case_id)
    if case.status == CaseStatus.CLOSED:
        raise ValidationError(_("The case is closed; nothing more can be applied for."))
    if not decision.is_final or decision.outcome == Outcome.MORE_INFO:
        raise ValidationError(_("Only a final decision can be reconsidered."))
    if FundingApplication.objects.filter(
        contested_decision=decision,
        status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.MORE_INFO],
    ).exists():
        raise ValidationError(_("A reconsideration of this decision is already pending."))
    application = _common(
        original.case,
        by,
        ApplicationKind.RECONSIDERATION,
        contested_decision=decision,
        grounds=grounds,
        requested_change=requested_change,
        other_information=other_information,
        period_start=original.period_start,
        period_end=original.period_end,
        days_applied=original.days_applied,
        public_funding_sought=original.public_funding_sought,
        public_funding_outcome=original.public_funding_outcome,
    )
    return _save(application, by)


@transaction.atomic
def application_add_information(
    *, application: FundingApplication, by: User, information: str
) -> FundingApplication:
    """The actor answers a request for more information; the application returns to the
    decider."""
    bump_statistics_version()  # the statistics count what this changes
    locked = FundingApplication.objects.select_for_update().get(pk=application.pk)
    _check_filer(case=locked.case, by=by)
    if locked.status != ApplicationStatus.MORE_INFO:
        raise ValidationError(_("No information has been requested for this application."))
    if not information.strip():
        raise ValidationError(_("Write the information that was asked for."))
    stamp = timezone.localdate().isoformat()
    locked.additional_information = (
        f"{locked.additional_information}\n\n[{stamp}] {information}".strip()
    )
    locked.status = ApplicationStatus.SUBMITTED
    return _save(locked, by)


@transaction.atomic
def application_withdraw(
    *, application: FundingApplication, by: User, reason: str
) -> FundingApplication:
    """The actor withdraws an application (with a reason) until it is decided. A withdrawn
    application is neither granted nor denied; its days and amounts are free again. The
    person's case rows are locked first (as a decision does), then the application, so a
    withdrawal and a decision at the same moment cannot both happen."""
    bump_statistics_version()  # the statistics count what this changes
    lock_person(Case(pk=application.case_id))
    locked = FundingApplication.objects.select_for_update().get(pk=application.pk)
    if not can_file_for(by, locked.organisation):
        raise ValidationError(_("You can only file for your own organisation."))
    if locked.status not in (ApplicationStatus.SUBMITTED, ApplicationStatus.MORE_INFO):
        raise ValidationError(_("Only an application waiting for a decision can be withdrawn."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the withdrawal.")})
    return withdraw_locked(locked, by=by, reason=reason)


def withdraw_locked(locked: FundingApplication, *, by: User, reason: str) -> FundingApplication:
    """Withdraw an application the caller has locked and found waiting for a decision
    (``application_withdraw``, and the exit report through ``funding.closing``)."""
    locked.status = ApplicationStatus.WITHDRAWN
    locked.withdrawn_on = timezone.localdate()
    locked.withdrawal_reason = reason.strip()
    return _save(locked, by)
