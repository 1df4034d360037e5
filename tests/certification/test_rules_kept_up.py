"""Certification kept up (issue 19): the annual follow-up of step 3 is a re-assessment against
the minimum requirements, pre-filled from the last one, with the year's case handling drawn
from the records; the annual statistics and final reports are derived, not ticked.

Seed 002, Steg 3 (line 318): "Steg 3 – Utveckling: detta innebär en årlig, rutinmässig
kontroll av aktörernas arbete i relation till dess värderingar, minimikraven, och hanteringen
av individuella ärenden som skett under året."
Seed 002, line 320: "Aktörerna förbinder sig till att fylla i Plattformens årliga
statistikinsamling samt avlägga slutrapport på de individer som erbjudits stöd inom ramen
för stödprogrammet."
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from cases.choices import CaseStatus, DocumentKind
from cases.models import Case
from certification import annual, services, year
from certification.choices import ActionStatus, FollowUpStatus, Outcome
from certification.models import ActionItem, FollowUp
from funding.choices import ApplicationKind
from nsp.accounts.models import Organisation, User
from tests.cases.factories import CaseDocumentFactory
from tests.certification import factories as cf
from tests.conftest import login
from tests.reports.factories import application, case, decide

DUE = date(2026, 6, 30)  # the year looked back on: 2025-07-01 … 2026-06-30
RECORDED = date(2026, 7, 10)


def _period(c: Case, staff: User, coordinator: User, start: date, end: date, kind: str) -> Any:
    app = application(c, staff, kind, start)
    return decide(
        app,
        coordinator,
        "granted",
        decided_on=start,
        granted_start=start,
        granted_end=end,
        granted_days=(end - start).days + 1,
        granted_amount=Decimal("1000"),
    )


def _report(c: Case, kind: str, on: date) -> None:
    CaseDocumentFactory(
        case=c,
        kind=kind,
        submitted=True,
        submitted_at=datetime(on.year, on.month, on.day, 10, tzinfo=UTC),
    )


def _year_of_cases(org: Organisation, staff: User, coordinator: User) -> None:
    """Four cases in the year (expected figures in the test below)."""
    rest, integration = ApplicationKind.REST, ApplicationKind.INTEGRATION
    c1 = case(org, status=CaseStatus.ADMITTED, admitted_on=date(2025, 8, 1))
    _period(c1, staff, coordinator, date(2025, 9, 1), date(2025, 9, 30), rest)
    _report(c1, DocumentKind.PERIOD_REPORT, date(2025, 10, 5))  # on time (by 14 Oct)
    # A period ending 28 June: its report is not due before 12 July, so not owed yet.
    _period(c1, staff, coordinator, date(2026, 6, 1), date(2026, 6, 28), rest)
    c2 = case(org, status=CaseStatus.ADMITTED, admitted_on=date(2026, 1, 10))
    _period(c2, staff, coordinator, date(2026, 2, 1), date(2026, 4, 30), integration)
    _report(c2, DocumentKind.PERIOD_REPORT, date(2026, 5, 20))  # late (due 14 May)
    # Support ended 30 March, no report and no exit report: both missing.
    c3 = case(org, status=CaseStatus.ADMITTED, admitted_on=date(2026, 3, 1))
    _period(c3, staff, coordinator, date(2026, 3, 1), date(2026, 3, 30), rest)
    # Closed by its exit report on 1 May, which also reports its last period.
    c4 = case(
        org, status=CaseStatus.CLOSED, admitted_on=date(2026, 3, 20), closed_on=date(2026, 5, 1)
    )
    _period(c4, staff, coordinator, date(2026, 4, 1), date(2026, 4, 30), rest)
    _report(c4, DocumentKind.EXIT_REPORT, date(2026, 5, 1))
    # Another actor's case and a case of the year before do not count.
    case(org, status=CaseStatus.CLOSED, admitted_on=date(2024, 1, 1), closed_on=date(2025, 6, 1))


def test_the_years_case_handling_is_drawn_from_the_records(
    org_a: Organisation, staff_a: User, coordinator: User
) -> None:
    """Steg 3: "hanteringen av individuella ärenden som skett under året" — the cases of the
    year, the period reports and final reports owed, in and on time."""
    _year_of_cases(org_a, staff_a, coordinator)
    followup = services.followup_schedule(organisation=org_a, due_on=DUE)
    assert year.followup_year(followup) == (date(2025, 7, 1), DUE)
    handling = year.case_handling(org_a, date(2025, 7, 1), DUE, RECORDED)
    figures = handling.figures
    assert figures["cases_active"] == 4
    assert figures["cases_admitted"] == 4
    assert figures["cases_closed"] == 1
    assert figures["period_reports_owed"] == 4  # c1 (September), c2, c3, c4
    assert figures["period_reports_missing"] == 1  # c3
    assert figures["period_reports_on_time"] == 2  # c1, c4
    assert figures["final_reports_owed"] == 3  # c4 (closed), c2 and c3 (support ended)
    assert figures["final_reports_missing"] == 2
    assert figures["final_reports_on_time"] == 1
    assert not handling.statistics_complete
    assert not handling.final_reports_complete


def test_a_report_counts_for_its_own_period_only(
    org_a: Organisation, staff_a: User, coordinator: User
) -> None:
    """A support period report belongs to its period (issue 19): the report of the second
    period does not make the first one's count as in — as the overdue reminder reads it."""
    rest = ApplicationKind.REST
    c = case(org_a, status=CaseStatus.ADMITTED, admitted_on=date(2025, 8, 1))
    _period(c, staff_a, coordinator, date(2025, 9, 1), date(2025, 9, 30), rest)
    second = _period(c, staff_a, coordinator, date(2025, 11, 1), date(2025, 11, 30), rest)
    CaseDocumentFactory(
        case=c,
        kind=DocumentKind.PERIOD_REPORT,
        period=second,
        submitted=True,
        submitted_at=datetime(2025, 12, 5, 10, tzinfo=UTC),
    )
    figures = year.case_handling(org_a, date(2025, 7, 1), DUE, RECORDED).figures
    assert figures["period_reports_owed"] == 2
    assert figures["period_reports_missing"] == 1  # the September period's report
    assert figures["period_reports_on_time"] == 1


