"""factory_boy factories for the people and organisations every test uses."""

from __future__ import annotations

from typing import Any

import factory
from allauth.mfa.models import Authenticator

from nsp.accounts.allauth_internal import TOTP
from nsp.accounts.choices import MFA_REQUIRED_ROLES, Role
from nsp.accounts.models import Organisation, User

TEST_PASSWORD = "correct-horse-battery-staple-42"
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Aktör {n}")
    org_number = factory.Sequence(lambda n: f"802000-{n:04d}")
    region = "Stockholm"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = "Test"
    last_name = "Person"
    role = Role.ACTOR_STAFF
    organisation = factory.SubFactory(OrganisationFactory)

    class Params:
        coordinator = factory.Trait(role=Role.COORDINATOR, organisation=None)
        programme_manager = factory.Trait(role=Role.PROGRAMME_MANAGER, organisation=None)
        administrator = factory.Trait(role=Role.ADMINISTRATOR, organisation=None)
        manager = factory.Trait(role=Role.ACTOR_MANAGER)

    @factory.post_generation
    def password(obj: User, create: bool, extracted: str | None, **kwargs: Any) -> None:
        obj.set_password(extracted or TEST_PASSWORD)
        if create:
            obj.save()

    @factory.post_generation
    def mfa(obj: User, create: bool, extracted: bool | None, **kwargs: Any) -> None:
        """Roles that must use MFA get a TOTP authenticator unless ``mfa=False``."""
        wanted = extracted if extracted is not None else obj.role in MFA_REQUIRED_ROLES
        if create and wanted and not Authenticator.objects.filter(user=obj).exists():
            TOTP.activate(obj, TEST_TOTP_SECRET)
