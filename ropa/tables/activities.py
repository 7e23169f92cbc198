import django_tables2 as tables

from vpp_portal.tables import LinkColumn, RegisterTable, StatusColumn

from ..models import ProcessingActivity


class ProcessingActivityTable(RegisterTable):
    name = LinkColumn()
    business_function = tables.Column()
    has_personal_data = tables.BooleanColumn(verbose_name="Personal data", yesno="Yes,No")
    status = StatusColumn()

    class Meta:
        model = ProcessingActivity
        fields = ("name", "business_function", "has_personal_data", "status")
        order_by = ("name",)
