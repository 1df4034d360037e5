"""Reports that fit the case (issue 19): a support period report belongs to a granted
period and takes its dates from the decision; the coordinator records "Mottaget av /
Datum" by marking it received (docs/RULES.md, "Reports that fit the case")."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from cases import period_reports, questionnaire
from cases.choices import DocumentKind, DocumentStatus
from cases.models import Case, CaseDocument
from cases.periods import SUPPORT_INTEGRATION, granted_periods
from cases.services import document_correct, document_submit, document_write
from funding.choices import ApplicationKind
from nsp.accounts.models import Organisation, User
from tests.cases.factories import answers_for
from tests.conftest import login
from tests.reports.factories import application, case, decide

pytestmark = pytest.mark.django_db

START, END = date(2026, 4, 1), date(2026, 4, 30)


@pytest.fixture
def admitted(org_a: Organisation) -> Case:
    return case(org_a, status="admitted", admitted_on=date(2026, 3, 1), applied_on=date(2026, 3, 1))


def _period(c: Case, staff: User, coordinator: User, kind: str = ApplicationKind.REST, **kw: Any):  # type: ignore[no-untyped-def]
    app = application(c, staff, kind, START)
    fields: dict[str, Any] = {
        "decided_on": START,
        "granted_start": START,
        "granted_end": END,
        "granted_days": 29,
        "granted_amount": Decimal("1000"),
    }
    fields.update(kw)
    return decide(app, coordinator, "granted", **fields)


def _answers(**overrides: Any) -> dict[str, Any]:
    return answers_for(DocumentKind.PERIOD_REPORT, **overrides)


def _write(c: Case, by: User, *, period_id: Any = None, submit: bool = False, **kw: Any) -> Any:
    return document_write(
        case=c,
        organisation=c.organisation,
        kind=DocumentKind.PERIOD_REPORT,
        by=by,
        answers=_answers(**kw),
        period_id=period_id,
        submit=submit,
    )


def test_the_period_report_takes_type_and_dates_from_the_granted_period(
    admitted: Case, staff_a: User, coordinator: User
) -> None:
    """002, Rapport stödperiod: "Typ av stöd (max 30 dagar eller max 90 dagar) · Periodens
    början (datum) · Periodens slut (datum)" — from the decision, whatever is typed."""
    decision = _period(admitted, staff_a, coordinator)
    report = _write(
        admitted,
        staff_a,
        period_id=decision.pk,
        support_type="max_90_days",
        period_start="2026-01-01",
        period_end="2026-12-31",
    )
    assert report.period_id == decision.pk
    assert report.answers["support_type"] == "max_30_days"
    assert (report.answers["period_start"], report.answers["period_end"]) == (
        "2026-04-01",
        "2026-04-30",
    )


def test_an_integration_period_is_max_90_days_and_a_takeover_ends_it(
    admitted: Case, staff_a: User, coordinator: User
) -> None:
    """002 Exempel beslutshandling: "upphör NSPs viloperiod från den dag då myndigheternas
    ansvar förverkligas" — the report's period ends the day a public body took over."""
    decision = _period(
        admitted, staff_a, coordinator, ApplicationKind.INTEGRATION, taken_over_on=date(2026, 4, 20)
    )
    [period] = granted_periods(admitted)
    assert period.decision_id == decision.pk
    assert (period.support_type, period.end) == ("max_90_days", date(2026, 4, 20))


def test_a_period_report_needs_a_granted_period_of_its_own_case(
    admitted: Case, org_a: Organisation, staff_a: User, coordinator: User
) -> None:
    with pytest.raises(ValidationError, match="välj perioden"):
        _write(admitted, staff_a)
    other = case(org_a, status="admitted", admitted_on=date(2026, 3, 1))
    foreign = _period(other, staff_a, coordinator)
    with pytest.raises(ValidationError, match="inte en beviljad period"):
        _write(admitted, staff_a, period_id=foreign.pk)
    denied_app = application(admitted, staff_a, ApplicationKind.REST, START)
    refused = decide(denied_app, coordinator, "denied")
    with pytest.raises(ValidationError, match="inte en beviljad period"):
        _write(admitted, staff_a, period_id=refused.pk)
    assert not CaseDocument.objects.exists()


def test_one_report_per_period_and_its_correction_keeps_the_period(
    admitted: Case, staff_a: User, coordinator: User
) -> None:
    decision = _period(admitted, staff_a, coordinator)
    report = _write(admitted, staff_a, period_id=decision.pk, submit=True)
    with pytest.raises(ValidationError, match="redan påbörjad"):
        _write(admitted, staff_a, period_id=decision.pk)
    correction = document_correct(document=report, by=staff_a)
    assert correction.period_id == decision.pk
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseDocument.objects.create(
            case=admitted,
            kind=DocumentKind.PERIOD_REPORT,
            questionnaire=report.questionnaire,
            created_by=staff_a,
            period=decision,
        )


