"""Daily reminders: ``python manage.py send_reminders`` (cron, once a day; idempotent)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from reports.reminders import send_reminders


class Command(BaseCommand):
    help = "E-mail and notify users about what falls due and about decisions (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="Run as if today were this date (YYYY-MM-DD).")

    def handle(self, *args: Any, **options: Any) -> None:
        today = date.fromisoformat(options["date"]) if options.get("date") else None
        run = send_reminders(today=today)
        self.stdout.write(f"{run.created} new notifications")
