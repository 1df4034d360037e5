"""Writes of the data-protection lifecycle: anonymise, erase, record extract requests.

Retention and erasure share one procedure (``case_anonymise``):

1. collect the case's rows — the case, its children, inquiries, documents, plan items,
   funding applications, decisions and invoices — live *and* historical (history rows of
   objects deleted earlier are found through their case/application/decision ids);
2. compute the changes of ``privacy.anonymise`` for every row;
3. unless it is a dry run: write them with ``bulk_update`` (no new history row), re-render
   each decision's PDF from its anonymised snapshot, record an ``ErasureRecord``, and after
   the commit delete the uploaded files.

Each case is one transaction: a failure leaves that case untouched and the others done.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.choices import CaseStatus
from cases.models import Case, CaseDocument, Child, Inquiry, PlanItem
from funding.models import (
    Decision,
    FundingApplication,
    InterventionOccasion,
    Invoice,
    private_storage,
)
from journal.models import JournalComment, JournalEntry
from nsp.accounts.models import User
from nsp.cache import bump_statistics_version
from nsp.dates import add_years
from nsp.uploads import protected_storage
from privacy.anonymise import Context, changes, file_names
from privacy.choices import ErasureKind
from privacy.kanon import k_anonymise
from privacy.models import ErasureRecord, ExtractRequest
from privacy.statistics import coarse_birth_year

CASE_CHILDREN: tuple[type[Model], ...] = (Child, Inquiry, CaseDocument, PlanItem, JournalEntry)


@dataclass
class Outcome:
    """What anonymising (or deleting) one case changed, or would change in a dry run."""

    case_id: uuid.UUID
    case_number: str
    fields: Counter[str] = field(default_factory=Counter)  # "cases.case" → changed fields
    history_fields: Counter[str] = field(default_factory=Counter)
    deleted: Counter[str] = field(default_factory=Counter)
    files: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        return {
            "fields": dict(self.fields),
            "history_fields": dict(self.history_fields),
            "deleted": dict(self.deleted),
            "files": len(self.files),
        }


def history_of(model: type[Model]) -> Any:
    return model.history.model  # type: ignore[attr-defined]


def _ids(model: type[Model], attr: str, values: set[Any]) -> set[Any]:
    """Ids of live and historical rows of ``model`` whose ``attr`` is one of ``values``."""
    if not values:
        return set()
    live = set(
        model._default_manager.filter(**{f"{attr}__in": values}).values_list("pk", flat=True)
    )
    past = set(
        history_of(model).objects.filter(**{f"{attr}__in": values}).values_list("id", flat=True)
    )
    return live | past


def case_rows(case: Case) -> Iterator[tuple[type[Model], str, set[Any]]]:
    """(model, attribute, values): every model of a case and how to find its rows."""
    yield Case, "pk", {case.pk}
    for model in CASE_CHILDREN:
        yield model, "case_id", {case.pk}
    yield JournalComment, "entry_id", _ids(JournalEntry, "case_id", {case.pk})
    applications = _ids(FundingApplication, "case_id", {case.pk})
    yield FundingApplication, "pk", applications
    decisions = _ids(Decision, "application_id", applications)
    yield Decision, "pk", decisions
    yield Invoice, "decision_id", decisions


def _live(model: type[Model], attr: str, values: set[Any]) -> QuerySet[Any]:
    return model._default_manager.filter(**{f"{attr}__in": values})


def _past(model: type[Model], attr: str, values: set[Any]) -> QuerySet[Any]:
    historical: type[Model] = history_of(model)
    return historical._default_manager.filter(**{("id" if attr == "pk" else attr) + "__in": values})


def _label(model: type[Model]) -> str:
    return model._meta.label_lower


def _apply(rows: list[Any], model: type[Model], ctx: Context, counter: Counter[str]) -> list[Any]:
    """Set the changes on ``rows``; returns the rows that changed (to be bulk-updated)."""
    changed = []
    for row in rows:
        new = changes(model, row, ctx)
        if new:
            for name, value in new.items():
                setattr(row, name, value)
            counter[_label(model)] += len(new)
            changed.append((row, list(new)))
    return changed


def _bulk_update(manager_model: type[Model], changed: list[Any]) -> None:
    by_fields: dict[tuple[str, ...], list[Any]] = {}
    for row, names in changed:
        by_fields.setdefault(tuple(sorted(names)), []).append(row)
    for names, rows in by_fields.items():
        manager_model._default_manager.bulk_update(rows, list(names))


def _delete_files_on_commit(names: list[str]) -> None:
    def delete() -> None:
        # Funding's files live in its private storage, the journal's in nsp.uploads'
        # protected storage; the stored names are random, so trying both is safe.
        for storage in (private_storage(), protected_storage):
            for name in names:
                storage.delete(name)

    transaction.on_commit(delete)


def _anonymise_rows(case: Case, outcome: Outcome, *, dry_run: bool) -> None:
    ctx = Context(coarse_birth_year=coarse_birth_year(case))
    for model, attr, values in list(case_rows(case)):
        if not values:
            continue
        live = list(_live(model, attr, values))
        past = list(_past(model, attr, values))
        for row in live + past:
            outcome.files.extend(file_names(model, row))
        live_changed = _apply(live, model, ctx, outcome.fields)
        past_changed = _apply(past, model, ctx, outcome.history_fields)
        if dry_run:
            continue
        if model is Decision:
            _rerender_decisions(live_changed, past_changed)
        _bulk_update(model, live_changed)
        _bulk_update(history_of(model), past_changed)
    outcome.files = sorted(set(outcome.files))


def _rerender_decisions(live_changed: list[Any], past_changed: list[Any]) -> None:
    """A signed decision keeps a document, rendered again from the anonymised snapshot;
    historical copies of the old PDF are dropped."""
    from funding.services.documents import render_decision_pdf
    from nsp.pdf import sha256

    for decision, names in live_changed:
        if decision.pdf and "snapshot" in names:
            decision.pdf = render_decision_pdf(decision.snapshot, decision.template_version)
            decision.pdf_sha256 = sha256(decision.pdf)
            names.extend(["pdf", "pdf_sha256"])
    for row, names in past_changed:
        if row.pdf is not None:
            row.pdf = None
            names.append("pdf")


def case_anonymise(
    *,
    case: Case,
    kind: str,
    reason: str,
    decided_by: str = "",
    performed_by: User | None = None,
    dry_run: bool = False,
) -> Outcome:
    """Remove the personal data of ``case`` (and of its history), keeping what the
    statistics count. See the module docstring for the steps."""
    outcome = Outcome(case_id=case.pk, case_number=case.case_number or "")
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if ErasureRecord.objects.filter(case_id=case.pk).exists():
            raise ValidationError(_("The personal data of this case has already been removed."))
        _anonymise_rows(case, outcome, dry_run=dry_run)
        if dry_run:
            return outcome
        bump_statistics_version()  # the statistics count what this changes
        record = ErasureRecord(
            case_id=case.pk,
            case_number=case.case_number or "",
            kind=kind,
            reason=reason,
            decided_by=decided_by,
            performed_by=performed_by,
            summary=outcome.summary(),
        )
        record.full_clean()
        record.save()
        k_anonymise()  # the remaining fields, over every anonymised case (privacy.kanon)
        _delete_files_on_commit(outcome.files)
    return outcome


# --- Retention ------------------------------------------------------------------------


def retention_cutoff(today: date | None = None, years: int | None = None) -> date:
    today = today or timezone.localdate()
    years = settings.NSP_RETENTION_YEARS if years is None else years
    return add_years(today, -years)


def retention_due(today: date | None = None, years: int | None = None) -> QuerySet[Case]:
    """Cases closed (or refused) before the cutoff and not yet anonymised."""
    cutoff = retention_cutoff(today, years)
    done = ErasureRecord.objects.values("case_id")
    closed = Case.objects.filter(status=CaseStatus.CLOSED, closed_on__lt=cutoff)
    refused = Case.objects.filter(status=CaseStatus.REFUSED, refused_on__lt=cutoff)
    return (closed | refused).exclude(pk__in=done).order_by("closed_on", "refused_on", "number")


def retention_apply(*, case: Case, dry_run: bool = False) -> Outcome:
    years = settings.NSP_RETENTION_YEARS
    return case_anonymise(
        case=case,
        kind=ErasureKind.RETENTION,
        reason=f"Gallring: avslutat för mer än {years} år sedan.",
        dry_run=dry_run,
    )


# --- Erasure on request ---------------------------------------------------------------


def case_can_be_deleted(case: Case) -> bool:
    """The rule: a case with no funding decision (nothing granted, drawn or paid, nothing
    a budget or an auditor relies on) is deleted entirely; otherwise it is anonymised."""
    return not Decision.objects.filter(application__case=case).exists()


def case_erase(*, case: Case, reason: str, decided_by: str, by: User) -> ErasureRecord:
    """Erase a case on the data subject's request: delete it when it has no decisions,
    otherwise anonymise it like retention does, at once."""
    if not reason.strip() or not decided_by.strip():
        raise ValidationError(_("State the reason and who decided the erasure."))
    if not case_can_be_deleted(case):
        case_anonymise(
            case=case,
            kind=ErasureKind.ANONYMISED,
            reason=reason,
            decided_by=decided_by,
            performed_by=by,
        )
        return ErasureRecord.objects.get(case_id=case.pk)
    return _case_delete(case=case, reason=reason, decided_by=decided_by, by=by)


def _case_delete(*, case: Case, reason: str, decided_by: str, by: User) -> ErasureRecord:
    """Delete every row of the case and all their history. Inquiries stay (Table 1 counts
    them) but are anonymised and detached."""
    outcome = Outcome(case_id=case.pk, case_number=case.case_number or "")
    with transaction.atomic():
        bump_statistics_version()  # the statistics count what this changes
        case = Case.objects.select_for_update().get(pk=case.pk)
        if ErasureRecord.objects.filter(case_id=case.pk).exists():
            raise ValidationError(_("The personal data of this case has already been removed."))
        # 1. Anonymise everything first, so the inquiries (kept) and any history row
        #    that might survive carry nothing personal; collect the files.
        _anonymise_rows(case, outcome, dry_run=False)
        rows = {model: values for model, _attr, values in case_rows(case)}
        # 2. Delete: applications (no decisions by the rule), documents newest first
        #    (a correction protects the version it replaces), then the case (children
        #    and plan items cascade; inquiries are detached).
        for application in FundingApplication.objects.filter(case=case):
            application.delete()
            outcome.deleted[_label(FundingApplication)] += 1
        # The person's intervention occasions (issue 15) go with the applications.
        occasions = set(InterventionOccasion.objects.filter(case=case).values_list("pk", flat=True))
        InterventionOccasion.objects.filter(pk__in=occasions).delete()
        if occasions:
            outcome.deleted[_label(InterventionOccasion)] = len(occasions)
        for document in CaseDocument.objects.filter(case=case).order_by("-version", "-created_at"):
            document.delete()
            outcome.deleted[_label(CaseDocument)] += 1
        outcome.deleted[_label(Child)] = case.children.count()
        outcome.deleted[_label(PlanItem)] = case.plan_items.count()
        outcome.deleted[_label(JournalEntry)] = case.journal_entries.count()
        case.delete()  # sets case.pk to None: use outcome.case_id from here on
        outcome.deleted[_label(Case)] = 1
        # 3. Purge the history of the deleted rows (the "-" rows written just now too).
        case_id = outcome.case_id
        history_of(Case).objects.filter(id=case_id).delete()
        for model in (Child, CaseDocument, PlanItem, JournalEntry):
            history_of(model).objects.filter(case_id=case_id).delete()
        history_of(JournalComment).objects.filter(entry_id__in=rows[JournalComment]).delete()
        history_of(FundingApplication).objects.filter(id__in=rows[FundingApplication]).delete()
        history_of(InterventionOccasion).objects.filter(id__in=occasions).delete()
        history_of(Inquiry).objects.filter(case_id=case_id).update(case_id=None)
        record = ErasureRecord(
            case_id=outcome.case_id,
            case_number=outcome.case_number,
            kind=ErasureKind.DELETED,
            reason=reason,
            decided_by=decided_by,
            performed_by=by,
            summary=outcome.summary(),
        )
        record.full_clean()
        record.save()
        _delete_files_on_commit(outcome.files)
    return record


# --- Register extracts ----------------------------------------------------------------


def extract_request_record(*, case: Case, reason: str, by: User) -> ExtractRequest:
    extract = ExtractRequest(
        case_id=case.pk, case_number=case.case_number or "", reason=reason, requested_by=by
    )
    with transaction.atomic():
        extract.full_clean()
        extract.save()
    return extract
