import django_filters

from vpp_portal.filters import RegisterFilterSet

from ..choices import ForumConnectionStatus
from ..models import ConnectionRequest, Forum


class ForumFilterSet(RegisterFilterSet):
    class Meta:
        model = Forum
        fields = ("q",)


class ConnectionRequestFilterSet(RegisterFilterSet):
    status = django_filters.ChoiceFilter(
        choices=ForumConnectionStatus.choices, empty_label="Any status"
    )

    class Meta:
        model = ConnectionRequest
        fields = ("q", "status", "forum")
