"""Every read of personal data writes an access-log row (issue 17, item 7).

The URL registry marks the routes that return personal data (``personal=True``); each is
requested as an allowed persona and must write a row for its own path, and a list must name
the objects it showed. A route that is *not* marked but shows the id of one of actor A's
cases fails too, so a new page with personal data cannot ship without its log row.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from nsp.audit.models import AccessAction, AccessLog
from tests.nsp.test_url_access import PROJECT_URLS
from tests.url_registry import (
    REGISTRY,
    World,
    _api_inquiry,
    _case_a,
    _funding_invoice_pk,
)

# Pages that show case numbers inside aggregate tables (the statistics and the reports list
# the cases behind each figure): each writes a list row naming those cases (reports/access.py).
AGGREGATES = (
    "api:statistics",
    "reports:actor_report",
    "reports:actor_report_pdf",
    "reports:programme_report",
    "reports:programme_report_pdf",
    "reports:statistics",
    "reports:statistics_export",
    "reports:statistics_notes",
)
# Who requests each route: the first of these the route allows.
_PREFERENCE = ("staff_a", "manager_a", "coordinator", "programme_manager", "administrator")
PERSONAL = sorted(name for name in PROJECT_URLS if REGISTRY[name].personal)
UNMARKED_GET = sorted(
    name
    for name in PROJECT_URLS
    if not REGISTRY[name].personal
    and REGISTRY[name].method == "GET"
    and set(_PREFERENCE) & REGISTRY[name].allowed
)


def _persona(name: str) -> str:
    return next(p for p in _PREFERENCE if p in REGISTRY[name].allowed)


def _populate(world: World, name: str) -> None:
    """Actor A has a case and an inquiry; a list also an application, decision and invoice
    (a route about one application or decision builds its own, still undecided)."""
    _case_a(world)
    _api_inquiry(world)
    if REGISTRY[name].kwargs(world) == {} or name == "dashboard":
        _funding_invoice_pk(world)


def _get(world: World, name: str) -> tuple[str, Any]:
    spec = REGISTRY[name]
    url = reverse(name, kwargs=spec.kwargs(world)) + spec.query
    client = Client()
    client.force_login(world.users[_persona(name)])
    return url, client.get(url)


def test_the_registry_marks_the_routes_named_in_the_issue() -> None:
    named = {
        "audit:history",
        "api:case-list",
        "api:application-detail",
        "api:inquiry-list",
        "api:inquiry-detail",
        "api:purchase-request-list",
        "privacy:case_requests",
    }
    assert named <= set(PERSONAL)


@pytest.mark.parametrize("name", PERSONAL)
def test_a_read_of_personal_data_writes_an_access_log_row(
    name: str, registry_world: World, record_property: Any
) -> None:
    world = registry_world
    _populate(world, name)
    before = AccessLog.objects.count()
    url, response = _get(world, name)
    assert response.status_code == 200, (name, response.status_code)
    path = url.split("?")[0]
    rows = list(AccessLog.objects.filter(path=path).order_by("pk"))
    assert AccessLog.objects.count() > before and rows, f"{name}: no access-log row for {path}"
    lists = [row for row in rows if row.action == AccessAction.LIST]
    json = response.get("Content-Type", "").startswith("application/json")
    if lists and json and "results" in response.json():
        shown = {str(item["id"]) for item in response.json()["results"]}
        assert shown, f"{name}: the list showed nothing of actor A"
        assert shown <= set(lists[-1].object_ids), f"{name}: the row does not name every object"
    record_property("access_logged_routes", 1)


@pytest.mark.parametrize("name", UNMARKED_GET)
def test_an_unmarked_route_shows_no_case_of_actor_a(name: str, registry_world: World) -> None:
    """A page that shows a case's id (or its number) is a read of that case: mark it
    ``personal`` in the registry so its access-log row is checked."""
    world = registry_world
    case = _case_a(world)
    _url, response = _get(world, name)
    body = response.content.decode(errors="replace") if hasattr(response, "content") else ""
    markers = [str(case.pk)] + ([case.case_number] if case.case_number else [])
    found = [marker for marker in markers if marker in body]
    assert not found, f"{name} shows actor A's case {found} but is not marked personal"


@pytest.mark.parametrize("name", AGGREGATES)
def test_an_aggregate_page_names_the_cases_whose_numbers_it_shows(
    name: str, registry_world: World
) -> None:
    """The statistics and reports show the case numbers behind their figures: the read
    writes a row naming those cases (no exemption by name any more)."""
    world = registry_world
    case = _case_a(world)
    assert case.case_number
    url, response = _get(world, name)
    assert response.status_code == 200, (name, response.status_code)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    path = url.split("?")[0]
    named = {
        object_id
        for row in AccessLog.objects.filter(path=path)
        for object_id in [row.object_id, *(row.object_ids or [])]
    }
    if case.case_number.encode() in body:
        assert str(case.pk) in named, f"{name} shows {case.case_number} but logs no row naming it"