def test_annual_statistics_and_final_reports_are_derived_not_ticked(
    org_a: Organisation, staff_a: User, coordinator: User
) -> None:
    """Seed 002: "fylla i Plattformens årliga statistikinsamling samt avlägga slutrapport på
    de individer som erbjudits stöd" — recorded from the submitted reports."""
    _year_of_cases(org_a, staff_a, coordinator)
    cf.completed_assessment(org_a, not_met=())
    followup = services.followup_schedule(organisation=org_a, due_on=DUE)
    cf.reassessed(followup)
    services.followup_record(
        followup=followup, by=cf.coordinator(), year_review="Året", completed_on=RECORDED
    )
    followup.refresh_from_db()
    assert followup.statistics_submitted is False
    assert followup.final_reports_submitted is False
    assert followup.case_handling["period_reports_missing"] == 1
    assert len(followup.shortcomings) == 3  # no event attended, statistics, final reports

    # The year after: every report due in it is in (c1's report on its June period, due
    # 12 July; the exit reports of c1 and c3, which close them) — the same questions answer
    # yes without anyone ticking them.
    c1 = Case.objects.get(organisation=org_a, admitted_on=date(2025, 8, 1))
    c3 = Case.objects.get(organisation=org_a, admitted_on=date(2026, 3, 1))
    _report(c1, DocumentKind.PERIOD_REPORT, date(2026, 7, 5))
    for closed in (c1, c3):
        _report(closed, DocumentKind.EXIT_REPORT, date(2026, 7, 20))
        Case.objects.filter(pk=closed.pk).update(
            status=CaseStatus.CLOSED, closed_on=date(2026, 7, 20)
        )
    following = FollowUp.objects.get(organisation=org_a, status=FollowUpStatus.SCHEDULED)
    cf.reassessed(following)
    services.followup_record(
        followup=following, by=cf.coordinator(), year_review="År 2", completed_on=date(2027, 7, 1)
    )
    following.refresh_from_db()
    assert following.statistics_submitted is True
    assert following.final_reports_submitted is True


def test_the_follow_up_needs_its_re_assessment(org_a: Organisation) -> None:
    """Steg 3 is a "kontroll av aktörernas arbete i relation till … minimikraven": the
    follow-up is recorded only with its re-assessment completed."""
    cf.completed_assessment(org_a)
    followup = services.followup_schedule(organisation=org_a, due_on=DUE)
    with pytest.raises(ValidationError):
        services.followup_record(followup=followup, by=cf.coordinator(), year_review="Året")
    annual.followup_assessment_open(followup=followup, by=cf.coordinator())
    with pytest.raises(ValidationError):  # opened, not completed
        services.followup_record(followup=followup, by=cf.coordinator(), year_review="Året")


