"""Seed 002, "Decisions": an application can be withdrawn by the actor until it is decided
(docs/RULES.md, "Funding rules")."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.models import Case
from funding.choices import ApplicationStatus
from funding.models import Decision, FundingApplication
from funding.selectors import rest_nights
from funding.services import application_withdraw
from nsp.accounts.models import User
from tests.api.factories import token_client
from tests.conftest import login
from tests.funding.factories import FundingCaseFactory, grant, rest_application
from tests.funding.test_concurrency import _race, _world


def test_an_application_can_be_withdrawn_until_it_is_decided(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    """002, Tabell 1 counts "Inkomna", "Beviljade", "Nekade": a withdrawn application is
    neither granted nor denied; its days are free again."""
    application = rest_application(admitted_case, staff_a, days=20)
    withdrawn = application_withdraw(
        application=application, by=staff_a, reason="Personen fick TUT via polisen."
    )
    assert withdrawn.status == ApplicationStatus.WITHDRAWN == "withdrawn"
    assert withdrawn.withdrawal_reason and withdrawn.withdrawn_on
    assert not Decision.objects.filter(application=application).exists()
    assert rest_nights(admitted_case, maximum=30).left == 30
    assert withdrawn.history.first().history_user == staff_a  # type: ignore[attr-defined]
    with pytest.raises(ValidationError, match="no longer waiting"):
        grant(withdrawn, coordinator)
    decided = rest_application(admitted_case, staff_a, days=10)
    grant(decided, coordinator, outcome="denied")
    with pytest.raises(ValidationError, match="waiting for a decision"):
        application_withdraw(application=decided, by=staff_a, reason="Sent.")


def test_a_withdrawal_needs_a_reason_and_the_actor(
    admitted_case: Case, staff_a: User, staff_b: User, coordinator: User
) -> None:
    application = rest_application(admitted_case, staff_a)
    with pytest.raises(ValidationError):
        application_withdraw(application=application, by=staff_a, reason="  ")
    with pytest.raises(ValidationError, match="own organisation"):
        application_withdraw(application=application, by=staff_b, reason="x")
    with pytest.raises(ValidationError, match="own organisation"):
        application_withdraw(application=application, by=coordinator, reason="x")


def test_withdrawing_through_the_view_and_the_api(admitted_case: Case, staff_a: User) -> None:
    one = rest_application(admitted_case, staff_a, days=10)
    browser = login(staff_a)
    detail = browser.get(reverse("funding:application_detail", args=[one.pk])).content.decode()
    assert reverse("funding:application_withdraw", args=[one.pk]) in detail
    response = browser.post(
        reverse("funding:application_withdraw", args=[one.pk]), {"reason": "Plats via MIG."}
    )
    assert response.status_code == 302
    one.refresh_from_db()
    assert one.status == "withdrawn"
    two = rest_application(admitted_case, staff_a, days=10)
    api = token_client(staff_a).post(
        reverse("api:application-withdraw", args=[two.pk]),
        {"reason": "Socialtjänsten tog över."},
        content_type="application/json",
    )
    assert api.status_code == 200, api.content
    assert api.json()["status"] == "withdrawn"
    assert FundingApplication.objects.get(pk=two.pk).withdrawal_reason


@pytest.mark.django_db(transaction=True)
def test_a_withdrawal_and_a_decision_at_once_do_not_both_happen() -> None:
    from tests.funding.factories import budget

    staff, first, _second = _world()
    budget()
    case = FundingCaseFactory(organisation=staff.organisation, admitted=True)
    application = rest_application(case, staff)
    results = _race(
        lambda: grant(application, first),
        lambda: application_withdraw(application=application, by=staff, reason="Ändrade planer."),
    )
    assert sum(isinstance(r, ValidationError) for r in results) == 1, results
    application.refresh_from_db()
    decided = Decision.objects.filter(application=application).exists()
    assert decided == (application.status == ApplicationStatus.DECIDED)
    assert (not decided) == (application.status == ApplicationStatus.WITHDRAWN)
