# A fourth budget stream, "other costs" (docs/ARCHITECTURE.md, "Budget streams").

from django.db import migrations, models

CHOICES = [
    ("rest_30", "Max 30 days"),
    ("integration_90", "Max 90 days"),
    ("interventions", "Interventions"),
    ("other", "Other costs"),
]


class Migration(migrations.Migration):

    dependencies = [
        ("funding", "0006_admission_decision"),
    ]

    operations = [
        migrations.AlterField(
            model_name="budgetstream",
            name="stream",
            field=models.CharField(choices=CHOICES, max_length=20, verbose_name="stream"),
        ),
        migrations.AlterField(
            model_name="historicalbudgetstream",
            name="stream",
            field=models.CharField(choices=CHOICES, max_length=20, verbose_name="stream"),
        ),
    ]
