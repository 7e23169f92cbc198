import django_tables2 as tables
from django.utils.html import format_html

from vpp_portal.tables import LinkColumn, RegisterTable

from ..models import DataSource


class DataSourceTable(RegisterTable):
    name = LinkColumn()
    classification = tables.Column()
    supplier = tables.Column(verbose_name="Supplied by")
    has_personal_data = tables.BooleanColumn(verbose_name="Personal data", yesno="Yes,No")
    coverage = tables.Column(verbose_name="Covering agreement", orderable=False, empty_values=())

    class Meta:
        model = DataSource
        fields = ("name", "classification", "supplier", "has_personal_data", "coverage")
        order_by = ("name",)

    def render_coverage(self, record: DataSource) -> str:
        if record.classification != "partner_shared":
            return "Not needed"
        if record.is_uncovered:
            return format_html('<strong class="govuk-tag govuk-tag--red">Uncovered</strong>')
        return str(record.covering_agreement)

    def value_coverage(self, record: DataSource) -> str:
        if record.classification != "partner_shared":
            return "Not needed"
        return "Uncovered" if record.is_uncovered else str(record.covering_agreement)