def test_the_coordinator_marks_the_report_received(
    admitted: Case, staff_a: User, coordinator: User
) -> None:
    """002, Rapport stödperiod: "Mottaget av: … Datum:" — the coordinator and the day the
    report was received, recorded by the coordinator's action, not typed by the actor."""
    decision = _period(admitted, staff_a, coordinator)
    draft = _write(admitted, staff_a, period_id=decision.pk)
    with pytest.raises(ValidationError, match="inskickade versionen"):
        period_reports.document_receive(document=draft, by=coordinator)
    report = document_submit(document=draft, by=staff_a)
    received = period_reports.document_receive(document=report, by=coordinator)
    assert (received.received_by, received.received_on) == (coordinator, timezone.localdate())
    with pytest.raises(ValidationError, match="redan mottagen"):
        period_reports.document_receive(document=report, by=coordinator)
    assert received.history.first().history_user == coordinator


def test_the_actor_form_has_no_received_fields(admitted: Case, staff_a: User) -> None:
    """The actor no longer types "Inskickat av / Mottaget av" (edition 2 2026)."""
    for code in ("NSP/RS", "NSP/UR Dok.03"):
        definition = questionnaire.current(code).definition
        keys = {i["key"] for _s, i in questionnaire.iter_items(definition)}
        assert not keys & {"received_by", "received_date", "submitted_by", "submitted_date"}


def test_the_report_form_is_written_for_a_chosen_period(
    admitted: Case, staff_a: User, coordinator: User
) -> None:
    decision = _period(admitted, staff_a, coordinator)
    url = reverse("cases:document_create", args=[admitted.pk, "period_report"])
    client = login(staff_a)
    chooser = client.get(url)
    assert "cases/period_choose.html" in [t.name for t in chooser.templates]
    assert f"?period={decision.pk}" in chooser.content.decode()
    form_page = client.get(f"{url}?period={decision.pk}")
    form = form_page.context["form"]
    assert form.fields["period_start"].disabled
    data = {k: v for k, v in _answers().items() if isinstance(v, str)}
    data.update(period_start="2020-01-01", period_end="2020-01-02", save="1")
    response = client.post(f"{url}?period={decision.pk}", data)
    assert response.status_code == 302
    saved = CaseDocument.objects.get()
    assert (saved.period_id, saved.answers["period_start"]) == (decision.pk, "2026-04-01")


def test_only_the_programme_marks_a_report_received(
    admitted: Case, staff_a: User, staff_b: User, coordinator: User
) -> None:
    decision = _period(admitted, staff_a, coordinator)
    report = _write(admitted, staff_a, period_id=decision.pk, submit=True)
    url = reverse("cases:document_receive", args=[report.pk])
    assert login(staff_a).post(url).status_code == 403
    assert login(staff_b).post(url).status_code == 404
    assert login(coordinator).get(url).status_code == 405
    response = login(coordinator).post(url)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.received_by == coordinator and report.status == DocumentStatus.SUBMITTED
    page = login(staff_a).get(reverse("cases:document_detail", args=[report.pk]))
    assert 'id="received"' in page.content.decode()


def test_a_period_is_reported_by_its_own_report_only(
    admitted: Case, staff_a: User, coordinator: User
) -> None:
    """The reminder "report overdue" asks for the report of that period: the report of
    the next period does not answer for it."""
    from reports.selectors import reports_overdue

    first = _period(admitted, staff_a, coordinator)
    second = _period(
        admitted,
        staff_a,
        coordinator,
        granted_start=date(2026, 5, 1),
        granted_end=date(2026, 5, 30),
    )
    _write(admitted, staff_a, period_id=second.pk, submit=True)
    overdue = list(reports_overdue(coordinator, today=date(2026, 12, 1)))
    assert overdue == [first]


def test_a_reconsidered_period_is_the_period_in_force_and_keeps_its_report(
    admitted: Case, staff_a: User, coordinator: User
) -> None:
    """A granted reconsideration replaces the period it contests (``funding.selectors.
    in_force``): the case's periods and the "report overdue" reminder name the new
    decision, of the contested kind; a report written on the replaced period counts."""
    from reports.selectors import reports_overdue

    replaced = _period(admitted, staff_a, coordinator, ApplicationKind.INTEGRATION)
    request = application(
        admitted,
        staff_a,
        ApplicationKind.RECONSIDERATION,
        date(2026, 4, 10),
        contested_decision=replaced,
        grounds="Längre period behövs.",
    )
    in_force = decide(
        request,
        coordinator,
        "granted",
        decided_on=date(2026, 4, 12),
        granted_start=START,
        granted_end=date(2026, 6, 28),
        granted_days=88,
        granted_amount=Decimal("2000"),
    )
    periods = granted_periods(admitted)
    assert [(p.decision_id, p.end) for p in periods] == [(in_force.pk, date(2026, 6, 28))]
    assert periods[0].support_type == SUPPORT_INTEGRATION
    assert list(reports_overdue(coordinator, today=date(2026, 12, 1))) == [in_force]
    report = _write(admitted, staff_a, period_id=in_force.pk, submit=True)
    CaseDocument.objects.filter(pk=report.pk).update(period=replaced)  # written before
    assert list(reports_overdue(coordinator, today=date(2026, 12, 1))) == []
