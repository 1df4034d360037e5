"""``manage.py restore FILE --yes``: replace the database's contents with a backup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from nsp.backup import restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into the configured database. "
        "Every table is dropped and recreated from the file (in one transaction)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="A file written by `manage.py backup`.")
        parser.add_argument(
            "--yes", action="store_true", help="Confirm that the current data is replaced."
        )
        parser.add_argument("--database", default="default")

    verbosity = 1

    def handle(self, *args: Any, **options: Any) -> None:
        self.verbosity = options["verbosity"]
        connection = connections[options["database"]]
        name = connection.settings_dict["NAME"]
        if not options["yes"]:
            raise CommandError(
                f"This replaces every table of database {name} with the backup. "
                "Run again with --yes to confirm."
            )
        connection.ensure_connection()
        server_major = connection.pg_version // 10000  # type: ignore[attr-defined]
        # Our own idle connection must not hold locks on the tables pg_restore drops.
        connection.close()
        restore(connection.settings_dict, server_major, Path(options["file"]), self._progress)
        self.stdout.write(self.style.SUCCESS(f"Database {name} restored from {options['file']}"))

    def _progress(self, line: str) -> None:
        if self.verbosity >= 1:
            self.stdout.write(line)
