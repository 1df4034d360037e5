"""Django's admin is gated by the role predicates, not by Django's staff/superuser flags."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import Client, RequestFactory
from django.urls import reverse

from certification.models import Catalogue
from nsp.accounts.allauth_internal import TOTP
from nsp.accounts.choices import Role
from nsp.accounts.models import Organisation, User
from nsp.admin import NspAdminSite
from nsp.audit.models import AccessLog
from nsp.permissions import can_export_decisions, can_use_admin
from tests.conftest import login
from tests.factories import TEST_TOTP_SECRET, UserFactory

CATALOGUES = "admin:certification_catalogue_changelist"
ACCESS_LOG = "admin:audit_accesslog_changelist"
EMAILS = "admin:account_emailaddress_changelist"


def _status(user: User, name: str) -> int:
    return login(user).get(reverse(name)).status_code


def test_the_site_is_ours(db: None) -> None:
    assert isinstance(admin.site._wrapped, NspAdminSite)  # type: ignore[attr-defined]
    assert Group not in admin.site._registry


def test_an_administrator_created_on_the_user_screens_reaches_the_admin(
    administrator: User,
) -> None:
    response = login(administrator).post(
        reverse("accounts:user_create"),
        {
            "username": "ny.administrator",
            "email": "ny.admin@example.org",
            "first_name": "Ny",
            "last_name": "Administratör",
            "title": "",
            "role": Role.ADMINISTRATOR,
            "organisation": "",
            "password": "en-lång-lösenfras-2026",
        },
    )
    assert response.status_code == 302
    created = User.objects.get(username="ny.administrator")
    assert (created.is_staff, created.is_superuser) == (False, False)
    client = login(created)
    # The administrator's first stop is MFA enrolment, as on every other page.
    assert client.get(reverse("admin:index"))["Location"] == reverse("mfa_activate_totp")
    TOTP.activate(created, TEST_TOTP_SECRET)
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    assert reverse(CATALOGUES) in index.content.decode()
    assert client.get(reverse(CATALOGUES)).status_code == 200
    assert client.get(reverse("admin:certification_catalogue_add")).status_code == 200
    assert client.get(reverse(EMAILS)).status_code == 200
    # The access log is the programme's (can_view_access_log), not the administrator's.
    assert client.get(reverse(ACCESS_LOG)).status_code == 403


def test_the_coordinator_sees_what_its_predicates_allow(coordinator: User) -> None:
    index = login(coordinator).get(reverse("admin:index")).content.decode()
    assert reverse(CATALOGUES) in index and reverse(ACCESS_LOG) in index
    assert reverse(EMAILS) not in index
    assert _status(coordinator, CATALOGUES) == 200
    assert _status(coordinator, ACCESS_LOG) == 200
    assert _status(coordinator, EMAILS) == 403


def test_the_programme_manager_reads_only_the_access_log(programme_manager: User) -> None:
    assert _status(programme_manager, ACCESS_LOG) == 200
    assert _status(programme_manager, CATALOGUES) == 403
    assert _status(programme_manager, "admin:certification_catalogue_add") == 403


@pytest.mark.parametrize("name", ["admin:index", CATALOGUES, ACCESS_LOG, EMAILS])
def test_actor_users_get_no_admin(name: str, staff_a: User, manager_a: User) -> None:
    assert _status(staff_a, name) == 403
    assert _status(manager_a, name) == 403


def test_the_superuser_flag_grants_nothing(org_a: Organisation) -> None:
    flagged = UserFactory(username="flagged", role=Role.ACTOR_STAFF, organisation=org_a)
    User.objects.filter(pk=flagged.pk).update(is_staff=True, is_superuser=True)
    flagged.refresh_from_db()
    for name in ("admin:index", CATALOGUES, ACCESS_LOG, EMAILS):
        assert _status(flagged, name) == 403, name
    # Without any role at all (not storable: the role is checked), the site says no too.
    request = RequestFactory().get("/")
    request.user = User(username="nobody", role="", is_staff=True, is_superuser=True)
    assert not admin.site.has_permission(request)
    assert not can_use_admin(request.user)
    for model_admin in admin.site._registry.values():
        assert not model_admin.has_module_permission(request), model_admin


def test_anonymous_visitors_log_in_through_allauth(db: None) -> None:
    response = Client().get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_denial_says_what_the_predicate_checks(staff_a: User) -> None:
    text = login(staff_a).get(reverse("admin:index")).content.decode()
    assert "administratören, samordnaren och programansvarig" in text
    reason = str(can_export_decisions(staff_a).reason)
    assert "samordnaren" in reason


def test_an_edition_in_use_stays_frozen_for_the_coordinator(coordinator: User) -> None:
    catalogue = Catalogue.objects.create(
        code="T", edition="1", title="Test", kind="minimum_requirements"
    )
    model_admin = admin.site._registry[Catalogue]
    request = RequestFactory().get("/")
    request.user = coordinator
    assert model_admin.has_change_permission(request, catalogue)
    assert not admin.site._registry[AccessLog].has_change_permission(request)


def test_the_403_page_gives_the_rule_and_no_personal_data(
    staff_a: User, org_a: Organisation
) -> None:
    response = login(staff_a).get(reverse("funding:decision_export"))
    assert response.status_code == 403
    text = response.content.decode()
    assert "Endast administratören och samordnaren exporterar beslutshandlingar." in text
    for personal in (staff_a.username, staff_a.email, staff_a.get_full_name(), org_a.name):
        assert personal not in text
