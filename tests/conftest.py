"""Fixed people of every test (STYLE.md §6).

* ``coordinator``, ``programme_manager``, ``administrator`` — programme-side, MFA enrolled;
* ``staff_a`` and ``manager_a`` at actor A, ``staff_b`` at actor B;
* ``outsider``: the manager of a third organisation (actor C) with nothing of actor A's;
* anonymous is simply an unauthenticated ``client``.
"""

from __future__ import annotations

import pytest
from django.test import Client

from nsp.accounts.models import Organisation, User
from tests.factories import OrganisationFactory, UserFactory
from tests.url_registry import World


@pytest.fixture
def org_a(db: None) -> Organisation:
    return OrganisationFactory(name="Aktör A", region="Stockholm")


@pytest.fixture
def org_b(db: None) -> Organisation:
    return OrganisationFactory(name="Aktör B", region="Skåne")


@pytest.fixture
def org_c(db: None) -> Organisation:
    return OrganisationFactory(name="Aktör C", region="Västra Götaland")


@pytest.fixture
def coordinator(db: None) -> User:
    return UserFactory(username="coordinator", coordinator=True)


@pytest.fixture
def programme_manager(db: None) -> User:
    return UserFactory(username="programme_manager", programme_manager=True)


@pytest.fixture
def administrator(db: None) -> User:
    return UserFactory(username="administrator", administrator=True)


@pytest.fixture
def staff_a(org_a: Organisation) -> User:
    return UserFactory(username="staff_a", organisation=org_a)


@pytest.fixture
def manager_a(org_a: Organisation) -> User:
    return UserFactory(username="manager_a", organisation=org_a, manager=True)


@pytest.fixture
def staff_b(org_b: Organisation) -> User:
    return UserFactory(username="staff_b", organisation=org_b)


@pytest.fixture
def outsider(org_c: Organisation) -> User:
    return UserFactory(username="outsider", organisation=org_c, manager=True)


@pytest.fixture
def registry_world(
    org_a: Organisation,
    org_b: Organisation,
    coordinator: User,
    programme_manager: User,
    administrator: User,
    staff_a: User,
    manager_a: User,
    staff_b: User,
    outsider: User,
) -> World:
    """The fixed people as the URL registry's ``World`` (sample objects built on demand)."""
    users = {
        "coordinator": coordinator,
        "programme_manager": programme_manager,
        "administrator": administrator,
        "staff_a": staff_a,
        "manager_a": manager_a,
        "staff_b": staff_b,
        "outsider": outsider,
    }
    return World(users=users, org_a=org_a, org_b=org_b)


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Rate limits (allauth) live in the cache: one test's lockout must not leak into the
    next test run by the same worker."""
    from django.core.cache import cache

    cache.clear()


# The security figures (cells checked, inputs fuzzed, deploy findings) are printed by the
# xdist controller, which loads only this conftest.
def pytest_configure(config: pytest.Config) -> None:
    from tests import figures

    if not config.pluginmanager.is_registered(figures):
        config.pluginmanager.register(figures, "nsp_figures")
