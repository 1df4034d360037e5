from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse

from nsp.accounts.choices import Role
from nsp.accounts.models import Organisation, User
from tests.conftest import login
from tests.factories import TEST_PASSWORD, UserFactory


def test_it_refuses_an_actor_user_without_organisation(db: None) -> None:
    with pytest.raises(IntegrityError):
        User.objects.create(username="x", role=Role.ACTOR_STAFF, organisation=None)


def test_it_refuses_a_coordinator_with_an_organisation(org_a: Organisation) -> None:
    with pytest.raises(IntegrityError):
        User.objects.create(username="y", role=Role.COORDINATOR, organisation=org_a)


def test_administrator_creates_an_actor_user(administrator: User, org_a: Organisation) -> None:
    response = login(administrator).post(
        reverse("accounts:user_create"),
        {
            "username": "ny.handlaggare",
            "email": "ny@example.org",
            "first_name": "Ny",
            "last_name": "Handläggare",
            "title": "Kurator",
            "role": Role.ACTOR_STAFF,
            "organisation": org_a.pk,
            "password": "en-lång-lösenfras-2026",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="ny.handlaggare")
    assert user.organisation == org_a
    assert user.check_password("en-lång-lösenfras-2026")


def test_it_refuses_a_short_password_and_saves_nothing(
    administrator: User, org_a: Organisation
) -> None:
    response = login(administrator).post(
        reverse("accounts:user_create"),
        {
            "username": "kort",
            "email": "kort@example.org",
            "role": Role.ACTOR_STAFF,
            "organisation": org_a.pk,
            "password": "kort123",
        },
    )
    assert response.status_code == 200
    assert "password" in response.context["form"].errors
    assert not User.objects.filter(username="kort").exists()


def test_it_requires_an_organisation_for_actor_roles_in_the_form(administrator: User) -> None:
    response = login(administrator).post(
        reverse("accounts:user_create"),
        {
            "username": "utan.org",
            "email": "u@example.org",
            "role": Role.ACTOR_MANAGER,
            "password": "en-lång-lösenfras-2026",
        },
    )
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors


def test_deactivating_a_user_ends_their_sessions(administrator: User, staff_a: User) -> None:
    victim = Client()
    victim.force_login(staff_a)
    assert victim.get(reverse("dashboard")).status_code == 200
    response = login(administrator).post(
        reverse("accounts:user_update", args=[staff_a.pk]),
        {
            "email": staff_a.email,
            "first_name": "T",
            "last_name": "P",
            "title": "",
            "role": Role.ACTOR_STAFF,
            "organisation": staff_a.organisation_id,
        },  # is_active unchecked
    )
    assert response.status_code == 302
    staff_a.refresh_from_db()
    assert not staff_a.is_active
    assert not any(
        str(s.get_decoded().get("_auth_user_id")) == str(staff_a.pk) for s in Session.objects.all()
    )
    assert victim.get(reverse("dashboard")).status_code == 302


def test_it_logs_in_with_email_or_username(db: None) -> None:
    user = UserFactory(username="hanna", email="hanna@example.org")
    for login_value in ("hanna", "hanna@example.org"):
        client = Client()
        response = client.post(
            reverse("account_login"), {"login": login_value, "password": TEST_PASSWORD}
        )
        assert response.status_code == 302, login_value
        assert client.get(reverse("dashboard")).context["user"] == user
