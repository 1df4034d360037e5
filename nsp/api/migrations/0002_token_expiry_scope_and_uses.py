"""API tokens expire, may be read-only, and every use is recorded (issue 17 item 5)."""

from datetime import timedelta
from typing import Any

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


def expire_existing(apps: Any, schema_editor: Any) -> None:
    """Tokens made before expiry existed get the default 30 days from now."""
    ApiToken = apps.get_model("api", "ApiToken")
    now = django.utils.timezone.now()
    ApiToken.objects.filter(expires_at__isnull=True).update(expires_at=now + timedelta(days=30))


class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]

    operations = [
        migrations.AlterField(
            model_name="apitoken",
            name="created_at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="created"),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="expires"),
        ),
        migrations.RunPython(expire_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="expires"),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="read_only",
            field=models.BooleanField(default=False, verbose_name="read-only"),
        ),
        migrations.AddConstraint(
            model_name="apitoken",
            constraint=models.CheckConstraint(
                condition=models.Q(("expires_at__gt", models.F("created_at"))),
                name="api_token_expires_after_created",
            ),
        ),
        migrations.CreateModel(
            name="ApiTokenUse",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "at",
                    models.DateTimeField(
                        db_index=True, default=django.utils.timezone.now, verbose_name="when"
                    ),
                ),
                ("method", models.CharField(max_length=10, verbose_name="method")),
                ("path", models.CharField(max_length=300, verbose_name="path")),
                (
                    "token",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="uses",
                        to="api.apitoken",
                        verbose_name="token",
                    ),
                ),
            ],
            options={
                "verbose_name": "API token use",
                "verbose_name_plural": "API token uses",
                "ordering": ["-at"],
            },
        ),
    ]
