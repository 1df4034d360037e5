"""Escalating lockout (issue 17 item 12), in two tiers so that a username is not enough
to lock its owner out: 20 failed logins a day from one source block that source from the
account; 200 from all sources together lock the account; a password reset always works.
The decision is in docs/SECURITY.md (item 12)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from nsp.accounts.lockout import is_source_locked, record_login_failure, source_of, user_unlock
from nsp.accounts.models import LoginFailure, User
from tests.conftest import login
from tests.factories import TEST_PASSWORD

ATTACKER = "203.0.113.9"
OWNER = "198.51.100.20"


def _fail(client: Client, username: str) -> None:
    cache.clear()  # step past the per-minute limit: this is the slow guesser
    client.post(reverse("account_login"), {"login": username, "password": "fel-lösenord-123"})


def _can_log_in(username: str, address: str = ATTACKER) -> bool:
    cache.clear()
    client = Client(REMOTE_ADDR=address)
    client.post(reverse("account_login"), {"login": username, "password": TEST_PASSWORD})
    return client.get(reverse("dashboard")).status_code == 200


def _lock_account(username: str, settings: Any) -> None:
    """The account-wide threshold, reached from many sources (a distributed attack)."""
    settings.NSP_LOGIN_LOCKOUT_ACCOUNT_FAILURES = 30
    for index in range(30):
        record_login_failure({"username": username}, source=f"source-{index}")


def test_twenty_failures_from_one_source_block_it_even_for_the_right_password(
    staff_a: User, caplog: object
) -> None:
    attacker = Client(REMOTE_ADDR=ATTACKER)
    for _ in range(19):
        _fail(attacker, "staff_a")
    assert _can_log_in("staff_a", ATTACKER)
    _fail(attacker, "staff_a")
    assert not _can_log_in("staff_a", ATTACKER)
    assert "login blocked from one source" in caplog.text  # type: ignore[attr-defined]
    assert LoginFailure.objects.filter(user=staff_a).count() >= 20
    # No address is kept: the source is a keyed hash.
    assert not LoginFailure.objects.filter(source__contains="203.0").exists()


def test_someone_who_knows_a_username_cannot_lock_its_owner_out(staff_a: User) -> None:
    """The abuse found: failures from the attacker's address do not stop the owner."""
    attacker = Client(REMOTE_ADDR=ATTACKER)
    for _ in range(25):
        _fail(attacker, "staff_a")
    staff_a.refresh_from_db()
    assert staff_a.login_locked_at is None
    assert not _can_log_in("staff_a", ATTACKER)
    assert _can_log_in("staff_a", OWNER)


def test_an_ipv6_network_counts_as_one_source(rf: Any) -> None:
    first = rf.get("/", REMOTE_ADDR="2001:db8:1:2::1")
    second = rf.get("/", REMOTE_ADDR="2001:db8:1:2:ffff::9")
    other = rf.get("/", REMOTE_ADDR="2001:db8:1:3::1")
    assert source_of(first) == source_of(second) != source_of(other)
    assert source_of(None) == ""


def test_failures_from_all_sources_together_lock_the_account(
    staff_a: User, settings: Any, caplog: object
) -> None:
    _lock_account("staff_a", settings)
    staff_a.refresh_from_db()
    assert staff_a.login_locked_at is not None
    assert not _can_log_in("staff_a", OWNER)
    assert "account locked" in caplog.text  # type: ignore[attr-defined]


def test_the_account_threshold_is_much_higher_than_the_source_one(settings: Any) -> None:
    assert settings.NSP_LOGIN_LOCKOUT_ACCOUNT_FAILURES >= 10 * settings.NSP_LOGIN_LOCKOUT_FAILURES


def test_a_locked_account_can_still_reset_its_password(staff_a: User, settings: Any) -> None:
    _lock_account("staff_a", settings)
    mail.outbox.clear()
    cache.clear()
    Client(REMOTE_ADDR=ATTACKER).post(
        reverse("account_reset_password"), {"email": "staff_a@example.org"}
    )
    links = [m for m in mail.outbox if "password/reset/key" in m.body]
    assert links, "the reset link must still be sent to a locked account"
    path = re.search(r"https?://[^/]+(/\S+)", links[0].body)
    assert path is not None
    client = Client(REMOTE_ADDR=OWNER)
    form = client.get(path.group(1), follow=True)
    new_password = "Ett-nytt-lösenord-2026"
    client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else path.group(1),
        {"password1": new_password, "password2": new_password},
    )
    staff_a.refresh_from_db()
    assert staff_a.login_locked_at is None
    assert staff_a.check_password(new_password)


def test_failures_older_than_a_day_do_not_count(staff_a: User) -> None:
    for _ in range(19):
        LoginFailure.objects.create(user=staff_a)
    LoginFailure.objects.filter(user=staff_a).update(at=timezone.now() - timedelta(hours=25))
    record_login_failure({"username": "staff_a"})
    staff_a.refresh_from_db()
    assert staff_a.login_locked_at is None


def test_a_locked_account_loses_its_open_sessions(staff_a: User, settings: Any) -> None:
    client = login(staff_a)
    _lock_account("staff_a", settings)
    assert client.get(reverse("dashboard")).status_code == 302


def test_a_blocked_source_does_not_end_the_owners_sessions(staff_a: User) -> None:
    client = login(staff_a)
    for _ in range(25):
        record_login_failure({"username": "staff_a"}, source="attacker")
    assert is_source_locked(staff_a, "attacker") and not is_source_locked(staff_a, "owner")
    assert client.get(reverse("dashboard")).status_code == 200


def test_the_coordinator_unlocks_on_the_screen(
    staff_a: User, coordinator: User, settings: Any
) -> None:
    settings.NSP_LOGIN_LOCKOUT_ACCOUNT_FAILURES = 30
    for index in range(30):
        record_login_failure({"email": staff_a.email}, source=f"s{index}")
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


def test_actor_staff_cannot_unlock(staff_a: User, staff_b: User, settings: Any) -> None:
    _lock_account("staff_b", settings)
    assert (
        login(staff_a).post(reverse("accounts:user_unlock", args=[staff_b.pk])).status_code == 403
    )
    staff_b.refresh_from_db()
    assert staff_b.login_locked_at is not None


def test_a_password_reset_unlocks_both_tiers(staff_a: User, settings: Any) -> None:
    from allauth.account.signals import password_reset

    _lock_account("staff_a", settings)
    for _ in range(20):
        record_login_failure({"username": "staff_a"}, source="attacker")
    password_reset.send(sender=User, request=None, user=staff_a)
    staff_a.refresh_from_db()
    assert staff_a.login_locked_at is None
    assert not is_source_locked(staff_a, "attacker")
    user_unlock(user=staff_a, reason="again")  # unlocking an open account changes nothing


def test_the_unlock_also_clears_a_blocked_source(staff_a: User) -> None:
    for _ in range(20):
        record_login_failure({"username": "staff_a"}, source="attacker")
    assert is_source_locked(staff_a, "attacker")
    user_unlock(user=staff_a, reason="spoke with the user")
    staff_a.refresh_from_db()
    assert not is_source_locked(staff_a, "attacker")


def test_an_unknown_username_is_not_counted(db: None) -> None:
    assert record_login_failure({"username": "ingen-sadan"}) is None
    assert not LoginFailure.objects.exists()
