"""A submit and a draft save of the same document at once: the submitted version wins.

Each thread uses its own database connection. The submit is made to hold its row lock
first (a hook inside ``document_submit`` signals it and lingers), then the draft save
starts: without the lock and re-check in the services it would write its stale copy back
and put the submitted document (and an application's case) back to draft.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from cases import services
from cases.choices import CaseStatus, DocumentKind, DocumentStatus
from cases.models import CaseDocument
from nsp.accounts.models import User
from tests.cases.factories import CaseDocumentFactory, CaseFactory, answers_for, certify


def _in_thread(job: Callable[[], Any], results: list[Any], index: int) -> threading.Thread:
    def run() -> None:
        try:
            with translation.override("en"):
                results[index] = job()
        except Exception as exc:
            results[index] = exc
        finally:
            connection.close()  # each thread had its own connection

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _answers(kind: str, officer: str) -> dict[str, Any]:
    identity = (
        {"surname_initial": "K", "first_name_initial": "L", "birth_year": 1990}
        if kind == DocumentKind.INITIAL
        else {}
    )
    return {**answers_for(kind, **identity), "case_officer": officer}


def _draft(kind: str, staff: User) -> CaseDocument:
    assert staff.organisation is not None
    certify(staff.organisation)
    if kind == DocumentKind.INITIAL:
        return services.application_save(
            organisation=staff.organisation, by=staff, answers=_answers(kind, "Draft 0")
        )
    return CaseDocumentFactory(kind=kind, case__organisation=staff.organisation)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "kind", [DocumentKind.INITIAL, DocumentKind.IN_DEPTH, DocumentKind.EXIT_REPORT]
)
def test_a_submit_and_a_draft_save_racing_end_submitted(
    kind: str, staff_a: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = _draft(kind, staff_a)
    # Both requests read the document (a draft) before either writes, as the views do.
    stale_for_submit = CaseDocument.objects.select_related("case").get(pk=document.pk)
    stale_for_draft = CaseDocument.objects.select_related("case").get(pk=document.pk)
    submit_holds_lock = threading.Event()
    original = services.missing_required

    def lingering_check(doc: CaseDocument) -> list[str]:
        submit_holds_lock.set()  # called in document_submit after its row lock
        time.sleep(0.5)  # the draft save reaches the database meanwhile
        return original(doc)

    monkeypatch.setattr(services, "missing_required", lingering_check)

    def write(doc: CaseDocument, officer: str, submit: bool) -> CaseDocument:
        return services.document_write(
            case=doc.case,
            organisation=doc.case.organisation,
            kind=kind,
            by=staff_a,
            answers=_answers(kind, officer),
            document=doc,
            submit=submit,
        )

    def save_draft() -> CaseDocument:
        assert submit_holds_lock.wait(timeout=10)
        return write(stale_for_draft, "Drafter", submit=False)

    results: list[Any] = [None, None]
    threads = [
        _in_thread(lambda: write(stale_for_submit, "Submitter", submit=True), results, 0),
        _in_thread(save_draft, results, 1),
    ]
    for t in threads:
        t.join(timeout=60)

    document.refresh_from_db()
    assert document.status == DocumentStatus.SUBMITTED
    assert document.answers["case_officer"] == "Submitter"
    document.case.refresh_from_db()
    expected = {
        DocumentKind.INITIAL: CaseStatus.APPLIED,
        DocumentKind.IN_DEPTH: CaseStatus.ADMITTED,
        DocumentKind.EXIT_REPORT: CaseStatus.CLOSED,
    }[DocumentKind(kind)]
    assert document.case.status == expected
    statuses = [h.status for h in document.history.order_by("history_date")]  # type: ignore[attr-defined]
    assert statuses[-1] == DocumentStatus.SUBMITTED
    assert DocumentStatus.DRAFT not in statuses[statuses.index(DocumentStatus.SUBMITTED) :]
    submitted, refused = results
    assert isinstance(submitted, CaseDocument), results
    assert isinstance(refused, ValidationError), results  # the draft save is refused
    assert "locked" in refused.messages[0]


@pytest.mark.django_db(transaction=True)
def test_an_admission_and_a_refusal_at_once_leave_exactly_one_decision(
    coordinator: User, programme_manager: User
) -> None:
    """Admission is a numbered decision (``admission_decide``, docs/RULES.md): the second
    decider finds the case no longer waiting and is refused."""
    from tests.funding.factories import phase

    phase()
    case = CaseFactory()
    certify(case.organisation)  # not a certification test
    barrier = threading.Barrier(2)

    def admit() -> Any:
        barrier.wait(timeout=10)
        return services.admission_decide(
            case=case, by=coordinator, outcome="granted", motivation="Uppfyller kriterierna."
        )

    def refuse() -> Any:
        barrier.wait(timeout=10)
        return services.admission_decide(
            case=case, by=programme_manager, outcome="denied", motivation="Nej"
        )

    results: list[Any] = [None, None]
    threads = [_in_thread(admit, results, 0), _in_thread(refuse, results, 1)]
    for t in threads:
        t.join(timeout=60)

    assert sum(isinstance(r, ValidationError) for r in results) == 1, results
    case.refresh_from_db()
    assert case.status in (CaseStatus.ADMITTED, CaseStatus.REFUSED)
    assert (case.status == CaseStatus.ADMITTED) == (case.case_number is not None)
    decisions = [r for r in results if not isinstance(r, ValidationError)]
    assert len(decisions) == 1
    assert decisions[0].application.case_id == case.pk
