"""Statistics, programme report, actor report, notifications and the JSON endpoint."""

from __future__ import annotations

import pytest
from django.urls import reverse

from nsp.accounts.models import Organisation, User
from nsp.api.services import api_token_create
from nsp.audit.models import AccessLog
from reports.models import Notification
from tests.conftest import login
from tests.reports.factories import build

RANGE = {"start": "2026-03-01", "end": "2026-08-24", "notes": "on"}


@pytest.fixture
def world(org_a: Organisation, coordinator: User, staff_a: User):  # type: ignore[no-untyped-def]
    return build(org_a, coordinator, staff_a)


def test_it_shows_the_tables_and_charts_to_the_coordinator(coordinator: User, world) -> None:  # type: ignore[no-untyped-def]
    response = login(coordinator).get(reverse("reports:statistics"), RANGE)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<svg" in body and "<script>" not in body and 'style="' not in body
    assert world.a1.case_number in body
    assert AccessLog.objects.filter(user=coordinator).exists()


def test_actor_users_cannot_reach_programme_statistics(
    staff_a: User,
    manager_a: User,
    staff_b: User,
    world,  # type: ignore[no-untyped-def]
) -> None:
    for user in (staff_a, manager_a, staff_b):
        client = login(user)
        assert client.get(reverse("reports:statistics"), RANGE).status_code == 403
        assert client.get(reverse("reports:programme_report"), RANGE).status_code == 403
        url = reverse("reports:statistics_export", args=["xlsx"])
        assert client.get(url, RANGE).status_code == 403
        assert client.get(reverse("api:statistics"), RANGE).status_code == 403


def test_an_inverted_range_is_refused(coordinator: User) -> None:
    response = login(coordinator).get(
        reverse("reports:statistics"), {"start": "2026-05-01", "end": "2026-04-01"}
    )
    assert response.status_code == 200 and "stats" not in response.context


@pytest.mark.parametrize(
    ("fmt", "magic"), [("xlsx", b"PK"), ("csv", b"\xef\xbb\xbf"), ("pdf", b"%PDF")]
)
def test_it_exports(coordinator: User, world, fmt: str, magic: bytes) -> None:  # type: ignore[no-untyped-def]
    response = login(coordinator).get(reverse("reports:statistics_export", args=[fmt]), RANGE)
    assert response.status_code == 200
    assert response.content.startswith(magic)
    assert "attachment" in response["Content-Disposition"]


def test_the_programme_report_renders_on_screen_and_as_pdf(programme_manager: User, world) -> None:  # type: ignore[no-untyped-def]
    client = login(programme_manager)
    assert client.get(reverse("reports:programme_report"), RANGE).status_code == 200
    pdf = client.get(reverse("reports:programme_report_pdf"), RANGE)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_an_actor_sees_its_own_annual_report_only(
    staff_a: User,
    staff_b: User,
    org_a: Organisation,
    org_b: Organisation,
    world,  # type: ignore[no-untyped-def]
) -> None:
    own = reverse("reports:actor_report", args=[org_a.pk, 2026])
    response = login(staff_a).get(own)
    assert response.status_code == 200
    report = response.context["report"]
    assert report.cases["admitted"] == 4  # a1, a2, a3 and the one admitted on 08-25
    days = {p["application__kind"]: p["days"] for p in report.periods}
    assert days == {"rest_30": 30, "integration_90": 25}
    assert report.interventions["decided"] == 0  # a request for more information is not one
    assert report.money["granted"] == 66000
    assert login(staff_b).get(own).status_code == 404
    assert (
        login(staff_a).get(reverse("reports:actor_report", args=[org_b.pk, 2026])).status_code
        == 404
    )
    pdf = login(staff_a).get(reverse("reports:actor_report_pdf", args=[org_a.pk, 2026]))
    assert pdf.content.startswith(b"%PDF")


def test_the_json_endpoint_answers_with_token_auth(coordinator: User, world) -> None:  # type: ignore[no-untyped-def]
    from django.test import Client

    _token, raw = api_token_create(user=coordinator, name="Integration")
    response = Client().get(reverse("api:statistics"), RANGE, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    data = response.json()
    rows = {r["key"]: r for r in data["table1"]}
    assert rows["integration_90"]["partly_granted"] == 1
    assert (data["table3"]["applications"], data["table3"]["admitted"]) == (4, 2)
    assert Client().get(reverse("api:statistics"), RANGE).status_code == 401


def test_notifications_are_private_to_their_user(staff_a: User, staff_b: User) -> None:
    n = Notification.objects.create(user=staff_a, kind="decision", key="k", text="Beslut")
    url = reverse("reports:notification_read", args=[n.pk])
    assert login(staff_b).post(url).status_code == 404
    assert login(staff_a).get(reverse("reports:notifications")).context["unread"] == 1
    assert login(staff_a).post(url).status_code == 302
    n.refresh_from_db()
    assert n.read_at is not None


def test_marking_all_notifications_read_keeps_their_history(staff_a: User, staff_b: User) -> None:
    mine = [
        Notification.objects.create(user=staff_a, kind="decision", key=f"k{i}", text="Beslut")
        for i in range(3)
    ]
    other = Notification.objects.create(user=staff_b, kind="decision", key="k", text="Beslut")
    assert login(staff_a).post(reverse("reports:notifications_read_all")).status_code == 302
    for n in mine:
        n.refresh_from_db()
        assert n.read_at is not None
        latest = n.history.order_by("-history_id").first()
        assert latest is not None and latest.read_at == n.read_at
        assert latest.history_user == staff_a
    other.refresh_from_db()
    assert other.read_at is None


def test_the_dashboard_shows_the_reports_panels(coordinator: User, staff_a: User, world) -> None:  # type: ignore[no-untyped-def]
    assert "reports/includes/panel_programme.html" in [
        t.name for t in login(coordinator).get(reverse("dashboard")).templates
    ]
    assert "reports/includes/panel_actor.html" in [
        t.name for t in login(staff_a).get(reverse("dashboard")).templates
    ]
