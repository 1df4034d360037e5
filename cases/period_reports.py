"""Support period and exit reports that fit the case (issue 19, docs/RULES.md "Reports
that fit the case"): a period report belongs to a granted period and takes its dates from
it; "Mottaget av / Datum" is the coordinator's receipt, not the actor's typing."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import periods
from cases.choices import DocumentKind, DocumentStatus
from cases.models import Case, CaseDocument
from nsp.accounts.models import User

__all__ = ["document_receive", "period_answers"]


def period_answers(
    document: CaseDocument, case: Case, period_id: Any, answers: dict[str, Any]
) -> dict[str, Any]:
    """A support period report belongs to one granted period of its case (issue 19): a new
    report names it (``period_id``), and its type of support and dates always come from
    the period, whatever was posted. A report from before this rule (no period) keeps
    the dates it was given."""
    if document.kind != DocumentKind.PERIOD_REPORT:
        if period_id is not None:
            raise ValidationError(_("Only a support period report belongs to a period."))
        return answers
    if document._state.adding and period_id is None:
        raise ValidationError(
            _("A support period report belongs to a granted period: choose the period.")
        )
    chosen = period_id if document._state.adding else document.period_id
    if chosen is None:
        return answers
    # The period is looked up among this case's first: another case's (another actor's)
    # decision id is answered as if unknown, never "already started" (issue 17).
    period = periods.find_period(case, chosen)
    if period is None:
        raise ValidationError(_("The period is not a granted period of this case."))
    if document._state.adding:
        if CaseDocument.objects.filter(period_id=period_id, previous__isnull=True).exists():
            raise ValidationError(_("A report for this period has already been started."))
        document.period_id = period_id
    return {**answers, **period.answers()}


@transaction.atomic
def document_receive(*, document: CaseDocument, by: User) -> CaseDocument:
    """The coordinator marks a submitted support period or exit report as received: the
    seed's "Mottaget av / Datum" (002, Rapport stödperiod, Utslussningsrapport) is the
    coordinator and the day, recorded here and never typed by the actor."""
    document = CaseDocument.objects.select_for_update().get(pk=document.pk)
    refusal = receive_refusal(document)
    if refusal is not None:
        raise ValidationError(refusal)
    document.received_by = by
    document.received_on = timezone.localdate()
    document._history_user = by  # type: ignore[attr-defined]
    document.full_clean()
    document.save(update_fields=["received_by", "received_on", "updated_at"])
    return document


def receive_refusal(document: CaseDocument) -> str | None:
    """Why ``document`` cannot be marked as received now, or None when it can (the page's
    button and ``document_receive`` under its lock read the same rule)."""
    if document.kind not in (DocumentKind.PERIOD_REPORT, DocumentKind.EXIT_REPORT):
        return _("Only support period and exit reports are received.")
    if document.status != DocumentStatus.SUBMITTED:
        return _("Only the current submitted version can be received.")
    if document.received_on is not None:
        return _("The report has already been received.")
    return None
