"""Encrypt the MFA secrets stored in plaintext before issue 17 (nsp/accounts/mfa_adapter.py)."""

from typing import Any

from django.db import migrations


def encrypt_existing(apps: Any, schema_editor: Any) -> None:
    from nsp.accounts.mfa_adapter import reencrypt_data

    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.all().iterator():
        data = reencrypt_data(authenticator.data or {})
        if data != authenticator.data:
            Authenticator.objects.filter(pk=authenticator.pk).update(data=data)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_existing, migrations.RunPython.noop)]
