"""Who may do what with cases; built on nsp/permissions.py (reading is scoping)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cases.choices import CaseStatus, DocumentKind, DocumentStatus
from cases.models import Case, CaseDocument, Inquiry
from nsp.accounts.choices import Role
from nsp.permissions import (
    ALLOW,
    AnyUser,
    Decision,
    can_decide,
    can_file_for,
    deny,
    has_role,
    is_actor,
)


def can_record_inquiry(user: AnyUser) -> Decision:
    """Any actor (certified or not) and the coordinator record inquiries."""
    if is_actor(user) or has_role(user, Role.COORDINATOR):
        return ALLOW
    return deny(_("Only actors and the coordinator record inquiries."))


def can_apply(user: AnyUser) -> Decision:
    """Writing an application is for actor users (certification is checked on submit)."""
    if is_actor(user):
        return ALLOW
    return deny(_("Only actors write admission applications."))


def can_write_case(user: AnyUser, case: Case) -> Decision:
    """The case's own actor writes its documents, children and plan while it is open."""
    decision = can_file_for(user, case.organisation)
    if not decision:
        return decision
    if case.status in (CaseStatus.CLOSED, CaseStatus.REFUSED):
        return deny(_("The case is closed."))
    return ALLOW


def can_add_documents(user: AnyUser, case: Case) -> Decision:
    decision = can_write_case(user, case)
    if decision and case.status != CaseStatus.ADMITTED:
        return deny(_("Assessments and reports are made once the case is admitted."))
    return decision


def can_edit_document(user: AnyUser, document: CaseDocument) -> Decision:
    decision = can_write_case(user, document.case)
    if decision and document.status != DocumentStatus.DRAFT:
        return deny(_("A submitted document is locked."))
    return decision


def can_correct_document(user: AnyUser, document: CaseDocument) -> Decision:
    decision = can_write_case(user, document.case)
    if decision and document.status != DocumentStatus.SUBMITTED:
        return deny(_("Only the current submitted version can be corrected."))
    return decision


def can_receive_report(user: AnyUser, document: CaseDocument) -> Decision:
    """The coordinator (or programme manager) receives a submitted support period or exit
    report: "Mottaget av / Datum" (002, Rapport stödperiod)."""
    decision = can_decide(user)
    if not decision:
        return deny(_("Only the coordinator marks a report as received."))
    if document.kind not in (DocumentKind.PERIOD_REPORT, DocumentKind.EXIT_REPORT):
        return deny(_("Only support period and exit reports are received."))
    return ALLOW


def can_decide_admission(user: AnyUser, case: Case) -> Decision:
    decision = can_decide(user)
    if decision and case.status != CaseStatus.APPLIED:
        return deny(_("Only a submitted application waiting for a decision can be decided."))
    return decision


def can_edit_inquiry(user: AnyUser, inquiry: Inquiry) -> Decision:
    """The actor that recorded it (its own organisation), or the coordinator."""
    if has_role(user, Role.COORDINATOR):
        return ALLOW
    if inquiry.organisation is not None and can_file_for(user, inquiry.organisation):
        return ALLOW
    return deny(_("Only the actor concerned and the coordinator edit an inquiry."))
