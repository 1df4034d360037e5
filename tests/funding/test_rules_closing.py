"""Closing a case (issue 15): the exit report while funding is open — one test per rule
(docs/RULES.md, "Closing a case with open funding")."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases import selectors as case_selectors
from cases.choices import CaseStatus, DocumentKind
from cases.closing import EXIT_OPEN
from cases.models import Case, CaseDocument
from cases.services import document_write
from funding.choices import ApplicationStatus, PublicBody
from funding.models import Decision, FundingApplication
from funding.selectors import rest_nights_granted, stream_remaining
from nsp.accounts.models import User
from tests.cases.factories import PlanItemFactory, answers_for
from tests.conftest import login
from tests.funding.factories import grant, intervention_application, rest_application, stream


def _exit(case: Case, by: User, *, days_from_now: int = 0, confirm: bool = False) -> CaseDocument:
    day = timezone.localdate() + timedelta(days=days_from_now)
    return document_write(
        case=case,
        organisation=case.organisation,
        kind=DocumentKind.EXIT_REPORT,
        by=by,
        answers=answers_for("exit_report", date=day.isoformat()),
        submit=True,
        confirm_exit=confirm,
    )


def test_the_exit_report_does_not_silently_close_a_case_with_open_funding(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    """002: "Stödprogrammet betalar ut en schablonsumma per dygn till boendet (dock max i 30
    dygn) till dess …" — while a paid period runs, the exit report first shows what is
    open; nothing is written until the actor confirms."""
    grant(rest_application(admitted_case, staff_a), coordinator)
    with pytest.raises(ValidationError) as raised:
        _exit(admitted_case, staff_a, days_from_now=10)
    assert raised.value.code == EXIT_OPEN
    assert "ends on" in raised.value.messages[0]
    admitted_case.refresh_from_db()
    assert admitted_case.status == CaseStatus.ADMITTED
    assert not CaseDocument.objects.filter(case=admitted_case, kind="exit_report").exists()


def test_the_period_ends_on_the_exit_date_with_its_amount_recomputed(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    """002: "Om max 30 dagars vila beviljas kan den certifierade aktören fakturera
    stödprogrammet enligt schablonen" — per night (dygn) up to the exit date: 10 of the 30
    nights granted are paid (10 × 1 200), the rest goes back to the stream."""
    rest = stream("rest_30")
    before = stream_remaining(rest)
    decision = grant(rest_application(admitted_case, staff_a), coordinator)
    assert decision.draw == Decimal("36000")
    _exit(admitted_case, staff_a, days_from_now=10, confirm=True)
    decision.refresh_from_db()
    assert decision.taken_over_on == timezone.localdate() + timedelta(days=10)
    assert decision.taken_over_by == PublicBody.EXIT
    assert decision.draw == Decimal("12000")
    assert stream_remaining(rest) == before - Decimal("12000")
    assert rest_nights_granted(admitted_case) == 10
    assert decision.history.first().draw == Decimal("12000")  # type: ignore[attr-defined]
    admitted_case.refresh_from_db()
    assert admitted_case.status == CaseStatus.CLOSED
    assert admitted_case.closed_on == timezone.localdate() + timedelta(days=10)


def test_a_period_that_ends_before_the_exit_is_left_as_it_was(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    """Only what runs past the exit date is open: a period already over closes silently."""
    start = timezone.localdate() - timedelta(days=40)
    decision = grant(
        rest_application(admitted_case, staff_a, period_start=start),
        coordinator,
        retroactive_motivation="Ansökan kom in sent.",
    )
    _exit(admitted_case, staff_a)  # no confirmation needed
    decision.refresh_from_db()
    assert decision.taken_over_on is None and decision.draw == Decimal("36000")


def test_waiting_applications_are_withdrawn_with_the_exit_as_reason(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    """002, Tabell 1 counts "Beviljade" and "Nekade": an application the exit leaves
    undecided is neither — it is withdrawn, with the exit as the reason, in its history."""
    waiting = rest_application(admitted_case, staff_a)
    more_info = intervention_application(
        admitted_case, staff_a, key="therapy", quantity=1, unit_cost="800"
    )
    grant(more_info, coordinator, outcome="more_info")
    _exit(admitted_case, staff_a, confirm=True)
    for application in (waiting, more_info):
        application.refresh_from_db()
        assert application.status == ApplicationStatus.WITHDRAWN
        assert "exit report" in application.withdrawal_reason
        assert application.history.first().status == "withdrawn"  # type: ignore[attr-defined]
    # The closed case takes no decision on them any more.
    with pytest.raises(ValidationError):
        grant(FundingApplication.objects.get(pk=waiting.pk), coordinator)


def test_the_exit_is_all_or_nothing(admitted_case: Case, staff_a: User, coordinator: User) -> None:
    """One transaction: when the exit report cannot be submitted (here: the case is already
    closed by another report), no period is ended and no application withdrawn."""
    decision = grant(rest_application(admitted_case, staff_a), coordinator)
    Case.objects.filter(pk=admitted_case.pk).update(status=CaseStatus.CLOSED)
    with pytest.raises(ValidationError):
        _exit(admitted_case, staff_a, confirm=True)
    decision.refresh_from_db()
    assert decision.taken_over_on is None and decision.draw == Decimal("36000")


def test_a_closed_case_shows_no_next_follow_up(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    """A closed case has nothing due: no next follow-up on its page or in the case list."""
    PlanItemFactory(case=admitted_case, follow_up_on=timezone.localdate() + timedelta(days=3))
    assert case_selectors.case_page(admitted_case).next_due is not None
    _exit(admitted_case, staff_a)
    admitted_case.refresh_from_db()
    assert case_selectors.case_page(admitted_case).next_due is None
    listed = case_selectors.cases_for_user(coordinator).get(pk=admitted_case.pk)
    assert listed.next_due is None  # type: ignore[attr-defined]
    response = login(coordinator).get(reverse("cases:case_detail", args=[admitted_case.pk]))
    assert b"cases-next-due" not in response.content


def test_the_confirm_step_shows_what_is_open_and_closes_on_confirmation(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    """The actor submits the exit report, is shown the running period and the waiting
    application, and closes the case by confirming (browser-free)."""
    decision = grant(rest_application(admitted_case, staff_a), coordinator)
    waiting = intervention_application(
        admitted_case, staff_a, key="therapy", quantity=1, unit_cost="800"
    )
    client = login(staff_a)
    answers = answers_for("exit_report", date=timezone.localdate().isoformat())
    url = reverse("cases:document_create", args=[admitted_case.pk, "exit_report"])
    response = client.post(url, {**_post_data(answers), "submit": "1"})
    draft = CaseDocument.objects.get(case=admitted_case, kind="exit_report")
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:exit_confirm", args=[draft.pk])
    assert draft.status == "draft"
    page = client.get(response["Location"])
    text = page.content.decode()
    assert page.status_code == 200
    assert decision.reference in text and str(waiting.get_kind_display()) in text
    response = client.post(reverse("cases:exit_confirm", args=[draft.pk]))
    assert response["Location"] == reverse("cases:document_detail", args=[draft.pk])
    admitted_case.refresh_from_db()
    waiting.refresh_from_db()
    decision.refresh_from_db()
    assert admitted_case.status == CaseStatus.CLOSED
    assert waiting.status == ApplicationStatus.WITHDRAWN
    assert decision.draw == 0 and decision.taken_over_on == timezone.localdate()
    assert Decision.objects.filter(pk=decision.pk, spent=True).exists()


def _post_data(answers: dict[str, object]) -> dict[str, object]:
    """The questionnaire form's POST data for ``answers`` (lists stay lists)."""
    return {k: v for k, v in answers.items() if v not in (None, "")}
