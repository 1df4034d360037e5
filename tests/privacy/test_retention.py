"""Retention: cases closed more than NSP_RETENTION_YEARS ago are anonymised."""

from __future__ import annotations

from collections import Counter
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from cases.models import Case, CaseDocument, Child, Inquiry, PlanItem
from funding.models import Decision, FundingApplication, Invoice
from nsp.accounts.models import Organisation, User
from privacy.anonymise import PLACEHOLDER
from privacy.models import ErasureRecord
from privacy.services import retention_apply, retention_due
from privacy.statistics import admission_age, age_band, coarse_birth_year
from tests.privacy.factories import SECRETS, full_case

pytestmark = pytest.mark.django_db(transaction=False)


def _statistics() -> Counter[tuple[str, Any]]:
    """Table 3-style counts of admitted cases (by year of admission)."""
    counts: Counter[tuple[str, Any]] = Counter()
    for case in Case.objects.exclude(admitted_on=None):
        year = case.admitted_on.year if case.admitted_on else None
        counts[("nationality", year, case.nationality)] += 1
        counts[("gender", year, case.gender)] += 1
        counts[("age_band", year, age_band(admission_age(case)))] += 1
        for kind in case.trafficking_types:
            counts[("trafficking", year, kind)] += 1
        for country in case.exploitation_countries:
            counts[("country", year, country)] += 1
        counts[("police", year, case.police_report_made)] += 1
        for child in case.children.all():
            counts[("children", year, child.location)] += 1
    return counts


def _dump_all_text() -> str:
    """Every row of every table the case lives in (live and historical), as text."""
    tables = [
        model._meta.db_table
        for model in (Case, Child, Inquiry, CaseDocument, PlanItem, FundingApplication, Decision)
    ]
    tables += [model.history.model._meta.db_table for model in (Case, Child, Inquiry)]  # type: ignore[attr-defined]
    tables += [
        model.history.model._meta.db_table  # type: ignore[attr-defined]
        for model in (CaseDocument, PlanItem, FundingApplication, Decision, Invoice)
    ]
    text = []
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 — table names from models
            for row in cursor.fetchall():
                text.append(str([bytes(v) if isinstance(v, memoryview) else v for v in row]))
    return "\n".join(text)


@pytest.fixture
def old_case(org_a: Organisation, staff_a: User, coordinator: User) -> Case:
    return full_case(
        org_a,
        staff_a,
        coordinator,
        trafficking_types=["forced_labour"],
        exploitation_countries=["Sverige"],
    )


def test_it_finds_only_cases_closed_longer_than_the_retention_period(
    org_a: Organisation, staff_a: User, coordinator: User, old_case: Case
) -> None:
    recent = full_case(org_a, staff_a, coordinator, closed_years_ago=1, decided=False)
    open_case = full_case(org_a, staff_a, coordinator, closed_years_ago=None, decided=False)
    due = set(retention_due())
    assert old_case in due
    assert recent not in due and open_case not in due
    assert settings.NSP_RETENTION_YEARS == 5


def test_it_removes_personal_data_from_rows_and_history(old_case: Case, settings: Any) -> None:
    # k = 1: this test checks the anonymisation of one case; coarsening the remaining
    # fields over all anonymised cases (k = 3) is tests/privacy/test_kanon.py's.
    settings.NSP_K_ANONYMITY = 1
    files = [
        Path(f.path)
        for f in (
            Invoice.objects.get().invoice_file,
            Invoice.objects.get().receipt_file,
            FundingApplication.objects.get().cost_document,
        )
    ]
    assert all(p.exists() for p in files)
    assert all(secret in _dump_all_text() for secret in SECRETS)

    retention_apply(case=old_case)

    text = _dump_all_text()
    leaked = [secret for secret in SECRETS if secret in text]
    assert not leaked
    old_case.refresh_from_db()
    assert (old_case.surname_initial, old_case.first_name_initial) == ("X", "X")
    # 1987, admitted 2012: 25 years, Table 3's 18–25 band; 1985 or 1986 would make 26–27.
    assert old_case.birth_year == 1987
    document = CaseDocument.objects.get()
    assert document.answers == {
        "violence": "yes",
        "children": 2,
        "born": 1985,
        "housing": "shelter",
    }
    assert Inquiry.objects.get().description == PLACEHOLDER
    assert Child.objects.get().needs_notes == ""
    decision = Decision.objects.get()
    assert decision.motivation == PLACEHOLDER
    assert decision.snapshot["motivation"] == PLACEHOLDER
    assert decision.pdf and bytes(decision.pdf).startswith(b"%PDF")
    invoice = Invoice.objects.get()
    assert not invoice.invoice_file and not invoice.receipt_file
    assert ErasureRecord.objects.get().case_number == old_case.case_number


