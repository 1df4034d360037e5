"""A granted intervention not used within three months (seed 004 line 279: "Om uppdraget
inte verkställs eller om barnet, den unge eller familjen inte nyttjar insatsen inom tre
månader ska utföraren meddela beställaren för omprövning av beslut.").

In NSP the commissioner (beställaren) is the programme's coordinator, the provider
(utföraren) the actor; an intervention is used when the actor invoices it (or a public body
took it over). Reads only; ``reports.deadlines`` reminds both sides.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet

from cases.choices import CaseStatus
from funding.choices import ApplicationKind
from funding.models import Decision, Invoice
from funding.selectors import in_force
from nsp.dates import add_months, latest_due_by
from nsp.permissions import AnyUser, scope_to_user

UNUSED_AFTER_MONTHS = 3  # seed 004 line 279: "inom tre månader"


def unused_since(decision: Decision) -> date:
    """The day a granted intervention counts as unused when it has not been invoiced."""
    return add_months(decision.decided_on, UNUSED_AFTER_MONTHS)


def interventions_unused(user: AnyUser, *, today: date) -> QuerySet[Decision]:
    """Granted interventions on running cases, decided three months ago or more, with no
    invoice, not spent and not taken over — oldest first."""
    invoiced = Invoice.objects.filter(decision=OuterRef("pk"))
    return (
        scope_to_user(user, in_force(Decision.objects.all()), "application__organisation")
        .filter(
            # The decision in force: a granted reconsideration of an intervention replaces it.
            Q(application__kind=ApplicationKind.INTERVENTION)
            | Q(
                application__kind=ApplicationKind.RECONSIDERATION,
                application__contested_decision__application__kind=ApplicationKind.INTERVENTION,
            ),
            decided_on__lte=latest_due_by(today, UNUSED_AFTER_MONTHS),
            spent=False,
            taken_over_on__isnull=True,
            application__case__status=CaseStatus.ADMITTED,
        )
        .exclude(Exists(invoiced))
        .select_related("application__case")
        .defer("pdf", "snapshot")
        .order_by("decided_on", "number")
    )
