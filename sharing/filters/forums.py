import django_filters

from vpp_portal.filters import RegisterFilterSet

from ..choices import ForumConnectionStatus
from ..models import ConnectionRequest, Forum, Organisation


class ForumFilterSet(RegisterFilterSet):
    members = django_filters.ModelChoiceFilter(
        label="Member",
        queryset=Organisation.objects.all(),
        empty_label="Any member",
    )

    class Meta:
        model = Forum
        fields = ("q", "members")


class ConnectionRequestFilterSet(RegisterFilterSet):
    status = django_filters.ChoiceFilter(
        choices=ForumConnectionStatus.choices, empty_label="Any status"
    )
    forum = django_filters.ModelChoiceFilter(queryset=Forum.objects.all(), empty_label="Any forum")

    class Meta:
        model = ConnectionRequest
        fields = ("q", "status", "forum")
