import django_filters

from vpp_portal.choosers import ChooserFilter
from vpp_portal.filters import RegisterFilterSet

from ..choices import ForumConnectionStatus
from ..models import ConnectionRequest, Forum


class ForumFilterSet(RegisterFilterSet):
    members = ChooserFilter(
        kind="organisation",
        label="Member",
        field_name="members",
        help_text="Type part of a member organisation's name.",
    )

    class Meta:
        model = Forum
        fields = ("q", "members")


class ConnectionRequestFilterSet(RegisterFilterSet):
    status = django_filters.ChoiceFilter(
        choices=ForumConnectionStatus.choices, empty_label="Any status"
    )
    forum = ChooserFilter(
        kind="forum",
        label="Forum",
        field_name="forum",
        help_text="Type part of the forum's name or its acronym.",
    )

    class Meta:
        model = ConnectionRequest
        fields = ("q", "status", "forum")
