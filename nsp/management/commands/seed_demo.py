"""Create demo organisations, one user per role and demo cases. Idempotent.

Each app may add its own demo data by listing a callable in ``settings.NSP_DEMO_SEEDERS``
(``seed(stdout, cases=N | None) -> None``); they run
in order inside one transaction, after the people exist, and must themselves be
idempotent (look up before creating).
"""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import translation
from django.utils.module_loading import import_string

from nsp import demo
from nsp.accounts.allauth_internal import TOTP, RecoveryCodes
from nsp.accounts.choices import MFA_REQUIRED_ROLES
from nsp.accounts.models import Organisation, User
from nsp.cache import bump_statistics_version


class Command(BaseCommand):
    help = "Create demo organisations, users (one per role) and cases; safe to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--cases", type=int, default=None, help="Also create this many synthetic cases."
        )
        parser.add_argument("--quiet", action="store_true", help="Print no login instructions.")

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            organisations = self._organisations()
            self._users(organisations)
            for dotted in settings.NSP_DEMO_SEEDERS:
                import_string(dotted)(self.stdout, cases=options["cases"])
            bump_statistics_version()  # the seeders write cases and funding directly
        if not options["quiet"]:
            with translation.override("en"):  # console output, like the rest of the tooling
                self._print_logins()

    def _organisations(self) -> dict[str, Organisation]:
        result = {}
        for spec in demo.ORGANISATIONS:
            org, _ = Organisation.objects.get_or_create(
                name=spec.name,
                defaults={
                    "org_number": spec.org_number,
                    "region": spec.region,
                    "contact_name": spec.contact_name,
                    "contact_email": f"kontakt@{spec.key}.example.org",
                },
            )
            result[spec.key] = org
        return result

    def _users(self, organisations: dict[str, Organisation]) -> None:
        for spec in demo.USERS:
            user = User.objects.filter(username=spec.username).first()
            if user is None:
                user = User(
                    username=spec.username,
                    email=f"{spec.username}@example.org",
                    first_name=spec.first_name,
                    last_name=spec.last_name,
                    role=spec.role,
                    organisation=organisations[spec.organisation] if spec.organisation else None,
                    title=spec.title,
                )
                user.set_password(demo.DEMO_PASSWORD)
                user.save()
            if (
                spec.role in MFA_REQUIRED_ROLES
                and not Authenticator.objects.filter(
                    user=user, type=Authenticator.Type.TOTP
                ).exists()
            ):
                TOTP.activate(user, demo.DEMO_TOTP_SECRET)
                RecoveryCodes.activate(user)

    def _print_logins(self) -> None:
        w = self.stdout.write
        w("")
        w(f"Demo users (password for all: {demo.DEMO_PASSWORD})")
        for spec in demo.USERS:
            mfa = " [MFA]" if spec.role in MFA_REQUIRED_ROLES else ""
            org = f" at {spec.organisation.upper()}" if spec.organisation else ""
            w(f"  {spec.username:<18} {spec.role.label}{org}{mfa}")
        w("Users marked [MFA] are asked for a one-time code after the password. Get the")
        w("current code with:  .venv/bin/python manage.py demo_totp")
        w(f"(or add the secret {demo.DEMO_TOTP_SECRET} to any authenticator app)")