def test_the_re_assessment_is_pre_filled_from_last_year(org_a: Organisation) -> None:
    """The minimum requirements are re-assessed each year, starting from the last answers:
    a requirement whose action is closed since is met; one whose action is still open keeps
    that action (no second item); a newly unmet one makes the new action plan."""
    visit = cf.completed_assessment(org_a, not_met=("7", "12"), deadline=date(2026, 5, 1))
    seven = ActionItem.objects.get(answer__assessment=visit, answer__item__number="7")
    twelve = ActionItem.objects.get(answer__assessment=visit, answer__item__number="12")
    services.action_update(action=twelve, by=cf.manager_of(org_a), note="Klart", mark_done=True)
    services.action_verify(action=twelve, by=cf.coordinator(), close=True)
    followup = services.followup_schedule(organisation=org_a, due_on=DUE)

    again = annual.followup_assessment_open(followup=followup, by=cf.coordinator())
    assert annual.followup_assessment_open(followup=followup, by=cf.coordinator()) == again
    rows = {a.item.number: a for a in again.answers.select_related("item")}
    assert len(rows) == 25
    assert rows["1"].answer == "Svar" and rows["1"].outcome == Outcome.MET
    assert rows["12"].outcome == Outcome.MET  # its action was closed
    assert rows["7"].outcome == Outcome.NOT_MET
    assert rows["7"].recommendation == "Åtgärda krav 7"
    assert rows["7"].agreed_deadline == date(2026, 5, 1)
    # The pre-fill is in history, by the coordinator who opened it.
    prefilled = rows["12"].history.latest()
    assert prefilled.outcome == Outcome.MET and prefilled.history_user == cf.coordinator()

    values = {str(rows["3"].pk): {"outcome": Outcome.PARTLY_MET, "recommendation": "Rutin"}}
    values[str(rows["3"].pk)]["agreed_deadline"] = date(2026, 9, 1)
    values[str(rows["7"].pk)] = {"agreed_deadline": date(2026, 10, 1)}
    services.assessment_record(assessment=again, answers=values, summary="")
    services.assessment_complete(assessment=again, by=cf.coordinator())
    seven.refresh_from_db()
    assert seven.deadline == date(2026, 10, 1) and seven.status == ActionStatus.OPEN
    assert not ActionItem.objects.filter(assessment=again, answer__item__number="7").exists()
    new = ActionItem.objects.get(assessment=again)
    assert new.answer.item.number == "3" and new.description == "Rutin"


def test_the_years_action_items_closed_are_counted(org_a: Organisation) -> None:
    """Steg 3 looks at the action plan of the year: items due, closed, closed in time."""
    visit = cf.completed_assessment(org_a, not_met=("7", "12"), deadline=date(2026, 5, 1))
    twelve = ActionItem.objects.get(answer__assessment=visit, answer__item__number="12")
    services.action_update(action=twelve, by=cf.manager_of(org_a), note="Klart", mark_done=True)
    services.action_verify(action=twelve, by=cf.coordinator(), close=True)
    late = year.case_handling(org_a, date(2025, 7, 1), DUE, RECORDED)
    assert late.get("actions_due") == 2
    assert late.get("actions_closed") == 1
    assert late.get("actions_closed_on_time") == 0  # verified today, after 1 May 2026
    ActionItem.objects.filter(pk=twelve.pk).update(closed_at=datetime(2026, 4, 20, tzinfo=UTC))
    in_time = year.case_handling(org_a, date(2025, 7, 1), DUE, RECORDED)
    assert in_time.get("actions_closed_on_time") == 1


def test_the_follow_up_page_shows_the_year_and_starts_the_re_assessment(
    org_a: Organisation,
) -> None:
    cf.completed_assessment(org_a)
    followup = services.followup_schedule(organisation=org_a, due_on=DUE)
    client = login(cf.coordinator())
    page = client.get(f"/certifiering/uppfoljning/{followup.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "statistics_submitted" not in text and "final_reports_submitted" not in text
    response = client.post(f"/certifiering/uppfoljning/{followup.pk}/bedomning/")
    followup.refresh_from_db()
    assert followup.assessment is not None
    assert response.status_code == 302
    assert str(followup.assessment.pk) in response["Location"]


def test_the_actor_reads_its_follow_up_and_only_the_coordinator_records_it(
    org_a: Organisation,
) -> None:
    cf.completed_assessment(org_a)
    followup = services.followup_schedule(organisation=org_a, due_on=DUE)
    manager = login(cf.manager_of(org_a))
    url = f"/certifiering/uppfoljning/{followup.pk}/"
    page = manager.get(url)
    assert page.status_code == 200
    assert f"/certifiering/uppfoljning/{followup.pk}/bedomning/" not in page.content.decode()
    assert (
        manager.post(url, {"year_review": "Året", "completed_on": "2026-07-01"}).status_code == 403
    )
    assert manager.post(f"{url}bedomning/").status_code == 403
    followup.refresh_from_db()
    assert followup.status == FollowUpStatus.SCHEDULED and followup.assessment is None
