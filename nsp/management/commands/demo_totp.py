"""Print the current one-time code of the demo MFA secret (development only)."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from nsp import demo
from nsp.accounts.allauth_internal import format_hotp_value, hotp_value


def current_demo_code() -> str:
    return str(format_hotp_value(hotp_value(demo.DEMO_TOTP_SECRET, int(time.time()) // 30)))


class Command(BaseCommand):
    help = "Print the current TOTP code of the demo accounts (development only)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("demo_totp is for development databases only (DEBUG on).")
        self.stdout.write(current_demo_code())
