"""Retention, issue 17 item 13: after anonymisation every combination of a case's
remaining fields is shared by at least k = 3 anonymised cases (or removed), and the
retention run deletes old job archives and orphaned uploads."""

from __future__ import annotations

import os
import time
from datetime import date, timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from cases.choices import CaseStatus
from cases.models import Case
from nsp.accounts.models import Organisation, User
from privacy.files import orphaned_uploads
from privacy.kanon import FIELDS, choose_levels, smallest_group
from tests.funding.factories import FundingCaseFactory

pytestmark = pytest.mark.django_db

# Five people, no two alike: arrival day, nationality, gender, countries, birth year.
PEOPLE = [
    (date(2011, 1, 3), "Rumänien", "woman", ["Sverige"], 1980),
    (date(2011, 2, 14), "Nigeria", "woman", ["Sverige", "Italien"], 1987),
    (date(2011, 5, 20), "Rumänien", "man", ["Norge"], 1992),
    (date(2011, 11, 9), "Bulgarien", "woman", [], 1975),
    (date(2012, 7, 1), "Thailand", "other", ["Sverige"], 1969),
]


def _closed_case(org: Organisation, person: tuple[Any, ...]) -> Case:
    arrival, nationality, gender, countries, born = person
    case: Case = FundingCaseFactory(
        organisation=org,
        admitted=True,
        birth_year=born,
        gender=gender,
        nationality=nationality,
        arrival_date=arrival,
        exploitation_countries=countries,
    )
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.CLOSED, closed_on=timezone.localdate() - timedelta(days=6 * 366)
    )
    return case


def test_the_levels_give_every_combination_k_members() -> None:
    rows = [
        {
            "arrival_date": a,
            "nationality": n,
            "gender": g,
            "exploitation_countries": c,
            "birth_year": y,
        }
        for a, n, g, c, y in PEOPLE
    ]
    levels = choose_levels(rows, 3)
    from privacy.kanon import _key

    groups: dict[Any, int] = {}
    for row in rows:
        key = _key(row, levels)
        groups[key] = groups.get(key, 0) + 1
    assert min(groups.values()) >= 3
    # Three identical rows need no coarsening at all.
    same = [dict(rows[0]) for _ in range(3)]
    assert set(choose_levels(same, 3).values()) == {0}


def test_retention_leaves_no_combination_shared_by_fewer_than_three(
    org_a: Organisation, settings: Any
) -> None:
    settings.NSP_K_ANONYMITY = 3
    cases = [_closed_case(org_a, person) for person in PEOPLE]
    call_command("apply_retention", stdout=StringIO())
    assert smallest_group() >= 3
    # The history rows carry the coarsened values too: no original nationality is left.
    history = Case.history.model  # type: ignore[attr-defined]
    for case in cases:
        case.refresh_from_db()
        for row in history.objects.filter(id=case.pk):
            values = tuple(getattr(row, name) for name in FIELDS)
            assert values == tuple(getattr(case, name) for name in FIELDS)
    # Each field is still coarser or equal to what the person had, never invented.
    for case, (arrival, nationality, _g, countries, born) in zip(cases, PEOPLE, strict=True):
        assert case.nationality in ("", nationality)
        assert case.arrival_date is None or case.arrival_date <= arrival
        assert case.birth_year <= born and set(case.exploitation_countries) <= set(countries)


def test_a_second_run_only_coarsens_further(org_a: Organisation, settings: Any) -> None:
    settings.NSP_K_ANONYMITY = 3
    for person in PEOPLE[:3]:
        _closed_case(org_a, person)
    call_command("apply_retention", stdout=StringIO())
    first = {c.pk: c.arrival_date for c in Case.objects.all()}
    for person in PEOPLE[3:]:
        _closed_case(org_a, person)
    call_command("apply_retention", stdout=StringIO())
    assert smallest_group() >= 3
    for case in Case.objects.filter(pk__in=first):
        before = first[case.pk]
        assert case.arrival_date is None or (before is not None and case.arrival_date <= before)


def _old(path: Path) -> None:
    stamp = time.time() - 3 * 24 * 3600
    os.utime(path, (stamp, stamp))


def test_retention_deletes_old_job_archives_and_orphaned_uploads(
    staff_a: User, settings: Any, tmp_path: Path
) -> None:
    from nsp.jobs.choices import JobStatus
    from nsp.jobs.models import BackgroundJob

    settings.MEDIA_ROOT = tmp_path
    settings.NSP_JOB_RESULT_DAYS = 7
    orphan = tmp_path / "private" / "funding" / "lost.pdf"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"%PDF-1.4 lost")
    fresh = tmp_path / "private" / "funding" / "uploading.pdf"
    fresh.write_bytes(b"%PDF-1.4 being saved right now")
    _old(orphan)
    zip_name = default_storage.save("jobs/beslut.zip", ContentFile(b"PK zip"))
    job = BackgroundJob.objects.create(
        kind="decision_zip",
        requested_by=staff_a,
        status=JobStatus.DONE,
        finished_at=timezone.now() - timedelta(days=8),
        result_name="beslut.zip",
        result_path=zip_name,
    )
    _old(Path(default_storage.path(zip_name)))
    assert orphaned_uploads() == [orphan]  # the job's zip is named by its row

    out = StringIO()
    call_command("apply_retention", stdout=out)

    assert "1 finished job(s)" in out.getvalue() and "1 orphaned upload(s)" in out.getvalue()
    assert not orphan.exists() and fresh.exists()
    assert not default_storage.exists(zip_name)
    assert not BackgroundJob.objects.filter(pk=job.pk).exists()
