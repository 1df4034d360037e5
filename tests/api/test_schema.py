"""The OpenAPI schema: valid without warnings, and honoured by every operation.

Schemathesis generates requests for every operation of the generated schema and sends
them in-process (WSGI) as the coordinator and as an actor; no response may be a server
error (5xx) or disagree with the schema.
"""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from funding.services import invoice_submit
from nsp.accounts.models import Organisation, User
from nsp.api.services import api_token_create
from tests.api.factories import assessment, decided, inquiry
from tests.funding.factories import pdf_upload

MAX_EXAMPLES = 4


def test_the_schema_validates_without_warnings(tmp_path: Any) -> None:
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yml"))


def _samples(staff_a: User, coordinator: User, org_a: Organisation) -> dict[str, Any]:
    """Objects of actor A, so that detail operations also answer 200, not only 404."""
    decision = decided(org_a, staff_a, coordinator)
    application = decision.application
    invoice = invoice_submit(
        decision=decision,
        by=staff_a,
        real_cost=Decimal("1000"),
        invoice_file=pdf_upload("faktura.pdf"),
        receipt_file=pdf_upload("kvitto.pdf"),
    )
    assessment(application.case, staff_a)
    from datetime import date

    inq = inquiry(org_a, staff_a, date(2026, 3, 1))
    return {
        "/api/v1/cases/": application.case.pk,
        "/api/v1/applications/": application.pk,
        "/api/v1/purchase-requests/": application.pk,
        "/api/v1/decisions/": decision.pk,
        "/api/v1/invoices/": invoice.pk,
        "/api/v1/inquiries/": inq.pk,
        "/api/v1/organisations/": org_a.pk,
        "/api/v1/certifications/": org_a.certification.pk,
    }


def _exercise(operation: Any, headers: dict[str, str], path_parameters: Any) -> int:
    """Send ``MAX_EXAMPLES`` generated requests to one operation; returns how many."""
    sent = 0

    @given(case=operation.as_strategy(path_parameters=path_parameters))
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        nonlocal sent
        response = case.call(headers=headers)
        sent += 1
        case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])

    run()
    return sent


@pytest.fixture
def keep_test_connection() -> Any:
    """Like Django's test client: requests must not close the test's DB connection."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.usefixtures("keep_test_connection")
def test_schemathesis_finds_no_server_error_or_schema_violation(
    staff_a: User,
    coordinator: User,
    org_a: Organisation,
    org_b: Organisation,
    record_property: Any,
) -> None:
    samples = _samples(staff_a, coordinator, org_a)
    app = get_wsgi_application()
    started, sent = time.monotonic(), 0
    for user in (coordinator, staff_a):
        _token, raw = api_token_create(user=user, name="schemathesis")
        headers = {"Authorization": f"Bearer {raw}"}
        schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", app, headers=headers)
        for result in schema.get_all_operations():
            operation = result.ok()
            path_parameters = None
            if "{id}" in operation.path:
                prefix = operation.path.split("{id}")[0]
                sample = next((v for p, v in samples.items() if prefix.startswith(p)), None)
                path_parameters = {"id": str(sample)} if sample else None

            sent += _exercise(operation, headers, path_parameters)
    print(f"schemathesis: {sent} generated requests in {time.monotonic() - started:.1f} s")
    record_property("schemathesis_requests", sent)
    assert sent > 0
