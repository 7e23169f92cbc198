"""Hand-written: the GIN full-text index of each register the header search looks in.

PostgreSQL only (SQLite searches with ``icontains`` and has no such index), so the indexes are
created here rather than in the models' ``Meta``, which keeps SQLite and ``makemigrations
--check`` clean. Each expression is built exactly as ``governance.search.registers.Register``
builds the query's (``SearchVector(*fields, config="english")``): PostgreSQL uses an
expression index only for the very same expression. ``tests/governance/test_search.py``
checks this list against the registry, so a changed search field needs a new migration.
"""

from typing import Any

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

#: (app label, model name, searched columns): the registers' ``search_fields``, less joins.
INDEXES = (
    ("sharing", "organisation", ("name", "address")),
    ("sharing", "contact", ("name", "role", "email")),
    ("sharing", "forum", ("name", "acronym", "purpose")),
    ("sharing", "connectionrequest", ("purpose", "decision_notes")),
    ("sharing", "agreement", ("title", "reference", "purpose", "data_items")),
    ("sharing", "datasource", ("name", "description", "publisher", "citation")),
    ("sharing", "product", ("title", "description")),
    ("sharing", "consultation", ("conditions",)),
    ("ropa", "processingactivity", ("name", "business_function", "purpose")),
    ("ropa", "retentionrule", ("record_class", "authority")),
    ("governance", "policy", ("title", "version", "decision")),
    ("governance", "dpia", ("reference", "title", "processing_purposes")),
    ("governance", "breach", ("reference", "title", "description", "data_affected")),
    ("sharing", "roleholder", ("name", "job_title", "email")),
)


def _indexes(apps: Any) -> list[tuple[Any, GinIndex]]:
    return [
        (
            apps.get_model(app_label, model_name),
            GinIndex(
                SearchVector(*fields, config="english"), name=f"{app_label}_{model_name}_fts"
            ),
        )
        for app_label, model_name, fields in INDEXES
    ]


def create_indexes(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, index in _indexes(apps):
        schema_editor.add_index(model, index)


def drop_indexes(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, index in _indexes(apps):
        schema_editor.remove_index(model, index)


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0006_waiting"),
        ("sharing", "0005_agreement_signature_evidence"),
        ("ropa", "0004_disposal_approval"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
