"""Re-encrypt every stored MFA secret under the first of ``NSP_MFA_ENCRYPTION_KEYS``.

Key rotation: put the new key first in ``NSP_MFA_ENCRYPTION_KEYS`` (keep the old one after
it), run this command, then remove the old key. Plaintext rows (from before encryption)
are encrypted too. Each row is updated under a row lock in its own transaction.
"""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from nsp.accounts.mfa_adapter import MFASecretError, reencrypt_data


class Command(BaseCommand):
    help = "Re-encrypt every MFA secret under the first key of NSP_MFA_ENCRYPTION_KEYS."

    def handle(self, *args: Any, **options: Any) -> None:
        done = failed = 0
        for pk in Authenticator.objects.values_list("pk", flat=True).order_by("pk"):
            with transaction.atomic():
                row = Authenticator.objects.select_for_update().get(pk=pk)
                try:
                    row.data = reencrypt_data(row.data or {})
                except MFASecretError:
                    failed += 1
                    self.stderr.write(f"Authenticator {pk}: encrypted under an unknown key.")
                    continue
                row.save(update_fields=["data"])
                done += 1
        self.stdout.write(f"Re-encrypted {done} authenticator(s); {failed} failed.")
        if failed:
            raise CommandError(f"{failed} authenticator(s) could not be decrypted.")
