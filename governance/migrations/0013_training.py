# Filled in by hand with the operations of this change's models (see its docstring).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0012_reminder_kinds_people_rights_systems"),
    ]

    operations = []
