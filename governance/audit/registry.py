"""Which history tables the audit log reads: every model django-simple-history keeps history
for (the registers of sharing, ropa and governance, and the user accounts), found from the
models themselves so that a register added later is audited without a change here.

The many-to-many link histories are not entries of their own: a link change is shown among
the changes of the row that owns the link, as on its History tab.
"""

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.apps import apps
from django.db import models

#: Labels where the model's own plural would read wrongly ("Dpias").
LABELS = {
    "governance.dpia": "DPIAs",
    "governance.dpiarisk": "DPIA risks",
    "governance.dpiacomment": "DPIA comments",
    "accounts.user": "User accounts",
}


@dataclass(frozen=True)
class AuditedModel:
    """One register whose history the audit log lists."""

    #: ``app_label.model_name``: the stable key used in filters and page cursors.
    key: str
    #: What the page calls the register ("Agreements").
    label: str
    model: type[models.Model]
    history_model: type[models.Model]


@cache
def audited_models() -> tuple[AuditedModel, ...]:
    """Every audited register, in the order the register choice lists them (by label)."""
    found = []
    for model in apps.get_models():
        manager_name = getattr(model._meta, "simple_history_manager_attribute", None)
        if not manager_name:
            continue
        history_model: Any = getattr(model, manager_name).model
        opts = model._meta
        key = f"{opts.app_label}.{opts.model_name}"
        found.append(
            AuditedModel(
                key=key,
                label=LABELS.get(key, str(opts.verbose_name_plural).capitalize()),
                model=model,
                history_model=history_model,
            )
        )
    return tuple(sorted(found, key=lambda audited: audited.label))


def audited_model(key: str) -> AuditedModel | None:
    """The audited register with ``key``, or ``None`` for a key that names none."""
    return next((audited for audited in audited_models() if audited.key == key), None)
