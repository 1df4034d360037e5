"""Writes for funding (services ``<entity>_<verb>``), split by subject."""

from funding.services.applications import (
    application_add_information,
    application_withdraw,
    integration_application_submit,
    intervention_application_submit,
    reconsideration_submit,
    rest_application_submit,
)
from funding.services.budget import budget_period_create, budget_transfer_make
from funding.services.decision_checks import Guidelines
from funding.services.decisions import (
    admission_decide,
    decision_record,
)
from funding.services.invoices import invoice_attest, invoice_submit
from funding.services.takeover import decision_record_takeover

__all__ = [
    "Guidelines",
    "admission_decide",
    "application_add_information",
    "application_withdraw",
    "budget_period_create",
    "budget_transfer_make",
    "decision_record",
    "decision_record_takeover",
    "integration_application_submit",
    "intervention_application_submit",
    "invoice_attest",
    "invoice_submit",
    "reconsideration_submit",
    "rest_application_submit",
]
