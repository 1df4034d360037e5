"""Escalating per-account lockout after 20 failed logins a day (issue 17 item 12)."""

from __future__ import annotations

from datetime import timedelta

from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from nsp.accounts.lockout import record_login_failure, user_unlock
from nsp.accounts.models import LoginFailure, User
from tests.conftest import login
from tests.factories import TEST_PASSWORD


def _fail(client: Client, username: str) -> None:
    cache.clear()  # step past the per-minute limit: this is the slow guesser
    client.post(reverse("account_login"), {"login": username, "password": "fel-lösenord-123"})


def _can_log_in(username: str) -> bool:
    cache.clear()
    client = Client()
    client.post(reverse("account_login"), {"login": username, "password": TEST_PASSWORD})
    return client.get(reverse("dashboard")).status_code == 200


def test_twenty_failures_in_a_day_lock_the_account_even_for_the_right_password(
    staff_a: User, caplog: object
) -> None:
    client = Client()
    for _ in range(19):
        _fail(client, "staff_a")
    staff_a.refresh_from_db()
    assert staff_a.login_locked_at is None
    assert _can_log_in("staff_a")
    _fail(client, "staff_a")
    staff_a.refresh_from_db()
    assert staff_a.login_locked_at is not None
    assert not _can_log_in("staff_a")
    assert "account locked" in caplog.text  # type: ignore[attr-defined]
    assert LoginFailure.objects.filter(user=staff_a).count() >= 20


def test_failures_older_than_a_day_do_not_count(staff_a: User) -> None:
    for _ in range(19):
        LoginFailure.objects.create(user=staff_a)
    LoginFailure.objects.filter(user=staff_a).update(at=timezone.now() - timedelta(hours=25))
    record_login_failure({"username": "staff_a"})
    staff_a.refresh_from_db()
    assert staff_a.login_locked_at is None


def test_a_locked_account_loses_its_open_sessions(staff_a: User) -> None:
    client = login(staff_a)
    for _ in range(20):
        record_login_failure({"username": "staff_a"})
    assert client.get(reverse("dashboard")).status_code == 302


def test_the_coordinator_unlocks_on_the_screen(staff_a: User, coordinator: User) -> None:
    for _ in range(20):
        record_login_failure({"email": staff_a.email})
    staff_a.refresh_from_db()
    assert staff_a.login_locked_at is not None
    client = login(coordinator)
    page = client.get(reverse("accounts:locked_users"))
    assert page.status_code == 200 and "staff_a" in page.content.decode()
    response = client.post(reverse("accounts:user_unlock", args=[staff_a.pk]))
    assert response.status_code == 302
    staff_a.refresh_from_db()
    assert staff_a.login_locked_at is None
    assert _can_log_in("staff_a")
    # Failures before the unlock no longer count: one more does not lock again.
    record_login_failure({"username": "staff_a"})
    staff_a.refresh_from_db()
    assert staff_a.login_locked_at is None
    # The unlock is in the user's history, with who did it.
    assert staff_a.history.filter(history_user=coordinator).exists()


def test_actor_staff_cannot_unlock(staff_a: User, staff_b: User) -> None:
    for _ in range(20):
        record_login_failure({"username": "staff_b"})
    assert (
        login(staff_a).post(reverse("accounts:user_unlock", args=[staff_b.pk])).status_code == 403
    )
    staff_b.refresh_from_db()
    assert staff_b.login_locked_at is not None


def test_a_password_reset_unlocks(staff_a: User) -> None:
    from allauth.account.signals import password_reset

    for _ in range(20):
        record_login_failure({"username": "staff_a"})
    password_reset.send(sender=User, request=None, user=staff_a)
    staff_a.refresh_from_db()
    assert staff_a.login_locked_at is None
    user_unlock(user=staff_a, reason="again")  # unlocking an open account changes nothing


def test_an_unknown_username_is_not_counted(db: None) -> None:
    assert record_login_failure({"username": "ingen-sadan"}) is None
    assert not LoginFailure.objects.exists()
