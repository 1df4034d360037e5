"""Delete finished background jobs and their result files after a retention period."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from nsp.jobs.services import jobs_prune


class Command(BaseCommand):
    help = "Delete finished background jobs (and their files) older than --days (default 7)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=7)

    def handle(self, *args: Any, **options: Any) -> None:
        count = jobs_prune(older_than=timedelta(days=options["days"]))
        self.stdout.write(f"Deleted {count} finished jobs.")
