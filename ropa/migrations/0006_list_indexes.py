"""Indexes for the first page of each list: its default order, its sortable columns and its
common filters, so that a page of 25 reads an index in order instead of sorting the table."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("ropa", "0005_findings_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="disposal",
            index=models.Index(fields=["-disposed_on", "-id"], name="ropa_disposal_newest_idx"),
        ),
        migrations.AddIndex(
            model_name="disposal",
            index=models.Index(
                condition=models.Q(("status", "proposed")),
                fields=["proposed_at", "id"],
                name="ropa_disposal_queue_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="processingactivity",
            index=models.Index(fields=["status", "name"], name="ropa_activity_sname_idx"),
        ),
        migrations.AddIndex(
            model_name="processingactivity",
            index=models.Index(fields=["has_personal_data", "name"], name="ropa_activity_pd_idx"),
        ),
    ]
