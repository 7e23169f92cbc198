from typing import Any

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.functional import cached_property

from vpp_portal.registers import (
    RegisterCreateView,
    RegisterDetailView,
    RegisterExportView,
    RegisterHistoryView,
    RegisterListView,
    RegisterTransitionView,
    RegisterUpdateView,
)

from ..filters.forums import ConnectionRequestFilterSet, ForumFilterSet
from ..forms.forums import ConnectionRequestForm, ForumForm
from ..models import Agreement, ConnectionRequest, Forum
from ..tables.forums import ConnectionRequestTable, ForumTable
from ..workflows import CONNECTION_REQUEST_STEPS


class ForumListView(RegisterListView):
    model = Forum
    table_class = ForumTable
    filterset_class = ForumFilterSet


class ForumExportView(RegisterExportView):
    model = Forum
    table_class = ForumTable
    filterset_class = ForumFilterSet


class ForumDetailView(RegisterDetailView):
    """A forum, its members, the connections asked of it and the agreements that came via it."""

    model = Forum

    def get_queryset(self) -> Any:
        user = self.request.user
        requests = (
            ConnectionRequest.objects.visible_to(user)
            .select_related("agreement")
            .prefetch_related("organisations")
        )
        agreements = Agreement.objects.visible_to(user)
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch("connection_requests", queryset=requests),
                Prefetch("agreements", queryset=agreements),
            )
        )


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

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["workflow_actions"] = ConnectionRequestTransitionView.actions_for(
            self.object, self.request.user
        )
        return context


class ConnectionRequestHistoryView(RegisterHistoryView):
    model = ConnectionRequest


class ConnectionRequestCreateView(RegisterCreateView):
    """Ask a forum for a connection; from a forum's page the forum is already chosen."""

    model = ConnectionRequest
    form_class = ConnectionRequestForm

    @cached_property
    def chosen_forum(self) -> Forum | None:
        """The forum named by ``?forum=<pk>``, if the user can see it."""
        value = self.request.GET.get("forum", "")
        if not (value.isascii() and value.isdigit()):
            return None
        return Forum.objects.visible_to(self.request.user).filter(pk=value).first()

    def get_initial(self) -> dict[str, Any]:
        return {"forum": self.chosen_forum, "owner": self.request.user.pk}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "forum": self.chosen_forum}


class ConnectionRequestUpdateView(RegisterUpdateView):
    model = ConnectionRequest
    form_class = ConnectionRequestForm


class ConnectionRequestTransitionView(RegisterTransitionView):
    """Recording the forum's decision. A request is decided once: opening the step on a
    decided request goes back to its page and says why."""

    model = ConnectionRequest
    transitions = CONNECTION_REQUEST_STEPS

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        connection = self.get_object()
        available = {step.name for step in connection.get_available_status_transitions()}
        if kwargs["transition"] not in available:
            messages.error(
                request,
                f"This request was already {connection.get_status_display().lower()}: the "
                "forum's decision has been recorded.",
            )
            return HttpResponseRedirect(connection.get_absolute_url())
        return super().get(request, *args, **kwargs)
