"""Recording what an ISA covers: the data sharing code's items, one answer each."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from vpp_portal.editing import save_register_row

from ..choices import AgreementKind, IsaItem
from ..models import Agreement, AgreementCodeItem


def agreement_code_items_save(
    agreement: Agreement,
    /,
    *,
    actor: Any,
    answers: Mapping[str, tuple[str, str]],
    reason: str = "",
) -> int:
    """Record the ISA's answer and document reference for each item in ``answers`` (item →
    (answer, reference)); items left out are unchanged. Only changed items get a history row,
    each with ``reason``. One transaction, under the agreement's row lock. Returns how many
    items changed."""
    unknown = sorted(set(answers) - set(IsaItem.values))
    if unknown:
        raise ValidationError(f"Not an item of the data sharing code: {', '.join(unknown)}.")
    if agreement.kind != AgreementKind.ISA:
        raise ValidationError(
            "Only an Information Sharing Agreement records the data sharing code's items."
        )
    changed = 0
    with transaction.atomic():
        Agreement.objects.select_for_update().get(pk=agreement.pk)
        rows = {row.item: row for row in AgreementCodeItem.objects.filter(agreement=agreement)}
        for item in IsaItem.values:
            if item not in answers:
                continue
            answer, reference = (value.strip() for value in answers[item])
            row = rows.get(item)
            if row is None:
                if not (answer or reference):
                    continue
                row = AgreementCodeItem(agreement=agreement, item=item)
            elif row.answer == answer and row.document_reference == reference:
                continue
            row.answer, row.document_reference = answer, reference
            save_register_row(row, actor=actor, reason=reason or "Data sharing code item recorded")
            changed += 1
    return changed
