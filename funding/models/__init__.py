"""Funding: programme phases (rates and caps), applications, decisions, invoices, budget.

Rates and caps are data (``ProgrammePhase``); the intervention list is a versioned
catalogue. An application records what was asked for; a ``Decision`` records what was
decided, by whom, and carries its numbered PDF document (bytes + SHA-256 + the context
snapshot it was rendered from). The budget is never stored as a running balance: what is
left is computed from allocations, transfers and decisions (``funding.selectors``).
"""

from funding.models.applications import (
    Decision,
    FundingApplication,
    InterventionOccasion,
    Invoice,
)
from funding.models.budget import BudgetPeriod, BudgetStream, BudgetTransfer
from funding.models.catalogues import (
    FundingForm,
    InterventionCatalogue,
    InterventionItem,
    ProgrammePhase,
    private_name,
    private_storage,
)

__all__ = [
    "BudgetPeriod",
    "BudgetStream",
    "BudgetTransfer",
    "Decision",
    "FundingApplication",
    "FundingForm",
    "InterventionCatalogue",
    "InterventionItem",
    "InterventionOccasion",
    "Invoice",
    "ProgrammePhase",
    "private_name",
    "private_storage",
]
