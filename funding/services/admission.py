"""Admission as a decision (NSP/IB/Dok.01, "Beslut och motivering").

The application for admission is the submitted initial assessment; in the decision register
it is a ``FundingApplication`` of kind ``admission`` (no money), created when the admission
is decided (the case has no other trace of it in this app before). Its decision is recorded
by ``funding.services.decisions.decision_record`` like every other decision: numbered in
the same register, with a PDF, counted, open to reconsideration. These helpers apply the
outcome to the case (``cases.services.case_admit`` / ``case_refuse_admission``).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.choices import CaseStatus
from cases.models import Case
from cases.services import case_admit, case_refuse_admission
from funding.choices import (
    ADMISSION_OUTCOMES,
    ApplicationKind,
    ApplicationStatus,
    Outcome,
    PublicFundingOutcome,
)
from funding.models import FundingApplication, ProgrammePhase
from nsp.accounts.models import User

# What the register shows under "public funding sought" for an admission application:
# admission itself costs nothing, so nothing was sought.
NO_FUNDING = "Ansökan om tillträde (NSP/IB/Dok.01): ingen finansiering söks."


def admission_application(case: Case, *, by: User) -> FundingApplication:
    """The case's pending admission application, created on first use (the caller holds the
    case row lock, so two deciders never create two)."""
    pending = FundingApplication.objects.filter(
        case=case, kind=ApplicationKind.ADMISSION, status=ApplicationStatus.SUBMITTED
    ).first()
    if pending is not None:
        return pending
    if case.status != CaseStatus.APPLIED:
        raise ValidationError(_("Only a case that has applied for admission can be decided."))
    phase = ProgrammePhase.objects.filter(is_active=True).first()
    if phase is None:
        raise ValidationError(_("No programme phase is active; the coordinator must set one."))
    application = FundingApplication(
        kind=ApplicationKind.ADMISSION,
        case=case,
        organisation_id=case.organisation_id,
        phase=phase,
        submitted_by=by,
        submitted_on=case.applied_on or timezone.localdate(),
        public_funding_sought=NO_FUNDING,
        public_funding_outcome=PublicFundingOutcome.NOT_SOUGHT,
    )
    application._history_user = by  # type: ignore[attr-defined]
    application.full_clean()
    application.save()
    return application


def check_admission_outcome(outcome: str) -> None:
    if outcome not in ADMISSION_OUTCOMES:
        raise ValidationError(_("Admission is either granted or refused."))


def admission_outcome_apply(
    application: FundingApplication, *, outcome: str, motivation: str, by: User, day: date
) -> None:
    """Admit the case (next case number) or refuse it, as the decision says.

    A reconsideration that grants admission admits a refused case; one that upholds the
    refusal changes nothing.
    """
    case = Case.objects.select_for_update().get(pk=application.case_id)
    if outcome == Outcome.GRANTED:
        if case.status in (CaseStatus.APPLIED, CaseStatus.REFUSED):
            application.case = case_admit(case=case, admitted_on=day, by=by)
        elif case.status != CaseStatus.ADMITTED:
            raise ValidationError(_("A closed case cannot be admitted again."))
    elif application.kind == ApplicationKind.ADMISSION:
        application.case = case_refuse_admission(case=case, by=by, reason=motivation)
