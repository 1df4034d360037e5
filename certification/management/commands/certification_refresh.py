"""Mark annual follow-ups due/overdue (run daily, e.g. from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from certification.refresh import certification_refresh


class Command(BaseCommand):
    help = "Move certified actors to 'follow-up due' / 'follow-up overdue' as dates pass."

    def handle(self, *args: Any, **options: Any) -> None:
        changed = certification_refresh()
        self.stdout.write(f"{changed} certification status(es) changed.")
