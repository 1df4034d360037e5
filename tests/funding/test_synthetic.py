"""``seed_demo --cases N`` (the benchmark register): synthetic cases come with their
applications, decisions and history, and a second run adds nothing."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db.models import Count, Max

from cases.choices import DocumentKind
from cases.models import Case
from funding.choices import ApplicationKind, Outcome
from funding.models import Decision, FundingApplication
from reports.statistics import DateRange, table1

pytestmark = pytest.mark.django_db


def test_synthetic_cases_have_applications_decisions_and_history() -> None:
    call_command("seed_demo", quiet=True, stdout=io.StringIO())
    demo_cases = Case.objects.count()
    last_number = Case.objects.aggregate(m=Max("number"))["m"]
    call_command("seed_demo", cases=40, quiet=True, stdout=io.StringIO())
    synthetic = Case.objects.filter(number__gt=last_number)
    assert synthetic.count() == 40 - demo_cases
    # Every synthetic case got its 30 days, granted on the admission day, with history.
    rests = FundingApplication.objects.filter(case__in=synthetic, kind=ApplicationKind.REST)
    assert rests.count() == synthetic.count()
    granted = Decision.objects.filter(application__in=rests, outcome=Outcome.GRANTED)
    assert granted.count() == synthetic.count()
    assert all(
        d.granted_amount > 0 and d.decided_on == d.application.case.admitted_on
        for d in granted.select_related("application__case")
    )
    assert FundingApplication.objects.filter(
        case__in=synthetic, kind=ApplicationKind.INTERVENTION
    ).exists()
    integration = FundingApplication.objects.filter(
        case__in=synthetic, kind=ApplicationKind.INTEGRATION
    ).select_related("case")
    assert integration.exists()
    # Only recent admissions wait for a decision: the queue is what a real one would be.
    for application in integration.filter(decisions__isnull=True):
        assert application.case.admitted_on > date.today() - timedelta(days=41)
    # Granted periods that ended have their support period report (bar one in fifty).
    ended = granted.filter(granted_end__lt=date.today() - timedelta(days=3))
    reported = ended.filter(
        application__case__documents__kind=DocumentKind.PERIOD_REPORT
    ).distinct()
    assert ended.count() - reported.count() <= ended.count() // 50 + 1
    # Each row has its history row (created), as if written through the services.
    assert Case.history.filter(id__in=synthetic.values("pk")).count() == synthetic.count()  # type: ignore[attr-defined]
    assert FundingApplication.history.count() >= FundingApplication.objects.count()  # type: ignore[attr-defined]
    assert Decision.history.count() >= Decision.objects.count()  # type: ignore[attr-defined]
    numbers = list(Decision.objects.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers))

    counts = FundingApplication.objects.aggregate(n=Count("pk"))["n"]
    call_command("seed_demo", cases=40, quiet=True, stdout=io.StringIO())
    assert FundingApplication.objects.aggregate(n=Count("pk"))["n"] == counts

    # The statistics see them (Table 1 counts the granted 30-day applications).
    period = DateRange(date(2000, 1, 1), date(2100, 12, 31))
    rows = {row.key: row for row in table1(period, notes=False)}
    assert rows[ApplicationKind.REST].granted >= synthetic.count()
