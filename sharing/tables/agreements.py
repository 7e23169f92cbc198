import django_tables2 as tables

from vpp_portal.tables import LinkColumn, RegisterTable, StatusColumn, blanks_last

from ..models import Agreement


class AgreementTable(RegisterTable):
    caption = "Agreements"
    page_by_keys = True

    title = LinkColumn()
    kind = tables.Column()
    parties = tables.Column(verbose_name="Parties", orderable=False, empty_values=())
    review_on = tables.DateColumn(verbose_name="Review", format="j M Y")
    expires_on = tables.DateColumn(verbose_name="Expires", format="j M Y")
    status = StatusColumn()

    class Meta:
        model = Agreement
        fields = ("title", "kind", "parties", "review_on", "expires_on", "status")
        order_by = ("title",)

    def render_parties(self, record: Agreement) -> str:
        # Prefetched by ``with_related()``: one query for the whole page, not one per row.
        return ", ".join(p.organisation.name for p in record.parties.all())

    def value_parties(self, record: Agreement) -> str:
        return self.render_parties(record)

    # Undated agreements sort last either way.
    order_review_on = blanks_last("review_on", then="title")
    order_expires_on = blanks_last("expires_on", then="title")
