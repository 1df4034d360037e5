"""Decision documents: content, privacy, injection, reproducibility, the zip export."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest

from cases.models import Case
from funding.services.documents import build_decision_zip, render_decision_pdf
from nsp.accounts.models import Organisation, User
from nsp.pdf import RefusedURL, StaticOnlyFetcher, sha256
from tests.funding.factories import FundingCaseFactory, grant, rest_application
from tests.pdftext import pdf_text


def _squash(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def test_the_pdf_shows_case_number_and_amounts_but_no_initials(
    org_a: Organisation, pilot_budget: object, staff_a: User, coordinator: User
) -> None:
    case = FundingCaseFactory(
        organisation=org_a, with_child=True, surname_initial="Q", first_name_initial="Z"
    )
    decision = grant(rest_application(case, staff_a), coordinator)
    case.refresh_from_db()
    text = _squash(pdf_text(bytes(decision.pdf)))
    assert case.case_number and case.case_number in text
    assert "45 000 kr" in text
    assert "300 kr × 1 barn × 30 dagar = 9 000 kr" in text
    # The initials (Q, Z) appear nowhere — not even as single letters.
    assert "Q" not in text and "Z" not in text
    assert "Tillträde till NSP" in text and "NSP/OB/Dok.08" in text
    assert decision.pdf_sha256 == sha256(bytes(decision.pdf))


def test_the_pdf_never_shows_the_initials_as_a_pair(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    decision = grant(rest_application(admitted_case, staff_a), coordinator)
    snapshot_values = " ".join(str(v) for v in decision.snapshot.values())
    initials = f"{admitted_case.surname_initial}{admitted_case.first_name_initial}"
    assert initials not in snapshot_values.replace("NSP", "")
    assert "surname_initial" not in decision.snapshot


def test_a_motivation_with_an_img_tag_is_escaped_not_fetched(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    evil = '<img src="file:///etc/passwd"> Beviljas.'
    decision = grant(rest_application(admitted_case, staff_a), coordinator, motivation=evil)
    text = pdf_text(bytes(decision.pdf))
    assert 'src="file:///etc/passwd"' in text  # shown as text, escaped by the template
    assert "root:" not in text


def test_the_fetcher_refuses_file_urls() -> None:
    with pytest.raises(RefusedURL):
        StaticOnlyFetcher().fetch("file:///etc/passwd")


def test_rerendering_an_old_decision_reproduces_its_content(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    decision = grant(rest_application(admitted_case, staff_a), coordinator)
    admitted_case.organisation.name = "Nytt namn"
    admitted_case.organisation.save()
    again = render_decision_pdf(decision.snapshot, decision.template_version)
    assert pdf_text(again) == pdf_text(bytes(decision.pdf))
    assert "Nytt namn" not in pdf_text(again)


def test_the_zip_export_has_every_pdf_and_a_manifest_with_checksums(
    admitted_case: Case, staff_a: User, coordinator: User, tmp_path: Path
) -> None:
    decisions = [
        grant(rest_application(admitted_case, staff_a, days=10), coordinator, outcome=outcome)
        for outcome in ("granted", "denied")
    ]
    progress: list[tuple[int, int]] = []
    out = tmp_path / "beslut.zip"
    build_decision_zip(decisions, out, lambda done, total: progress.append((done, total)))
    assert progress == [(1, 2), (2, 2)]
    with zipfile.ZipFile(out) as archive:
        rows = list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode())))
        assert len(rows) == 2
        for row, decision in zip(rows, decisions, strict=True):
            assert row["decision"] == decision.reference
            assert row["sha256"] == decision.pdf_sha256 == sha256(archive.read(row["file"]))