def test_it_deletes_the_uploaded_files_after_commit(
    old_case: Case, django_capture_on_commit_callbacks: Any
) -> None:
    invoice = Invoice.objects.get()
    files = [Path(invoice.invoice_file.path), Path(invoice.receipt_file.path)]
    with django_capture_on_commit_callbacks(execute=True):
        outcome = retention_apply(case=old_case)
    assert len(outcome.files) == 3
    assert not any(p.exists() for p in files)


def test_statistics_add_up_before_and_after(
    org_a: Organisation, staff_a: User, coordinator: User, old_case: Case, settings: Any
) -> None:
    """The anonymisation keeps what Table 3 counts. With k > 1 the fields of anonymised
    cases are coarsened further by intent (issue 17, item 13; docs/RULES.md), so this
    checks the anonymisation step alone (k = 1)."""
    settings.NSP_K_ANONYMITY = 1
    # Borderline ages: 17 at admission (a minor stays a minor), 18, 25 and 65.
    for year in (1995, 1994, 1987, 1947):
        full_case(
            org_a, staff_a, coordinator, birth_year=year, decided=False, nationality="Rumänien"
        )
    before = _statistics()
    call_command("apply_retention", stdout=StringIO())
    assert Case.objects.filter(surname_initial="X").count() == 5
    assert _statistics() == before


def test_it_coarsens_the_birth_year_within_the_age_band() -> None:
    from datetime import date

    # Table 3's bands: under 18, 18–25, 26–30, 31–35, 36–45, 46+ (age at admission).
    case = Case(birth_year=1995, admitted_on=date(2012, 5, 1))  # 17: a minor
    assert coarse_birth_year(case) == 1995
    case.birth_year = 1992  # 20 → 1990 makes 22, same band
    assert coarse_birth_year(case) == 1990
    case.birth_year = 1984  # 28 → 1980/1981 make 31–32; 1982 (30) is the first in 26–30
    assert coarse_birth_year(case) == 1982
    case.birth_year = 1987  # 25 → 1985/1986 would move to 26–30
    assert coarse_birth_year(case) == 1987


def test_dry_run_lists_and_changes_nothing(old_case: Case) -> None:
    before = _dump_all_text()
    out = StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    output = out.getvalue()
    assert old_case.case_number in output
    assert "would anonymise" in output and "field(s)" in output
    assert _dump_all_text() == before
    assert not ErasureRecord.objects.exists()


def test_it_reports_progress_and_skips_done_cases(old_case: Case) -> None:
    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert f"[1/1] {old_case.case_number}: anonymised" in out.getvalue()
    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert "0 case(s) due" in out.getvalue()


def test_refused_applications_fall_under_retention_too(
    org_a: Organisation, staff_a: User, coordinator: User
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    case = full_case(org_a, staff_a, coordinator, closed_years_ago=None, decided=False)
    long_ago = timezone.localdate() - timedelta(days=365 * 6)
    Case.objects.filter(pk=case.pk).update(
        status="refused", refused_on=long_ago, refusal_reason="Ring mamma"
    )
    assert case in set(retention_due())
    retention_apply(case=case)
    case.refresh_from_db()
    assert case.refusal_reason == "" and case.surname_initial == "X"
    assert case not in set(retention_due())
