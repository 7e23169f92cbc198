"""Indexes for the first page of each list: its default order, its sortable columns and its
common filters, so that a page of 25 reads an index in order instead of sorting the table."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_security_events"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="rolechange",
            index=models.Index(fields=["-changed_at", "-id"], name="accounts_rolechange_newest"),
        ),
        migrations.AddIndex(
            model_name="securityevent",
            index=models.Index(fields=["-occurred_at", "-id"], name="accounts_secevent_newest"),
        ),
    ]
