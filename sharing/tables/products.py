import django_tables2 as tables

from vpp_portal.tables import LinkColumn, RegisterTable, StatusColumn

from ..models import Consultation, Product


class ProductTable(RegisterTable):
    title = LinkColumn()
    kind = tables.Column()
    audience = tables.Column()
    status = StatusColumn()

    class Meta:
        model = Product
        fields = ("title", "kind", "audience", "status")
        order_by = ("title",)


class ConsultationTable(RegisterTable):
    product = LinkColumn(verbose_name="Consultation", text=lambda r: str(r.product))
    organisation = tables.Column(verbose_name="Organisation consulted")
    due_on = tables.DateColumn(verbose_name="Answer due", format="j M Y")
    response = StatusColumn(verbose_name="Answer")

    class Meta:
        model = Consultation
        fields = ("product", "organisation", "due_on", "response")
        order_by = ("due_on",)
