"""Transparency: each processing activity names the privacy notice that covers it (a policy of
the privacy notice kind on the governance register), with its history."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0008_report_ready"),
        ("ropa", "0006_list_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalprocessingactivity",
            name="privacy_notice",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="governance.policy",
                verbose_name="privacy notice",
            ),
        ),
        migrations.AddField(
            model_name="processingactivity",
            name="privacy_notice",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="noticed_activities",
                to="governance.policy",
                verbose_name="privacy notice",
            ),
        ),
    ]
