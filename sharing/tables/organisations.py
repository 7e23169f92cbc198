import django_tables2 as tables

from vpp_portal.tables import LinkColumn, RegisterTable, YesNoColumn

from ..models import Organisation


class OrganisationTable(RegisterTable):
    page_by_keys = True

    name = LinkColumn()
    kind = tables.Column()
    is_core_team_host = YesNoColumn(verbose_name="Hosts core team", orderable=False)
    updated_at = tables.DateTimeColumn(verbose_name="Last updated", format="j M Y")

    class Meta:
        model = Organisation
        fields = ("name", "kind", "is_core_team_host", "updated_at")
        order_by = ("name",)
