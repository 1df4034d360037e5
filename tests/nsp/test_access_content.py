"""The access walk checks content, not only status (issue 17, "the project's own tests").

Actor A has a case, an inquiry, an application, a decision and an invoice. Then every GET
route is opened as actor B's staff, as actor B's manager and as the **outsider** (the
manager of a third organisation, actor C, which has a case and an inquiry of its own):

* where B may open the route (lists, filters, exports, API lists, forms), the answer must
  not contain any identifier of actor A's objects (ids, case number, decision reference);
* elsewhere (a route about one of A's objects) the answer is 403 or 404, for the managers
  exactly as for the staff member.

Posting A's ids in B's forms and API writes: ``tests/nsp/test_foreign_ids.py`` (fixed)
and the generated requests (``tests/privacy/test_fuzz_requests.py``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from nsp.audit.access import PERSONAL_MODELS
from tests.cases.factories import CaseFactory, InquiryFactory
from tests.factories import UserFactory
from tests.nsp.test_url_access import PROJECT_URLS
from tests.url_registry import (
    OUTSIDER,
    REGISTRY,
    World,
    _api_inquiry,
    _case_a,
    _funding_app_pk,
    _funding_decision_pk,
    _funding_invoice_pk,
)

GET_ROUTES = sorted(
    name
    for name in PROJECT_URLS
    if REGISTRY[name].method == "GET" and not name.startswith("admin:")
)
# The managers of B and C may open what actor B's staff may (plus the manager-only pages
# of their own organisation, none of which takes an object of actor A).
B_PERSONAS = ("staff_b", "manager_b", OUTSIDER)


def _b_may_open(name: str, persona: str) -> bool:
    spec = REGISTRY[name]
    if spec.public or spec.allows("staff_b") or spec.allows(persona):
        return True
    return persona == "manager_b" and spec.own_organisation


def _identifiers(world: World) -> set[str]:
    found: set[str] = set()
    for value in world._cache.values():
        if isinstance(value, Model) and value._meta.label_lower in PERSONAL_MODELS:
            found.add(str(value.pk))
            for attribute in ("case_number", "reference"):
                text = getattr(value, attribute, None)
                if text:
                    found.add(str(text))
    return found


@pytest.mark.parametrize("name", GET_ROUTES)
def test_actor_b_sees_nothing_of_actor_a(
    name: str, registry_world: World, record_property: Any
) -> None:
    world = registry_world
    spec = REGISTRY[name]
    world.users["manager_b"] = UserFactory(
        username="manager_b", organisation=world.org_b, manager=True
    )
    url = reverse(name, kwargs=spec.kwargs(world)) + spec.query
    if any(
        _b_may_open(name, persona) for persona in B_PERSONAS
    ):  # a list or form of B's own: actor A has objects that must not show
        _case_a(world)
        _api_inquiry(world)
        _funding_invoice_pk(world)
        # Actor C's own (not secrets): its lists are not empty when the outsider reads them.
        organisation_c = world.users[OUTSIDER].organisation
        CaseFactory(organisation=organisation_c, admitted=True)
        InquiryFactory(organisation=organisation_c, recorded_by=world.users[OUTSIDER])
    secrets = _identifiers(world)
    failures = []
    cells = 0
    for persona in B_PERSONAS:
        client = Client()
        client.force_login(world.users[persona])
        response = client.get(url)
        cells += 1
        status = response.status_code
        if not _b_may_open(name, persona):
            if status not in (403, 404):
                failures.append(f"{persona}: {status} where 403/404 is expected")
            continue
        failures += _leaks(persona, response, secrets)
        if persona != "manager_b":  # filtered by actor A's ids: still nothing of A's
            filtered = client.get(f"{url}{'&' if '?' in url else '?'}{_a_filters(world)}")
            cells += 1
            if filtered.status_code >= 500:
                failures.append(f"{persona} filtering by A's ids: {filtered.status_code}")
            failures += _leaks(f"{persona} filtering by A's ids", filtered, secrets)
    assert not failures, f"{name} ({url}): {failures}"
    record_property("access_cells", cells)


def _a_filters(world: World) -> str:
    """A query naming actor A's objects in every filter that takes an id."""
    ids = {
        "organisation": world.org_a.pk,
        "case": _case_a(world).pk,
        "inquiry": _api_inquiry(world)["pk"],
        "application": _funding_app_pk(world)["pk"],
        "decision": _funding_decision_pk(world)["pk"],
        "period": _funding_decision_pk(world)["pk"],
        "invoice": _funding_invoice_pk(world)["pk"],
        "user": world.users["staff_a"].pk,
    }
    return urlencode(ids)


def _leaks(who: str, response: Any, secrets: set[str]) -> list[str]:
    """Actor A's identifiers in the answer, apart from the query it was asked with (a
    pagination or export link repeating the asker's own query tells nothing)."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode(errors="replace")
    query = response.wsgi_request.META.get("QUERY_STRING", "")
    for echo in (query, query.replace("&", "&amp;")):
        text = text.replace(echo, "") if echo else text
    leaked = sorted(secret for secret in secrets if secret in text)
    return [f"{who} ({response.status_code}) sees actor A's {leaked}"] if leaked else []
