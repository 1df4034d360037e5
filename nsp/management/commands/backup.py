"""``manage.py backup [--output FILE]``: the whole database as a pg_dump custom archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import connections
from django.utils import timezone

from nsp.backup import backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump custom format) to a file readable only by its owner."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            help="File to write (default: var/backups/nsp-<date>-<time>.dump).",
        )
        parser.add_argument("--database", default="default")

    verbosity = 1

    def handle(self, *args: Any, **options: Any) -> None:
        self.verbosity = options["verbosity"]
        connection = connections[options["database"]]
        connection.ensure_connection()
        output = options["output"] or str(
            Path(settings.BASE_DIR)
            / "var"
            / "backups"
            / f"nsp-{timezone.localtime():%Y%m%d-%H%M%S}.dump"
        )
        server_major = connection.pg_version // 10000  # type: ignore[attr-defined]
        path = backup(connection.settings_dict, server_major, Path(output), self._progress)
        self.stdout.write(self.style.SUCCESS(f"Backup written to {path}"))

    def _progress(self, line: str) -> None:
        if self.verbosity >= 1:
            self.stdout.write(line)
