"""The delivery clock (送达时限) as a third clock kind of the daily deadline scan's warnings.

Only the field's choices change: no SQL on either database.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_warning_without_key_checks"),
    ]

    operations = [
        migrations.AlterField(
            model_name="casewarning",
            name="clock_kind",
            field=models.CharField(
                choices=[
                    ("promised", "承诺时限"),
                    ("statutory", "法定时限"),
                    ("delivery", "送达时限"),
                ],
                max_length=20,
                verbose_name="时限",
            ),
        ),
    ]
