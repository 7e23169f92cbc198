from typing import Any

import django_tables2 as tables

from vpp_portal.tables import LinkColumn, RegisterTable

from ..models import DataCategory, IndividualCategory, RecipientCategory


class VocabularyTable(RegisterTable):
    """A reference list's terms; ``Meta.model`` is set per list."""

    name = LinkColumn(verbose_name="Term")
    description = tables.Column(orderable=False, empty_values=())
    activity_count = tables.Column(verbose_name="Processing activities using it")

    class Meta:
        fields = ("name", "description", "activity_count")
        order_by = ("name",)


def _vocabulary_table(model: Any) -> type[VocabularyTable]:
    meta = type("Meta", (VocabularyTable.Meta,), {"model": model})
    return type(
        f"{model.__name__}Table",
        (VocabularyTable,),
        {"Meta": meta, "caption": str(model._meta.verbose_name_plural).capitalize()},
    )


IndividualCategoryTable = _vocabulary_table(IndividualCategory)
DataCategoryTable = _vocabulary_table(DataCategory)
RecipientCategoryTable = _vocabulary_table(RecipientCategory)
