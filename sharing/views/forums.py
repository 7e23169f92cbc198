from typing import Any

from vpp_portal.registers import (
    RegisterCreateView,
    RegisterDetailView,
    RegisterExportView,
    RegisterHistoryView,
    RegisterListView,
    RegisterTransitionView,
    RegisterUpdateView,
    Transition,
)

from .. import services
from ..filters.forums import ConnectionRequestFilterSet, ForumFilterSet
from ..forms.forums import ConnectForm, ConnectionRequestForm, ForumForm
from ..models import ConnectionRequest, Forum
from ..tables.forums import ConnectionRequestTable, ForumTable


class ForumListView(RegisterListView):
    model = Forum
    table_class = ForumTable
    filterset_class = ForumFilterSet


class ForumExportView(RegisterExportView):
    model = Forum
    table_class = ForumTable
    filterset_class = ForumFilterSet


class ForumDetailView(RegisterDetailView):
    model = Forum


class ForumHistoryView(RegisterHistoryView):
    model = Forum


class ForumCreateView(RegisterCreateView):
    model = Forum
    form_class = ForumForm


class ForumUpdateView(RegisterUpdateView):
    model = Forum
    form_class = ForumForm


class ConnectionRequestListView(RegisterListView):
    model = ConnectionRequest
    table_class = ConnectionRequestTable
    filterset_class = ConnectionRequestFilterSet


class ConnectionRequestExportView(RegisterExportView):
    model = ConnectionRequest
    table_class = ConnectionRequestTable
    filterset_class = ConnectionRequestFilterSet


class ConnectionRequestDetailView(RegisterDetailView):
    model = ConnectionRequest


class ConnectionRequestHistoryView(RegisterHistoryView):
    model = ConnectionRequest


class ConnectionRequestCreateView(RegisterCreateView):
    model = ConnectionRequest
    form_class = ConnectionRequestForm

    def get_initial(self) -> dict[str, Any]:
        return {"forum": self.request.GET.get("forum"), "owner": self.request.user.pk}


class ConnectionRequestUpdateView(RegisterUpdateView):
    model = ConnectionRequest
    form_class = ConnectionRequestForm


class ConnectionRequestTransitionView(RegisterTransitionView):
    model = ConnectionRequest
    transitions = {
        "connect": Transition(
            service=lambda *, actor, obj, reason, agreement=None, create_agreement=False: (
                services.connection_request_connect(
                    actor=actor,
                    request=obj,
                    reason=reason,
                    agreement=agreement,
                    create_agreement=create_agreement,
                )
            ),
            label="Record the connection",
            button="Record the connection",
            hint="The forum has connected the VPP to these members under its arrangement.",
            form_class=ConnectForm,
        ),
        "decline": Transition(
            service=lambda *, actor, obj, reason: services.connection_request_decline(
                actor=actor, request=obj, reason=reason
            ),
            label="Record that the forum declined",
            button="Record the decline",
            reason_required=True,
            is_warning=True,
        ),
    }
