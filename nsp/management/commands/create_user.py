"""Create one user (for a fresh installation: the first administrator, coordinator or
programme manager; everyone else is then added in the browser by the administrator).

The password is read from the environment variable NSP_NEW_USER_PASSWORD, never from the
command line (it would stay in the shell history). Users of the programme roles enrol an
authenticator at their first login.
"""

from __future__ import annotations

import os
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from nsp.accounts.choices import Role
from nsp.accounts.models import User
from nsp.accounts.services import user_create


class Command(BaseCommand):
    help = "Create a user; the password comes from NSP_NEW_USER_PASSWORD."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=list(Role.values))
        parser.add_argument("--email", default="")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        password = os.environ.get("NSP_NEW_USER_PASSWORD", "")
        if not password:
            raise CommandError("Set NSP_NEW_USER_PASSWORD to the new user's password.")
        if User.objects.filter(username=options["username"]).exists():
            self.stdout.write(f"{options['username']} exists already; nothing changed.")
            return
        try:
            user_create(
                username=options["username"],
                email=options["email"],
                first_name=options["first_name"],
                last_name=options["last_name"],
                role=options["role"],
                organisation=None,
                password=password,
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"Created {options['username']} ({options['role']}).")
