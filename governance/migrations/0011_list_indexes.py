"""Indexes for the first page of each list: its default order, its sortable columns and its
common filters, so that a page of 25 reads an index in order instead of sorting the table."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0010_report_job_register_export"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="breach",
            index=models.Index(fields=["-became_aware_at"], name="governance_breach_aware_idx"),
        ),
        migrations.AddIndex(
            model_name="breach",
            index=models.Index(
                fields=["status", "-became_aware_at"], name="governance_breach_saware_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="dpia",
            index=models.Index(fields=["-created_at", "-id"], name="governance_dpia_newest_idx"),
        ),
        migrations.AddIndex(
            model_name="dpia",
            index=models.Index(
                fields=["status", "-created_at", "-id"], name="governance_dpia_snewest_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="dpia",
            index=models.Index(fields=["title"], name="governance_dpia_title_idx"),
        ),
        migrations.AddIndex(
            model_name="dpia",
            index=models.Index(
                fields=["status", "advised_at", "id"], name="governance_dpia_sadvised_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(
                fields=["user", "-created_at", "-id"], name="governance_notif_list_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="policy",
            index=models.Index(fields=["title"], name="governance_policy_title_idx"),
        ),
        migrations.AddIndex(
            model_name="reminder",
            index=models.Index(
                fields=["-created_at", "-id"], name="governance_reminder_newest_idx"
            ),
        ),
    ]
