"""Import a paper register (cases, applications, decisions) from an .xlsx file.

Layout: docs/DATA_FORMATS.md ("Register import"). All or nothing; ``--dry-run`` checks
every row and writes nothing; a second import of the same file changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from funding.register_import import import_register
from nsp.accounts.choices import Role
from nsp.accounts.models import User


class Command(BaseCommand):
    help = "Import the paper register from an .xlsx file (docs/DATA_FORMATS.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check only; write nothing.")
        parser.add_argument(
            "--as",
            dest="username",
            help="The coordinator entering the records.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        users = User.objects.filter(role=Role.COORDINATOR, is_active=True).order_by("username")
        if options["username"]:
            users = users.filter(username=options["username"])
        user = users.first()
        if user is None:
            raise CommandError("No active coordinator to enter the records as.")

        def progress(done: int, total: int) -> None:
            self.stdout.write(f"  row {done}/{total}")

        try:
            with options["path"].open("rb") as handle:
                report = import_register(
                    handle, by=user, dry_run=options["dry_run"], progress=progress
                )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        for error in report.errors:
            self.stderr.write(str(error))
        summary = (
            f"{report.rows} rows: {report.created} new, {report.skipped} already imported, "
            f"{len(report.errors)} errors"
        )
        if report.errors:
            raise CommandError(f"{summary}. Nothing was imported.")
        verb = "Checked (dry run, nothing written)" if report.dry_run else "Imported"
        self.stdout.write(f"{verb}: {summary}.")
