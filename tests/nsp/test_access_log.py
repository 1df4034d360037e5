"""The access log: who opened which case; append-only for every path into the app."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from pathlib import Path
from unittest import mock

import pytest
from django.contrib import admin
from django.db import DatabaseError, connection, transaction
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from nsp.accounts.models import Organisation, User
from nsp.audit.access import log_access
from nsp.audit.models import AccessAction, AccessLog
from tests.conftest import login
from tests.nsp.test_url_access import PROJECT_URLS
from tests.url_registry import REGISTRY, World

ROOT = Path(__file__).resolve().parents[2]
CASE = uuid.UUID("11111111-2222-4333-8444-555555555555")
OTHER_CASE = uuid.UUID("99999999-2222-4333-8444-555555555555")


def _row(user: User, case_id: uuid.UUID | None, at: datetime | None = None) -> AccessLog:
    with mock.patch("django.utils.timezone.now", return_value=at or timezone.now()):
        return AccessLog.objects.create(
            user=user,
            role=user.role,
            organisation_id=user.organisation_id,
            action=AccessAction.VIEW,
            object_type="cases.case",
            object_id=str(case_id),
            case_id=case_id,
            path="/arenden/x/",
        )


def test_the_case_page_lists_who_accessed_that_case_only(
    coordinator: User, staff_a: User, staff_b: User
) -> None:
    _row(staff_a, CASE)
    _row(staff_b, OTHER_CASE)
    response = login(coordinator).get(reverse("access:case", args=[CASE]))
    assert response.status_code == 200
    rows = list(response.context["page"])
    assert [row.user for row in rows] == [staff_a]


def test_the_case_page_is_paginated(coordinator: User, staff_a: User, settings: object) -> None:
    settings.NSP_PAGE_SIZE = 2  # type: ignore[attr-defined]
    for _ in range(5):
        _row(staff_a, CASE)
    client = login(coordinator)
    page = client.get(reverse("access:case", args=[CASE])).context["page"]
    assert (len(page), page.paginator.num_pages) == (2, 3)
    last = client.get(reverse("access:case", args=[CASE]) + "?page=3").context["page"]
    assert len(last) == 1


@pytest.mark.parametrize("persona", ["staff_a", "manager_a", "staff_b", "administrator"])
def test_only_programme_roles_see_the_access_log(
    persona: str, request: pytest.FixtureRequest
) -> None:
    user: User = request.getfixturevalue(persona)
    client = login(user)
    assert client.get(reverse("access:case", args=[CASE])).status_code == 403
    assert client.get(reverse("access:log")).status_code == 403


def test_anonymous_is_sent_to_login(client: Client, db: None) -> None:
    response = client.get(reverse("access:log"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_log_filters_by_user_and_date_range(
    programme_manager: User, staff_a: User, staff_b: User
) -> None:
    tz = timezone.get_current_timezone()
    early = _row(staff_a, CASE, datetime(2026, 3, 1, 10, tzinfo=tz))
    middle = _row(staff_a, CASE, datetime(2026, 3, 15, 23, 30, tzinfo=tz))
    _row(staff_a, CASE, datetime(2026, 4, 2, 8, tzinfo=tz))
    _row(staff_b, CASE, datetime(2026, 3, 15, 9, tzinfo=tz))
    client = login(programme_manager)
    query = {"user": staff_a.pk, "date_from": "2026-03-01", "date_to": "2026-03-15"}
    page = client.get(reverse("access:log"), query).context["page"]
    assert list(page) == [middle, early]  # newest first, both ends inclusive


def test_a_reversed_date_range_is_an_error(coordinator: User) -> None:
    response = login(coordinator).get(
        reverse("access:log"), {"date_from": "2026-04-01", "date_to": "2026-03-01"}
    )
    assert "date_to" in response.context["form"].errors


def test_log_access_writes_the_case_of_the_object(staff_a: User, org_a: Organisation) -> None:
    request = RequestFactory().get("/x/")
    request.user = staff_a
    entry = log_access(request, org_a, AccessAction.DOWNLOAD, case_id=CASE)
    assert (entry.case_id, entry.organisation_id, entry.role) == (CASE, org_a.pk, "actor_staff")


# --- Append-only ---------------------------------------------------------------------


def test_the_model_refuses_change_and_delete(staff_a: User) -> None:
    entry = _row(staff_a, CASE)
    entry.path = "/changed/"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()


def test_the_queryset_refuses_bulk_change_and_delete(staff_a: User) -> None:
    _row(staff_a, CASE)
    with pytest.raises(PermissionError):
        AccessLog.objects.filter(case_id=CASE).update(path="/x/")
    with pytest.raises(PermissionError):
        AccessLog.objects.all().delete()


@pytest.mark.parametrize(
    "sql", ["UPDATE audit_accesslog SET path = '/x/'", "DELETE FROM audit_accesslog"]
)
def test_the_database_refuses_change_and_delete(staff_a: User, sql: str) -> None:
    _row(staff_a, CASE)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert AccessLog.objects.filter(case_id=CASE, path="/arenden/x/").count() == 1


def test_the_admin_shows_the_log_read_only(coordinator: User) -> None:
    model_admin = admin.site._registry[AccessLog]
    request = RequestFactory().get("/")
    request.user = coordinator
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    assert model_admin.get_actions(request) == {}


def _snapshot() -> list[tuple[object, ...]]:
    return list(AccessLog.objects.order_by("pk").values_list())


@pytest.fixture
def people(
    org_a: Organisation,
    org_b: Organisation,
    coordinator: User,
    programme_manager: User,
    administrator: User,
    staff_a: User,
    manager_a: User,
    staff_b: User,
) -> World:
    users = {
        "coordinator": coordinator,
        "programme_manager": programme_manager,
        "administrator": administrator,
        "staff_a": staff_a,
        "manager_a": manager_a,
        "staff_b": staff_b,
    }
    return World(users=users, org_a=org_a, org_b=org_b)


def test_no_url_changes_or_deletes_the_log(people: World) -> None:
    """POST and DELETE to every project URL as each role: the log stays as it was."""
    entries = [_row(people.users["staff_a"], CASE) for _ in range(3)]
    before = _snapshot()
    hostile = {"id": entries[0].pk, "path": "/x/", "action": "delete", "delete": "1"}
    for name in PROJECT_URLS:
        spec = REGISTRY[name]
        url = reverse(name, kwargs=spec.kwargs(people)) + spec.query
        # The most powerful role of each side (actor staff can do less than its manager).
        for persona in ("coordinator", "programme_manager", "administrator", "manager_a"):
            user = people.users[persona]
            client = Client(raise_request_exception=False)
            client.force_login(user)
            client.post(url, hostile)
            client.delete(url)
    assert _snapshot()[: len(before)] == before


def test_the_admin_change_and_delete_urls_refuse(coordinator: User, staff_a: User) -> None:
    entry = _row(staff_a, CASE)
    client = login(coordinator)
    change = reverse("admin:audit_accesslog_change", args=[entry.pk])
    delete = reverse("admin:audit_accesslog_delete", args=[entry.pk])
    client.post(change, {"path": "/x/"})
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert AccessLog.objects.get(pk=entry.pk).path == "/arenden/x/"


_READS = "filter|all|get|select_related|order_by|exclude|values|count|exists|none|only"
_WRITE = rf"AccessLog\.objects\.(?!(?:{_READS})\b)"


def test_no_form_serializer_or_service_writes_the_log() -> None:
    """Only nsp/audit creates rows; no ModelForm or serializer names the model."""
    allowed = {"nsp/audit/models.py", "nsp/audit/access.py", "nsp/audit/admin.py"}
    offenders = []
    sources = [
        p
        for app in ("nsp", "certification", "cases", "funding")
        for p in (ROOT / app).rglob("*.py")
    ]
    for source in sources:
        relative = source.relative_to(ROOT).as_posix()
        if "/migrations/" in relative:
            continue
        text = source.read_text(encoding="utf-8")
        if re.search(r"model\s*=\s*AccessLog\b", text):
            offenders.append(f"{relative}: a form or serializer for AccessLog")
        if relative not in allowed and re.search(_WRITE, text):
            offenders.append(f"{relative}: writes AccessLog directly")
    assert not offenders, offenders


def test_the_rows_name_roles_and_objects_in_swedish(coordinator: User, staff_a: User) -> None:
    _row(staff_a, CASE)
    AccessLog.objects.create(
        user=staff_a,
        role=staff_a.role,
        action=AccessAction.VIEW,
        object_type="accounts.organisation",
        object_id="x",
        case_id=CASE,
    )
    html = login(coordinator).get(reverse("access:case", args=[CASE])).content.decode()
    assert "Handläggare hos aktör" in html
    assert "Organisation" in html
