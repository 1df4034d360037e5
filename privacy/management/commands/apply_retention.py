"""Anonymise cases closed (or refused) more than NSP_RETENTION_YEARS ago; delete old job
archives, orphaned uploads, API token uses and failed logins."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from privacy.files import retention_files
from privacy.logs import retention_logs
from privacy.services import retention_apply, retention_due


class Command(BaseCommand):
    help = "Anonymise cases closed more than NSP_RETENTION_YEARS ago (one transaction per case)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would change; change nothing."
        )

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        cases = list(retention_due())
        total = len(cases)
        verb = "would anonymise" if dry_run else "anonymised"
        self.stdout.write(
            f"Retention: {settings.NSP_RETENTION_YEARS} years; {total} case(s) due"
            + (" (dry run, nothing is changed)" if dry_run else "")
        )
        for index, case in enumerate(cases, start=1):
            outcome = retention_apply(case=case, dry_run=dry_run)
            fields = sum(outcome.fields.values())
            history = sum(outcome.history_fields.values())
            detail = ", ".join(f"{label}: {n}" for label, n in sorted(outcome.fields.items()))
            self.stdout.write(
                f"[{index}/{total}] {outcome.case_number or outcome.case_id}: {verb} "
                f"{fields} field(s) ({detail or '—'}), {history} in history, "
                f"{len(outcome.files)} file(s)"
            )
        self.stdout.write(f"Done: {total} case(s) {verb}.")
        files = retention_files(dry_run=dry_run)
        self.stdout.write(
            f"Files: {files.jobs} finished job(s) older than {settings.NSP_JOB_RESULT_DAYS} "
            f"days and {files.orphans} orphaned upload(s) {'would be ' if dry_run else ''}"
            "deleted."
        )
        logs = retention_logs(dry_run=dry_run)
        self.stdout.write(
            f"Logs: {logs.token_uses} API token use(s) older than "
            f"{settings.NSP_API_TOKEN_USE_DAYS} days and {logs.login_failures} failed login(s) "
            f"older than {settings.NSP_LOGIN_FAILURE_DAYS} days "
            f"{'would be ' if dry_run else ''}deleted."
        )
