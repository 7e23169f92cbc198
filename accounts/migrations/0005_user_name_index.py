"""People are listed by name (the training register's list of people): an index in that order."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_list_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="user",
            index=models.Index(fields=["full_name", "email"], name="accounts_user_name_idx"),
        ),
    ]
