import django_tables2 as tables

from vpp_portal.tables import LinkColumn, RegisterTable, StatusColumn

from ..models import Agreement


class AgreementTable(RegisterTable):
    title = LinkColumn()
    kind = tables.Column()
    parties = tables.Column(orderable=False, empty_values=())
    expires_on = tables.DateColumn(verbose_name="Expires", format="j M Y")
    status = StatusColumn()

    class Meta:
        model = Agreement
        fields = ("title", "kind", "parties", "expires_on", "status")
        order_by = ("title",)

    def render_parties(self, record: Agreement) -> str:
        return ", ".join(p.organisation.name for p in record.parties.all())

    def value_parties(self, record: Agreement) -> str:
        return self.render_parties(record)
