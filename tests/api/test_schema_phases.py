"""Schemathesis' negative and stateful phases, as two personas of different organisations
(issue 17, "the project's own tests").

Actor A owns the sample objects. For actor A's staff and then actor B's staff:

* **negative phase**: every operation gets requests that break its schema (wrong types,
  missing fields, values out of range), with actor A's ids in the path; none may be a server
  error, and actor B never gets a success on actor A's object;
* **stateful phase**: schemathesis chains operations (links inferred from the schema and
  the responses), ``MAX_STEPS`` steps per scenario; no server error.
"""

from __future__ import annotations

import time
from contextlib import suppress
from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode

from nsp.accounts.models import Organisation, User
from nsp.api.services import api_token_create
from tests.api.test_schema import _samples, keep_test_connection  # noqa: F401 — a fixture

NEGATIVE_EXAMPLES = 3
STATEFUL_SCENARIOS = 4
MAX_STEPS = 5


def _negative(operation: Any, headers: dict[str, str], path: Any, foreign: bool) -> int:
    sent = 0

    @given(
        case=operation.as_strategy(path_parameters=path, generation_mode=GenerationMode.NEGATIVE)
    )
    @settings(
        max_examples=NEGATIVE_EXAMPLES,
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
        case.validate_response(response, checks=[not_a_server_error])
        if foreign:
            assert response.status_code >= 400, (
                f"actor B got {response.status_code} on actor A's {case.formatted_path}"
            )

    with suppress(Unsatisfiable):  # nothing to break (no parameter, no body): nothing sent
        run()
    return sent


def _stateful(schema: Any, headers: dict[str, str]) -> int:
    steps: list[int] = []

    class Machine(schema.as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"headers": headers}

        def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
            steps.append(1)
            case.validate_response(response, checks=[not_a_server_error])

    Machine.run(
        settings=settings(
            max_examples=STATEFUL_SCENARIOS,
            stateful_step_count=MAX_STEPS,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
    )
    return len(steps)


@pytest.mark.django_db
@pytest.mark.usefixtures("keep_test_connection")
def test_negative_and_stateful_phases_as_two_organisations(
    staff_a: User,
    staff_b: User,
    coordinator: User,
    org_a: Organisation,
    record_property: Any,
) -> None:
    samples = _samples(staff_a, coordinator, org_a)
    app = get_wsgi_application()
    started, sent = time.monotonic(), 0
    for user in (staff_a, staff_b):
        foreign = user == staff_b
        _token, raw = api_token_create(user=user, name="schemathesis")
        headers = {"Authorization": f"Bearer {raw}"}
        schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", app, headers=headers)
        for result in schema.get_all_operations():
            operation = result.ok()
            path = None
            if "{id}" in operation.path:
                prefix = operation.path.split("{id}")[0]
                sample = next((v for p, v in samples.items() if prefix.startswith(p)), None)
                # Public catalogues and organisations are everyone's: only A's own objects
                # must stay closed to actor B.
                path = {"id": str(sample)} if sample else None
            own_only = path is not None and not operation.path.startswith(
                ("/api/v1/organisations/", "/api/v1/certifications/")
            )
            sent += _negative(operation, headers, path, foreign and own_only)

        sent += _stateful(schema, headers)
    print(
        f"schemathesis negative + stateful: {sent} requests in {time.monotonic() - started:.1f} s"
    )
    record_property("schemathesis_requests", sent)
    assert sent > 0
