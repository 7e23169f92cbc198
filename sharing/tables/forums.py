import django_tables2 as tables

from vpp_portal.tables import LinkColumn, RegisterTable, StatusColumn

from ..models import ConnectionRequest, Forum


class ForumTable(RegisterTable):
    name = LinkColumn()
    acronym = tables.Column()
    member_count = tables.Column(verbose_name="Members", orderable=False, empty_values=())

    class Meta:
        model = Forum
        fields = ("name", "acronym", "member_count")
        order_by = ("name",)

    def render_member_count(self, record: Forum) -> int:
        return len(record.members.all())  # prefetched

    def value_member_count(self, record: Forum) -> int:
        return len(record.members.all())


class ConnectionRequestTable(RegisterTable):
    id = LinkColumn(verbose_name="Request", text=lambda r: str(r))
    forum = tables.Column()
    members = tables.Column(verbose_name="Members to connect", orderable=False, empty_values=())
    requested_on = tables.DateColumn(format="j M Y")
    status = StatusColumn()

    class Meta:
        model = ConnectionRequest
        fields = ("id", "forum", "members", "requested_on", "status")
        order_by = ("-requested_on",)

    def render_members(self, record: ConnectionRequest) -> str:
        return ", ".join(o.name for o in record.organisations.all())

    def value_members(self, record: ConnectionRequest) -> str:
        return self.render_members(record)
