"""Processing activity names are unique whatever their case: "Hotspot analysis" and "HOTSPOT
ANALYSIS" cannot both be in the register (the import tells activities apart by name ignoring
case, so two such names broke the re-import of the portal's own export).

First, activities whose names already differ only in case are told apart: the one recorded
first keeps its name, and each later one is renamed "<name> (2)", "<name> (3)" … (the first
number no activity has), with a history row giving the reason; every rename is printed.
Renaming rather than refusing lets the upgrade go ahead without anyone editing the database,
loses nothing, and leaves each renamed record's History tab saying what happened, so the
owner can merge the records or choose a better name. Then the constraint on ``Lower(name)``.
"""

from typing import Any

from django.db import migrations, models
from django.db.models.functions import Lower
from django.utils import timezone

CONSTRAINT = "ropa_processingactivity_unique_name_ci"
MESSAGE = "An activity with this name already exists: choose a different one."


def rename_clashes(apps: Any, schema_editor: Any) -> list[tuple[int, str, str]]:
    """Rename every later activity whose name equals an earlier one's ignoring case (as the
    database compares: ``Lower``); returns and prints ``(id, old name, new name)`` of each."""
    Activity = apps.get_model("ropa", "ProcessingActivity")
    groups: dict[str, list[tuple[int, str]]] = {}
    rows = Activity.objects.annotate(key=Lower("name")).order_by("created_at", "pk")
    for pk, name, key in rows.values_list("pk", "name", "key"):
        groups.setdefault(key, []).append((pk, name))
    limit = Activity._meta.get_field("name").max_length
    renamed: list[tuple[int, str, str]] = []
    for clash in groups.values():
        (_first_pk, first_name), later = clash[0], clash[1:]
        for pk, name in later:
            new_name = _free_name(Activity, name, limit)
            reason = (
                f"Renamed: ‘{first_name}’ already had this name apart from capital letters, "
                "and activity names must be unique whatever their case"
            )
            _rename(apps, Activity, pk, new_name, reason)
            renamed.append((pk, name, new_name))
            print(f"\n  Processing activity {pk} renamed ‘{name}’ → ‘{new_name}’: {reason}.")
    return renamed


def _free_name(Activity: Any, name: str, limit: int) -> str:
    """``name (n)`` for the first ``n`` from 2 that no activity has, ignoring case."""
    number = 2
    while True:
        suffix = f" ({number})"
        candidate = f"{name[: limit - len(suffix)].rstrip()}{suffix}"
        taken = (
            Activity.objects.annotate(key=Lower("name"))
            .filter(key=Lower(models.Value(candidate)))
            .exists()
        )
        if not taken:
            return candidate
        number += 1


def _rename(apps: Any, Activity: Any, pk: int, new_name: str, reason: str) -> None:
    """Rename one activity, bumping its version (an edit form opened before is refused), and
    write its history row as the portal does: the row's fields and its lists as they stand."""
    now = timezone.now()
    Activity.objects.filter(pk=pk).update(
        name=new_name, row_version=models.F("row_version") + 1, updated_at=now
    )
    activity = Activity.objects.get(pk=pk)
    History = apps.get_model("ropa", "HistoricalProcessingActivity")
    own = {field.attname for field in Activity._meta.concrete_fields}
    record = History(
        history_date=now, history_type="~", history_change_reason=reason, history_user=None
    )
    for field in History._meta.concrete_fields:
        if field.attname in own:
            setattr(record, field.attname, getattr(activity, field.attname))
    record.save()
    for link in Activity._meta.many_to_many:
        try:
            LinkHistory = apps.get_model("ropa", f"HistoricalProcessingActivity_{link.name}")
        except LookupError:
            continue  # a list whose history is not kept
        through = link.remote_field.through
        LinkHistory.objects.bulk_create(
            LinkHistory(
                history=record,
                **{f.attname: getattr(row, f.attname) for f in through._meta.concrete_fields},
            )
            for row in through.objects.filter(**{f"{link.m2m_field_name()}_id": pk})
        )


class Migration(migrations.Migration):
    dependencies = [
        ("ropa", "0007_activity_privacy_notice"),
    ]

    operations = [
        migrations.RunPython(rename_clashes, migrations.RunPython.noop, elidable=False),
        migrations.AddConstraint(
            model_name="processingactivity",
            constraint=models.UniqueConstraint(
                Lower("name"), name=CONSTRAINT, violation_error_message=MESSAGE
            ),
        ),
    ]
