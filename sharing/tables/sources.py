from typing import Any

import django_tables2 as tables
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils.html import format_html

from vpp_portal.tables import LinkColumn, RegisterTable, YesNoColumn, blanks_last

from ..choices import DataClassification
from ..models import DataSource

#: The strategy's Appendix 3 order (1, 2, 3), which the stored values do not sort into.
CLASSIFICATION_ORDER = Case(
    *(
        When(classification=value, then=Value(position))
        for position, value in enumerate(DataClassification.values)
    ),
    output_field=IntegerField(),
)


#: Rule 5, in words as well as colour.
UNCOVERED_TAG = format_html(
    '<strong class="govuk-tag govuk-tag--red">{}</strong>'
    '<span class="govuk-visually-hidden">: {}</span>',
    "Uncovered",
    "no active agreement covers this data",
)


class DataSourceTable(RegisterTable):
    page_by_keys = True

    name = LinkColumn()
    classification = tables.Column()
    supplier = tables.Column(verbose_name="Supplied by", order_by=("supplier__name",))
    has_personal_data = YesNoColumn(verbose_name="Personal data")
    coverage = tables.Column(verbose_name="Covering agreement", orderable=False, empty_values=())

    class Meta:
        model = DataSource
        fields = ("name", "classification", "supplier", "has_personal_data", "coverage")
        order_by = ("name",)

    order_supplier = blanks_last("supplier__name", then="name")

    def order_classification(
        self, queryset: QuerySet[DataSource], is_descending: bool
    ) -> tuple[QuerySet[DataSource], bool]:
        ordered = queryset.alias(classification_order=CLASSIFICATION_ORDER).order_by(
            ("-" if is_descending else "") + "classification_order", "name"
        )
        return ordered, True

    def render_coverage(self, record: DataSource) -> Any:
        if record.classification != DataClassification.PARTNER_SHARED:
            return "Not needed"
        if record.is_uncovered:
            return UNCOVERED_TAG
        return str(record.covering_agreement)

    def value_coverage(self, record: DataSource) -> str:
        if record.classification != DataClassification.PARTNER_SHARED:
            return "Not needed"
        return "Uncovered" if record.is_uncovered else str(record.covering_agreement)
