"""Three concurrent invoice submissions (issue 17, item 11): one invoice, two clear
answers, no 500, and no file under ``MEDIA_ROOT/private`` without its row.

Each thread posts the form through its own client and database connection; a barrier
starts them together.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from funding.models import Invoice
from tests.factories import OrganisationFactory, UserFactory
from tests.funding.factories import (
    FundingCaseFactory,
    budget,
    certify,
    grant,
    intervention_application,
    pdf_upload,
    phase,
)


def _private_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT) / "private"
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def _post_together(url: str, users: list[Any]) -> list[Any]:
    barrier = threading.Barrier(len(users))
    results: list[Any] = [None] * len(users)

    def run(index: int, user: Any) -> None:
        try:
            client = Client(raise_request_exception=False)
            client.force_login(user)
            data = {
                "real_cost": "3500",
                "invoice_file": pdf_upload(f"faktura{index}.pdf"),
                "receipt_file": pdf_upload(f"kvitto{index}.pdf"),
            }
            with translation.override("en"):
                barrier.wait()
                results[index] = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
        except Exception as exc:  # pragma: no cover - reported by the assertion
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, u)) for i, u in enumerate(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.django_db(transaction=True)
def test_three_concurrent_invoice_submissions_give_one_invoice_and_no_orphan_file(
    settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A media folder of its own: the other test workers write uploads into the shared one
    # while the threads run, and their files would look like this race's orphans. The
    # invoice's storage was built from MEDIA_ROOT when the models loaded, so it is replaced.
    settings.MEDIA_ROOT = tmp_path / "media"
    for name in ("invoice_file", "receipt_file"):
        storage = FileSystemStorage(location=tmp_path / "media" / "private", base_url=None)
        monkeypatch.setattr(Invoice._meta.get_field(name), "storage", storage)
    org = OrganisationFactory(name="Aktör A")
    certify(org)
    phase()
    budget()
    staff = [UserFactory(username=f"staff_{i}", organisation=org) for i in range(3)]
    coordinator = UserFactory(username="coordinator", coordinator=True)
    case = FundingCaseFactory(organisation=org, admitted=True)
    application = intervention_application(
        case, staff[0], key="therapy", quantity=5, unit_cost="800"
    )
    decision = grant(application, coordinator)
    before = _private_files()

    responses = _post_together(reverse("funding:invoice_create", args=[decision.pk]), staff)

    statuses = [getattr(r, "status_code", repr(r)) for r in responses]
    # One redirect; the two others are refused with a message saying why: the form again
    # when they met the first one inside the service (200), or the page's own refusal when
    # the first had already committed before they were let in (403, the predicate's reason).
    assert sorted(statuses).count(302) == 1, statuses
    assert set(statuses) <= {200, 302, 403}, statuses
    with translation.override("sv"):
        messages = {
            200: gettext("The invoice for this intervention has already been sent."),
            403: gettext("The invoice for this decision has already been sent."),
        }
    refused = [r for r in responses if r.status_code != 302]
    for response in refused:
        assert messages[response.status_code] in response.content.decode(), response.content[:500]
    invoice = Invoice.objects.get(decision=decision)
    stored = {
        Path(invoice.invoice_file.path).resolve(),
        Path(invoice.receipt_file.path).resolve(),
    }
    new_files = {p.resolve() for p in _private_files() - before}
    assert new_files == stored, f"orphans: {new_files - stored}"
    assert {p.suffix for p in stored} == {".pdf"}
