"""Funding predicates, built on nsp.permissions (each returns a Decision)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from funding.choices import GRANTING_OUTCOMES, ApplicationKind, ApplicationStatus, InvoiceStatus
from funding.models import Decision, FundingApplication, Invoice
from nsp.accounts.choices import Role
from nsp.permissions import (
    ALLOW,
    AnyUser,
    can_decide,
    can_file_for,
    deny,
    has_role,
)
from nsp.permissions import (
    Decision as Verdict,
)


def can_attest(user: AnyUser) -> Verdict:
    """The coordinator attests invoices for payment."""
    if has_role(user, Role.COORDINATOR):
        return ALLOW
    return deny(_("Only the coordinator attests invoices."))


def can_manage_budget(user: AnyUser) -> Verdict:
    if has_role(user, Role.COORDINATOR):
        return ALLOW
    return deny(_("Only the coordinator keeps the budget."))


def can_view_budget(user: AnyUser) -> Verdict:
    if has_role(user, Role.COORDINATOR, Role.PROGRAMME_MANAGER):
        return ALLOW
    return deny(_("Only the programme sees the budget."))


def can_manage_programme(user: AnyUser) -> Verdict:
    """Phases, budget periods and catalogues: the programme manager sets them up."""
    if has_role(user, Role.PROGRAMME_MANAGER):
        return ALLOW
    return deny(_("Only the programme manager sets up the programme."))


def can_view_programme(user: AnyUser) -> Verdict:
    """The set-up (phases, budget periods): the programme manager, and the coordinator reads."""
    if has_role(user, Role.COORDINATOR, Role.PROGRAMME_MANAGER):
        return ALLOW
    return deny(_("Only the programme sees the programme set-up."))


def can_record_afterwards(user: AnyUser) -> Verdict:
    """Records from paper (applications, decisions, transfers, payments): the coordinator."""
    if has_role(user, Role.COORDINATOR):
        return ALLOW
    return deny(_("Only the coordinator enters records after the fact."))


def can_handle_payments(user: AnyUser) -> Verdict:
    """Sent for payment, paid, and the payment export: the coordinator."""
    if has_role(user, Role.COORDINATOR):
        return ALLOW
    return deny(_("Only the coordinator handles payments."))


def can_view_register(user: AnyUser) -> Verdict:
    """The decision register: the programme, and the administrator who exports it."""
    if has_role(user, Role.COORDINATOR, Role.PROGRAMME_MANAGER, Role.ADMINISTRATOR):
        return ALLOW
    return deny(_("Only the programme and the administrator see the decision register."))


def can_decide_application(user: AnyUser, application: FundingApplication) -> Verdict:
    allowed = can_decide(user)
    if not allowed:
        return allowed
    if application.status != ApplicationStatus.SUBMITTED:
        return deny(_("The application is not waiting for a decision."))
    return ALLOW


def can_add_information(user: AnyUser, application: FundingApplication) -> Verdict:
    allowed = can_file_for(user, application.organisation)
    if not allowed:
        return allowed
    if application.status != ApplicationStatus.MORE_INFO:
        return deny(_("No information has been requested for this application."))
    return ALLOW


def can_withdraw_application(user: AnyUser, application: FundingApplication) -> Verdict:
    """The actor withdraws its own application until it is decided."""
    allowed = can_file_for(user, application.organisation)
    if not allowed:
        return allowed
    if application.status not in (ApplicationStatus.SUBMITTED, ApplicationStatus.MORE_INFO):
        return deny(_("Only an application waiting for a decision can be withdrawn."))
    return ALLOW


def can_request_reconsideration(user: AnyUser, decision: Decision) -> Verdict:
    allowed = can_file_for(user, decision.application.organisation)
    if not allowed:
        return allowed
    if decision.outcome == "more_info" or not decision.is_final:
        return deny(_("Only a final decision can be reconsidered."))
    return ALLOW


def can_send_invoice(user: AnyUser, decision: Decision) -> Verdict:
    allowed = can_file_for(user, decision.application.organisation)
    if not allowed:
        return allowed
    if decision.outcome not in GRANTING_OUTCOMES or decision.application.effective_kind not in (
        ApplicationKind.INTERVENTION,
        ApplicationKind.REST,
        ApplicationKind.INTEGRATION,
    ):
        return deny(_("Invoices are sent for granted decisions only."))
    if Invoice.objects.filter(decision=decision).exists():
        return deny(_("The invoice for this decision has already been sent."))
    return ALLOW


def can_pay_invoice(user: AnyUser, invoice: Invoice) -> Verdict:
    """Sent for payment / paid: the coordinator, once the invoice is attested."""
    allowed = can_handle_payments(user)
    if not allowed:
        return allowed
    if invoice.status not in (InvoiceStatus.ATTESTED, InvoiceStatus.SENT):
        return deny(_("Only an attested invoice is sent for payment and paid."))
    return ALLOW


def can_record_takeover(user: AnyUser, decision: Decision) -> Verdict:
    allowed = can_decide(user)
    if not allowed:
        return allowed
    if decision.outcome not in GRANTING_OUTCOMES or decision.granted_start is None:
        return deny(_("Only a granted period can end early."))
    if decision.taken_over_on is not None:
        return deny(_("A takeover has already been recorded for this period."))
    return ALLOW


def can_attest_invoice(user: AnyUser, invoice: Invoice) -> Verdict:
    allowed = can_attest(user)
    if not allowed:
        return allowed
    if invoice.status != InvoiceStatus.SUBMITTED:
        return deny(_("The invoice is already attested."))
    return ALLOW
