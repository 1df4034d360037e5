"""Certification advances by itself when step 2 completes (issue 18).

Seed 002, "Steg 2 – Certifieringsbesök": "I de fall något eller några av kraven inte är
uppfyllda resulterar mötet i en åtgärdsplan som meddelas aktören och en överenskommelse
kring en tid då åtgärderna ska ha skett upprättas."

Rule (docs/RULES.md, "Certification: step 2 completes by itself"): an actor in step 2 is
certified as soon as its minimum-requirements visit is completed and **no blocking item**
remains. A blocking item is a requirement recorded **not met** whose action-plan item is
not yet closed (verified by the coordinator); a requirement **partly met** gets its action
item and deadline but does not hold the certification back. So step 2 completes either
when the visit is completed with nothing not met, or later when the coordinator closes the
last action item of a requirement not met. The reason is written from the visit (date,
counts, the requirements that were not met and how they were closed) and stored as the
status change's reason (``CertificationEvent``, with who completed the step), so the
certification's history says why without anyone typing it.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from certification.choices import (
    ActionStatus,
    AssessmentStatus,
    CatalogueKind,
    CertificationStatus,
    Outcome,
)
from certification.models import ActionItem, Assessment, Certification
from nsp.accounts.models import Organisation


def _visit(organisation: Organisation) -> Assessment | None:
    """The latest completed step-2 visit (minimum requirements, not a year's follow-up)."""
    return (
        Assessment.objects.filter(
            organisation=organisation,
            status=AssessmentStatus.COMPLETED,
            catalogue__kind=CatalogueKind.MINIMUM_REQUIREMENTS,
        )
        .order_by("-completed_at")
        .first()
    )


def blocking_items(assessment: Assessment) -> list[ActionItem]:
    """Action items of requirements not met at the visit that are not closed yet."""
    return list(
        ActionItem.objects.filter(
            assessment=assessment,
            answer__outcome=Outcome.NOT_MET,
        )
        .exclude(status=ActionStatus.CLOSED)
        .select_related("answer__item")
    )


def certification_reason(assessment: Assessment) -> str:
    """The reason recorded with the automatic certification, written from the visit."""
    outcomes = list(assessment.answers.values_list("outcome", "item__number"))
    met = sum(outcome == Outcome.MET for outcome, _n in outcomes)
    partly = sum(outcome == Outcome.PARTLY_MET for outcome, _n in outcomes)
    not_met = sorted(
        (number for outcome, number in outcomes if outcome == Outcome.NOT_MET),
        key=lambda n: (len(n), n),
    )
    text = _(
        "Step 2 completed: the certification visit on %(date)s against %(catalogue)s found "
        "%(met)s of %(total)s minimum requirements met and %(partly)s partly met (followed "
        "up in the action plan)."
    ) % {
        "date": assessment.visit_date,
        "catalogue": assessment.catalogue,
        "met": met,
        "total": len(outcomes),
        "partly": partly,
    }
    if not_met:
        text += " " + _(
            "The requirements not met (%(items)s) have been remedied and the coordinator "
            "has verified and closed their action items."
        ) % {"items": ", ".join(not_met)}
    else:
        text += " " + _("No requirement was not met.")
    return str(text)


def step_2_completed(organisation: Organisation) -> str | None:
    """The reason to certify, when the actor is in step 2, its visit is completed and
    nothing blocks; else None. Called inside the transaction of the service that completed
    something (the visit, the closing of an action item); the certification row is locked
    here and re-checked, and ``certification_transition`` re-checks the transition again."""
    cert = Certification.objects.filter(organisation=organisation).first()
    if cert is None or cert.status != CertificationStatus.STEP_2:
        return None
    visit = _visit(organisation)
    if visit is None or blocking_items(visit):
        return None
    cert = Certification.objects.select_for_update().get(pk=cert.pk)
    if cert.status != CertificationStatus.STEP_2:
        return None
    return certification_reason(visit)
