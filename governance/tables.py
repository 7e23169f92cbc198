import django_tables2 as tables

from vpp_portal.tables import LinkColumn, RegisterTable, StatusColumn, blanks_last

from .models import Policy


class PolicyTable(RegisterTable):
    title = LinkColumn()
    kind = tables.Column()
    owner_organisation = tables.Column(verbose_name="Owner", order_by=("owner_organisation__name",))
    next_review_on = tables.DateColumn(verbose_name="Next review", format="j M Y")
    status = StatusColumn()

    order_next_review_on = blanks_last("next_review_on", then="title")

    class Meta:
        model = Policy
        fields = ("title", "kind", "owner_organisation", "next_review_on", "status")
        order_by = ("title",)
