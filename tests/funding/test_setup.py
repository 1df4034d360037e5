"""Programme set-up in the browser (issue 16): phases, budget periods, catalogue files."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from funding.choices import Stream
from funding.models import BudgetPeriod, BudgetStream, InterventionCatalogue, ProgrammePhase
from funding.selectors import phase_in_force
from funding.services.budget import (
    budget_period_close,
    budget_period_correct,
    budget_period_create,
)
from funding.services.programme import phase_activate, phase_create
from nsp.accounts.models import User
from tests.conftest import login
from tests.funding.factories import budget, grant, rest_application

RATES = {
    "rest_housing_rate": Decimal("650"),
    "rest_support_rate": Decimal("650"),
    "child_supplement_rate": Decimal("350"),
    "integration_housing_rate": Decimal("600"),
    "integration_support_rate": Decimal("700"),
    "occasion_cap": Decimal("6000"),
}


def _phase(by: User, name: str = "Pilot del 2") -> ProgrammePhase:
    return phase_create(by=by, name=name, starts_on=date(2027, 1, 1), **RATES)


def test_it_creates_a_phase_that_applies_to_nothing_until_activated(
    programme_manager: User,
) -> None:
    phase = _phase(programme_manager)
    assert phase.activated_at is None
    assert phase_in_force(date(2027, 6, 1)) is None


def test_only_the_programme_manager_sets_up_phases(coordinator: User) -> None:
    with pytest.raises(ValidationError, match="programme manager"):
        _phase(coordinator)


def test_a_phase_activated_from_a_later_date_takes_over_on_that_date(
    pilot: ProgrammePhase, programme_manager: User
) -> None:
    today = timezone.localdate()
    new = phase_activate(
        phase=_phase(programme_manager), starts_on=today + timedelta(days=10), by=programme_manager
    )
    pilot.refresh_from_db()
    assert pilot.ends_on == today + timedelta(days=9)
    assert phase_in_force(today) == pilot
    assert phase_in_force(today + timedelta(days=10)) == new


def test_a_phase_activated_today_is_the_one_applications_use(
    pilot: ProgrammePhase, programme_manager: User, admitted_case: Case, staff_a: User
) -> None:
    new = phase_activate(
        phase=_phase(programme_manager), starts_on=timezone.localdate(), by=programme_manager
    )
    application = rest_application(admitted_case, staff_a)
    assert application.phase == new
    assert application.requested_amount == Decimal("1300") * 30


def test_a_phase_cannot_be_activated_before_the_one_in_force(
    pilot: ProgrammePhase, programme_manager: User
) -> None:
    with pytest.raises(ValidationError, match="later date"):
        phase_activate(
            phase=_phase(programme_manager), starts_on=pilot.starts_on, by=programme_manager
        )


def _period(by: User, start: date, name: str = "Budget 2027") -> BudgetPeriod:
    return budget_period_create(
        by=by,
        name=name,
        starts_on=start,
        ends_on=start + timedelta(days=364),
        allocations={s: Decimal("1000") for s in Stream.values},
    )


def test_budget_periods_do_not_overlap(programme_manager: User) -> None:
    _period(programme_manager, date(2027, 1, 1))
    with pytest.raises(ValidationError, match="overlap"):
        _period(programme_manager, date(2027, 6, 1), name="Other")


def test_a_period_is_corrected_before_use_but_not_after(
    admitted_case: Case, staff_a: User, coordinator: User, programme_manager: User
) -> None:
    period = budget()
    fields = {"name": "Rättad", "starts_on": period.starts_on, "ends_on": period.ends_on}
    budget_period_correct(
        period=period, by=programme_manager, allocations={Stream.REST: Decimal("200000")}, **fields
    )
    assert period.streams.get(stream=Stream.REST).allocation == Decimal("200000")
    grant(rest_application(admitted_case, staff_a), coordinator)
    with pytest.raises(ValidationError, match="already in use"):
        budget_period_correct(period=period, by=programme_manager, allocations={}, **fields)


def test_a_closed_period_takes_no_new_decision(
    admitted_case: Case, staff_a: User, coordinator: User, programme_manager: User
) -> None:
    budget_period_close(period=budget(), by=programme_manager)
    with pytest.raises(ValidationError, match="closed"):
        grant(rest_application(admitted_case, staff_a), coordinator)


# --- Views ------------------------------------------------------------------------------


def test_it_creates_and_activates_a_phase_in_the_browser(programme_manager: User) -> None:
    client = login(programme_manager)
    data = {"name": "Del 3", "starts_on": "2027-01-01", "rest_max_days": 30}
    data |= {"integration_max_days": 90, **{k: str(v) for k, v in RATES.items()}}
    response = client.post(reverse("funding:phase_create"), data)
    assert response.status_code == 302
    phase = ProgrammePhase.objects.get(name="Del 3")
    url = reverse("funding:phase_activate", args=[phase.pk])
    assert client.post(url, {"starts_on": "2027-01-01"}).status_code == 302
    page = client.get(reverse("funding:phase_list")).content.decode()
    assert "Del 3" in page and "2027" in page


def test_the_coordinator_reads_the_set_up_but_cannot_change_it(coordinator: User) -> None:
    client = login(coordinator)
    assert client.get(reverse("funding:phase_list")).status_code == 200
    assert client.get(reverse("funding:period_list")).status_code == 200
    assert client.get(reverse("funding:phase_create")).status_code == 403
    assert client.get(reverse("funding:period_create")).status_code == 403


def test_it_creates_a_budget_period_with_an_allocation_per_stream(
    programme_manager: User,
) -> None:
    client = login(programme_manager)
    data = {"name": "Budget 2027", "starts_on": "2027-01-01", "ends_on": "2027-12-31"}
    data |= {f"allocation_{s}": "50000" for s in Stream.values}
    assert client.post(reverse("funding:period_create"), data).status_code == 302
    period = BudgetPeriod.objects.get(name="Budget 2027")
    assert sorted(period.streams.values_list("stream", flat=True)) == sorted(Stream.values)


def test_the_budget_page_shows_every_figure_per_stream(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    grant(rest_application(admitted_case, staff_a), coordinator)
    page = login(coordinator).get(reverse("funding:budget")).content.decode()
    summary = page.split('id="budget-summary"')[1].split("</table>")[0]
    rest_row = summary.split("<tr>")[2]  # the header row first, then 30 days
    cells = [c.split("</td>")[0] for c in rest_row.split('class="funding-amount')[1:]]
    figures = [c.split(">", 1)[1].replace("\xa0", " ") for c in cells]
    # allocation, transfers, committed, invoiced, attested, paid, remaining
    assert figures == ["100 000 kr", "0 kr", "36 000 kr", "0 kr", "0 kr", "0 kr", "64 000 kr"]


def test_the_budget_page_reads_the_same_number_of_queries_for_one_more_stream(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    """Each stream's ledger is read with the totals (``funding.ledger.with_ledger``), not in
    a query of its own."""
    grant(rest_application(admitted_case, staff_a), coordinator)
    client = login(coordinator)
    url = reverse("funding:budget")
    client.get(url)  # session, caches

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    three = queries()
    BudgetStream.objects.create(period=budget(), stream=Stream.OTHER, allocation=Decimal(5000))
    four = queries()
    assert four == three
    page = client.get(url).content.decode()
    assert "Övriga kostnader" in page  # the fourth stream's ledger card
    assert admitted_case.case_number in page  # the grant's line in the 30 days' ledger


def _catalogue_file(edition: str = "2-2027") -> SimpleUploadedFile:
    data = {
        "code": "NSP/IL/Dok.05",
        "edition": edition,
        "title": "Insatslista",
        "occasion_cap_sek": "6000",
        "items": [
            {"key": "tolk", "name": "Tolk", "unit": "timme", "max_unit_cost_sek": "900"},
        ],
    }
    return SimpleUploadedFile("lista.json", json.dumps(data).encode(), "application/json")


def test_a_price_list_is_previewed_then_loaded(programme_manager: User) -> None:
    client = login(programme_manager)
    response = client.post(reverse("funding:catalogue_upload"), {"file": _catalogue_file()})
    assert "Tolk" in response.content.decode()
    assert not InterventionCatalogue.objects.filter(edition="2-2027").exists()
    assert client.post(reverse("funding:catalogue_confirm")).status_code == 302
    catalogue = InterventionCatalogue.objects.get(edition="2-2027")
    assert catalogue.items.get().max_unit_cost == Decimal("900")


def test_a_file_that_is_no_catalogue_is_refused(programme_manager: User) -> None:
    client = login(programme_manager)
    upload = SimpleUploadedFile("x.json", b'{"code": "x", "edition": "1", "title": "t"}')
    response = client.post(reverse("funding:catalogue_upload"), {"file": upload})
    assert "Ingen katalog" in response.content.decode()
