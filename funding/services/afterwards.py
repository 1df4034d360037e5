"""Records entered after the fact: what a programme decided on paper before it used NSP.

The coordinator enters an application, a decision, a transfer or a payment with its real
past date. Each record keeps ``recorded_afterwards_by`` (who entered it; ``created_at``
says when, the history keeps both), so every page can show "registrerad i efterhand".
A decision draws from the budget period of its decision date and takes the next number
of that year's register (``funding.services.decisions.decision_record(decided_on=…)``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.choices import CaseStatus
from cases.models import Case
from cases.services import format_case_number
from funding.choices import (
    GRANTING_OUTCOMES,
    ApplicationKind,
    ApplicationStatus,
    InvoiceStatus,
    PublicFundingOutcome,
)
from funding.models import Decision, FundingApplication, InterventionItem, Invoice
from funding.permissions import can_record_afterwards
from funding.rates import days_in
from funding.selectors import phase_in_force
from funding.services.decisions import decision_record
from nsp.accounts.models import Organisation, User
from nsp.cache import bump_statistics_version

PAPER = gettext_lazy("Entered afterwards from the paper register.")
PAPER_KINDS = (ApplicationKind.REST, ApplicationKind.INTEGRATION, ApplicationKind.INTERVENTION)
# Same key as cases.services: a case taken from paper is numbered under the same lock.
_CASE_NUMBER_LOCK = 7_301_001


def _check(by: User, *days: date | None) -> None:
    if not can_record_afterwards(by):
        raise ValidationError(_("Only the coordinator enters records after the fact."))
    today = timezone.localdate()
    if any(day is not None and day > today for day in days):
        raise ValidationError(_("A record entered afterwards cannot be dated in the future."))


@transaction.atomic
def paper_case_get_or_create(
    *,
    by: User,
    organisation: Organisation,
    case_number: str,
    admitted_on: date,
    first_name_initial: str,
    surname_initial: str,
    birth_year: int,
    gender: str,
) -> tuple[Case, bool]:
    """The admitted case of a paper decision, under its paper case number (NSP012).

    An existing case with that number is reused when it belongs to the same actor (so a
    second import changes nothing); otherwise it is refused.
    """
    _check(by, admitted_on)
    existing = Case.objects.filter(case_number=case_number).first()
    if existing is not None:
        if existing.organisation_id != organisation.pk:
            raise ValidationError(
                _("Case %(number)s belongs to another actor.") % {"number": case_number}
            )
        return existing, False
    digits = case_number.removeprefix("NSP")
    if not digits.isdigit() or format_case_number(int(digits)) != case_number:
        raise ValidationError(
            _("%(number)s is not a case number (NSP followed by digits).") % {"number": case_number}
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CASE_NUMBER_LOCK])
    case = Case(
        organisation=organisation,
        case_number=case_number,
        number=int(digits),
        status=CaseStatus.ADMITTED,
        admitted_on=admitted_on,
        applied_on=admitted_on,
        first_name_initial=first_name_initial,
        surname_initial=surname_initial,
        birth_year=birth_year,
        gender=gender,
    )
    case._history_user = by  # type: ignore[attr-defined]
    case.full_clean()
    case.save()
    return case, True


@transaction.atomic
def application_record_afterwards(
    *,
    by: User,
    case: Case,
    kind: str,
    submitted_on: date,
    period_start: date | None = None,
    period_end: date | None = None,
    children_count: int = 0,
    item: InterventionItem | None = None,
    quantity: int | None = None,
    unit_cost: Decimal | None = None,
    description: str = "",
) -> FundingApplication:
    """An application as it was filed on paper, under the phase in force on its date."""
    _check(by, submitted_on)
    bump_statistics_version()  # the statistics count what this changes
    phase = phase_in_force(submitted_on)
    if phase is None:
        raise ValidationError(
            _("No programme phase was in force on %(day)s; set up that phase first.")
            % {"day": submitted_on.isoformat()}
        )
    if kind not in (
        ApplicationKind.REST,
        ApplicationKind.INTEGRATION,
        ApplicationKind.INTERVENTION,
    ):
        raise ValidationError(_("Unknown kind of application."))
    fields: dict[str, Any] = {}
    if kind == ApplicationKind.INTERVENTION:
        if item is None or not quantity or unit_cost is None:
            raise ValidationError(_("An intervention needs its item, quantity and unit cost."))
        fields = {"item": item, "quantity": quantity, "unit_cost": unit_cost}
    else:
        if period_start is None or period_end is None or period_end < period_start:
            raise ValidationError(_("Give the start and end dates of the period."))
        limit = phase.rest_max_days if kind == ApplicationKind.REST else phase.integration_max_days
        if days_in(period_start, period_end) > limit:
            raise ValidationError(_("At most %(days)s days can be granted.") % {"days": limit})
        fields = {"period_start": period_start, "period_end": period_end}
        if kind == ApplicationKind.REST:
            fields["children_count"] = children_count
        else:
            fields["days_applied"] = days_in(period_start, period_end)
    application = FundingApplication(
        kind=kind,
        status=ApplicationStatus.SUBMITTED,
        case=case,
        organisation=case.organisation,
        phase=phase,
        submitted_by=by,
        submitted_on=submitted_on,
        public_funding_sought=str(PAPER),
        public_funding_outcome=PublicFundingOutcome.NOT_SOUGHT,
        description=description or str(PAPER),
        recorded_afterwards_by=by,
        **fields,
    )
    application._history_user = by  # type: ignore[attr-defined]
    application.full_clean()
    application.save()
    return application


def decision_record_afterwards(
    *,
    by: User,
    application: FundingApplication,
    decided_on: date,
    outcome: str,
    motivation: str,
    granted_amount: Decimal | None = None,
    number: int | None = None,
) -> Decision:
    """A paper decision with its real date (``number``, when given, must be the next of
    that year's register: the numbering stays gapless)."""
    from funding.services.decision_checks import Guidelines

    _check(by, decided_on)
    with transaction.atomic():
        if number is not None:
            from funding.services.decisions import lock_numbering

            lock_numbering()
            found = Decision.objects.filter(decided_on__year=decided_on.year).aggregate(
                m=Max("number")
            )["m"]
            if number != int(found or 0) + 1:
                raise ValidationError(
                    _("Decision %(number)s is not the next number of %(year)s (%(next)s).")
                    % {"number": number, "year": decided_on.year, "next": int(found or 0) + 1}
                )
        granting = outcome in GRANTING_OUTCOMES
        integration = application.kind == ApplicationKind.INTEGRATION
        return decision_record(
            application=application,
            by=by,
            outcome=outcome,
            motivation=motivation,
            decided_on=decided_on,
            granted_start=application.period_start if granting else None,
            granted_end=application.period_end if granting else None,
            granted_amount=granted_amount,
            # A paper decision was taken on the guidelines of its day: recorded as met.
            guidelines=Guidelines(True, True, True, True) if integration else None,
            retroactive_motivation=str(PAPER),
            special_circumstances=str(PAPER) if integration else "",
        )


@transaction.atomic
def payment_record_afterwards(
    *,
    by: User,
    decision: Decision,
    amount: Decimal,
    paid_on: date,
    reference: str,
    invoice_file: File[bytes] | None = None,
) -> Invoice:
    """A payment made before NSP was used: invoiced, attested, sent and paid that day."""
    _check(by, paid_on)
    bump_statistics_version()  # the statistics count what this changes
    locked = Decision.objects.select_for_update().get(pk=decision.pk)
    if locked.outcome not in GRANTING_OUTCOMES:
        raise ValidationError(_("Only a granted decision is paid."))
    if Invoice.objects.filter(decision=locked).exists():
        raise ValidationError(_("The invoice for this decision has already been sent."))
    if amount > locked.granted_amount:
        raise ValidationError(_("The amount exceeds what was granted."))
    if paid_on < locked.decided_on:
        raise ValidationError(_("A payment cannot be dated before its decision."))
    if not reference.strip():
        raise ValidationError(_("Give the payment reference."))
    invoice = Invoice(
        decision=locked,
        organisation_id=locked.application.organisation_id,
        real_cost=amount,
        invoice_file=invoice_file or "",
        uploaded_by=by,
        status=InvoiceStatus.PAID,
        attested_by=by,
        attested_on=paid_on,
        sent_for_payment_on=paid_on,
        paid_on=paid_on,
        payment_reference=reference.strip(),
        paid_by=by,
        recorded_afterwards_by=by,
    )
    invoice._history_user = by  # type: ignore[attr-defined]
    invoice.full_clean()
    invoice.save()
    locked.draw = amount
    locked.spent = True
    locked._history_user = by  # type: ignore[attr-defined]
    locked.save(update_fields=["draw", "spent", "updated_at"])
    return invoice


@transaction.atomic
def paper_decision_enter(
    *,
    by: User,
    organisation: Organisation,
    case_number: str,
    initials: str,
    birth_year: int,
    gender: str,
    admitted_on: date,
    kind: str,
    submitted_on: date,
    decided_on: date,
    outcome: str,
    motivation: str,
    period_start: date | None = None,
    period_end: date | None = None,
    children_count: int = 0,
    item: InterventionItem | None = None,
    quantity: int | None = None,
    unit_cost: Decimal | None = None,
    granted_amount: Decimal | None = None,
    number: int | None = None,
) -> Decision:
    """One paper decision with its case and application (the screen and the import)."""
    if len(initials.strip()) != 2:
        raise ValidationError(_("Give two initials: first name and surname."))
    case, _created = paper_case_get_or_create(
        by=by,
        organisation=organisation,
        case_number=case_number.strip().upper(),
        admitted_on=admitted_on,
        first_name_initial=initials.strip()[0].upper(),
        surname_initial=initials.strip()[1].upper(),
        birth_year=birth_year,
        gender=gender,
    )
    application = application_record_afterwards(
        by=by,
        case=case,
        kind=kind,
        submitted_on=submitted_on,
        period_start=period_start,
        period_end=period_end,
        children_count=children_count,
        item=item,
        quantity=quantity,
        unit_cost=unit_cost,
    )
    return decision_record_afterwards(
        by=by,
        application=application,
        decided_on=decided_on,
        outcome=outcome,
        motivation=motivation,
        granted_amount=granted_amount,
        number=number,
    )
