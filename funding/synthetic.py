"""Synthetic applications and decisions for the benchmark register (``seed_demo --cases N``).

Every synthetic case (no documents, no applications) gets what a real case of its age would
have: the 30-day rest applied for together with admission and granted on the admission
day, and its support period report a few days after the period (every fiftieth missing);
every third case a purchase request (granted, or denied every ninth); every fifth admitted
case a 90-day integration application, granted, or waiting when the admission is recent. Rows go in
with ``bulk_create_with_history`` in batches, so they have their history rows like
records written through the services. Synthetic decisions have no budget stream and no
stored PDF (but the newest ``NEWEST_WITH_DOCUMENTS``, the register's first pages): they
stand for earlier years' decisions and do not draw on the current budget.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import IO, Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from cases import questionnaire
from cases.choices import (
    DOCUMENT_QUESTIONNAIRE,
    CaseStatus,
    ChildLocation,
    DocumentKind,
    DocumentStatus,
)
from cases.models import Case, CaseDocument
from funding.choices import (
    ApplicationKind,
    ApplicationStatus,
    Outcome,
    PublicFundingOutcome,
)
from funding.loaders import current_catalogue
from funding.models import Decision, FundingApplication, InterventionOccasion, ProgrammePhase
from funding.services.decisions import lock_numbering
from funding.services.documents import decision_document_store
from nsp.accounts.choices import ACTOR_ROLES, Role
from nsp.accounts.models import User

BATCH = 1000
PUBLIC = "Socialtjänsten och Migrationsverket kontaktades först."
MOTIVATION = "Behovet är styrkt och NSP verkar kompletterande."


def _decision(application: FundingApplication, number: int, outcome: str, by: User) -> Decision:
    granted = outcome == Outcome.GRANTED
    amount = application.requested_amount if granted else None
    return Decision(
        application=application,
        number=number,
        outcome=outcome,
        motivation=MOTIVATION if granted else "Insatsen bedöms inte kompletterande.",
        decided_by=by,
        decided_on=application.submitted_on,
        signed_at=timezone.make_aware(datetime.combine(application.submitted_on, time(12))),
        granted_start=application.period_start if granted else None,
        granted_end=application.period_end if granted else None,
        granted_days=application.days_requested if granted else None,
        granted_amount=amount or Decimal("0"),
    )


def seed_synthetic(stdout: IO[str]) -> None:
    """Applications and decisions for every case that has none (idempotent)."""
    phase = ProgrammePhase.objects.filter(is_active=True).first()
    catalogue = current_catalogue()
    coordinator = User.objects.filter(role=Role.COORDINATOR, is_active=True).first()
    if phase is None or catalogue is None or coordinator is None:
        return
    items = list(catalogue.items.order_by("key")[:5])
    filers: dict[Any, User] = {}
    for user in User.objects.filter(role__in=ACTOR_ROLES, is_active=True).order_by("username"):
        filers.setdefault(user.organisation_id, user)
    # Synthetic cases are those without documents (the demo's own cases all have some).
    todo = Case.objects.filter(
        funding_applications__isnull=True,
        documents__isnull=True,
        status__in=[CaseStatus.ADMITTED, CaseStatus.CLOSED],
        admitted_on__isnull=False,
    ).order_by("number")
    total = todo.count()
    done = 0
    while True:
        cases = list(todo.prefetch_related("children")[:BATCH])
        if not cases:
            break
        with transaction.atomic():
            _seed_batch(cases, phase, items, filers, coordinator)
        done += len(cases)
        stdout.write(f"Synthetic applications and decisions: {done}/{total} cases\n")
    _documents_for_the_newest(stdout)


# The register's first pages (newest decision date first, as ``register_decisions`` orders
# them) carry real documents, as every decision does in real life; rendering 100 000 PDFs
# would take hours, so older ones have none.
NEWEST_WITH_DOCUMENTS = 60


def _documents_for_the_newest(stdout: IO[str]) -> None:
    newest = Decision.objects.select_related("application__case").order_by(
        "-decided_on", "-number"
    )[:NEWEST_WITH_DOCUMENTS]
    missing = [d for d in newest if not d.pdf]
    for decision in missing:
        decision_document_store(decision)
        decision.save(update_fields=["template_version", "snapshot", "pdf", "pdf_sha256"])
    if missing:
        stdout.write(f"Decision documents rendered for the {len(missing)} newest decisions\n")


def _seed_batch(
    cases: list[Case],
    phase: ProgrammePhase,
    items: list[Any],
    filers: dict[Any, User],
    coordinator: User,
) -> None:
    today = timezone.localdate()
    applications: list[FundingApplication] = []
    occasions: list[InterventionOccasion] = []
    outcomes: list[str | None] = []
    for case in cases:
        assert case.admitted_on is not None
        n = case.number or 0
        by = filers.get(case.organisation_id, coordinator)
        common = {
            "case": case,
            "organisation_id": case.organisation_id,
            "phase": phase,
            "submitted_by": by,
            "public_funding_sought": PUBLIC,
            "public_funding_outcome": PublicFundingOutcome.DENIED,
        }
        children = sum(1 for c in case.children.all() if c.location == ChildLocation.WITH_PARENT)
        applications.append(
            FundingApplication(
                kind=ApplicationKind.REST,
                status=ApplicationStatus.DECIDED,
                submitted_on=case.admitted_on,
                period_start=case.admitted_on,
                period_end=case.admitted_on + timedelta(days=30),  # 30 nights
                children_count=children,
                with_admission=True,
                **common,
            )
        )
        outcomes.append(Outcome.GRANTED)
        if n % 3 == 0 and items:
            item = items[n % len(items)]
            occasions.append(
                InterventionOccasion(
                    case=case,
                    description=item.name,
                    occurred_on=case.admitted_on + timedelta(days=10),
                )
            )
            applications.append(
                FundingApplication(
                    kind=ApplicationKind.INTERVENTION,
                    status=ApplicationStatus.DECIDED,
                    submitted_on=case.admitted_on + timedelta(days=10),
                    item=item,
                    quantity=1,
                    unit_cost=Decimal("500"),
                    description="Insats enligt behovsplanen.",
                    occasion=occasions[-1],
                    **common,
                )
            )
            outcomes.append(Outcome.DENIED if n % 9 == 0 else Outcome.GRANTED)
        if n % 5 == 1 and case.status == CaseStatus.ADMITTED:
            # Decided long ago, except for the last weeks' admissions (the real queue).
            waiting = case.admitted_on > today - timedelta(days=40)
            applications.append(
                FundingApplication(
                    kind=ApplicationKind.INTEGRATION,
                    status=ApplicationStatus.SUBMITTED if waiting else ApplicationStatus.DECIDED,
                    submitted_on=case.admitted_on + timedelta(days=25),
                    period_start=case.admitted_on + timedelta(days=30),
                    period_end=case.admitted_on + timedelta(days=120),  # 90 nights
                    days_applied=90,
                    had_nsp_30_days=True,
                    **common,
                )
            )
            outcomes.append(None if waiting else Outcome.GRANTED)
    now = timezone.now()
    bulk_create_with_history(
        occasions, InterventionOccasion, default_user=coordinator, default_date=now
    )
    bulk_create_with_history(
        applications, FundingApplication, default_user=coordinator, default_date=now
    )
    # Numbered after every existing decision (unique in any year); the lock holds until
    # the batch commits.
    lock_numbering()
    number = int(Decision.objects.aggregate(m=Max("number"))["m"] or 0)
    decisions = []
    for application, outcome in zip(applications, outcomes, strict=True):
        if outcome is not None:
            number += 1
            decisions.append(_decision(application, number, outcome, coordinator))
    bulk_create_with_history(decisions, Decision, default_user=coordinator, default_date=now)
    # The support period report, submitted a few days after each granted period ended
    # (every fiftieth is missing: those show as overdue, as some would in real life).
    report = questionnaire.current(DOCUMENT_QUESTIONNAIRE[DocumentKind.PERIOD_REPORT])
    reports = [
        CaseDocument(
            case=d.application.case,
            kind=DocumentKind.PERIOD_REPORT,
            questionnaire=report,
            answers={
                "date": (d.granted_end + timedelta(days=3)).isoformat(),
                "period_start": d.granted_start.isoformat() if d.granted_start else None,
                "period_end": d.granted_end.isoformat(),
            },
            period=d,
            status=DocumentStatus.SUBMITTED,
            document_date=d.granted_end + timedelta(days=3),
            created_by=d.application.submitted_by,
            submitted_by=d.application.submitted_by,
            submitted_at=timezone.make_aware(
                datetime.combine(d.granted_end + timedelta(days=3), time(12))
            ),
        )
        for d in decisions
        if d.granted_end
        and d.granted_end < today - timedelta(days=3)
        and (d.application.case.number or 0) % 50
    ]
    bulk_create_with_history(reports, CaseDocument, default_date=now)
