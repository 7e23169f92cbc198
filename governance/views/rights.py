"""The rights request register: the list and its export, logging and editing a request, its
page with the clock in words, its steps (pause, resume, extend, respond) and the searches
partner organisations are asked to make, which partners answer here.

Every write goes through ``governance.services.rights``; these views only show and route.
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic.detail import SingleObjectMixin
from django.views.generic.edit import FormView

from vpp_portal.editing import EditConflict
from vpp_portal.permissions import RegisterAccessMixin
from vpp_portal.registers import (
    RegisterCreateView,
    RegisterDetailView,
    RegisterExportView,
    RegisterHistoryView,
    RegisterListView,
    RegisterTransitionView,
    RegisterUpdateView,
    attach_errors,
)

from ..forms.rights import (
    RightsRequestForm,
    RightsSearchAnswerForm,
    RightsSearchForm,
    RightsSearchUpdateForm,
)
from ..models.rights import RightsRequest, RightsSearch
from ..rights.choices import RIGHTS_STATUS_COLOURS, RightsRequestStatus
from ..rights.filters import RightsRequestFilterSet, RightsSearchFilterSet
from ..rights.tables import RightsRequestTable, RightsSearchTable
from ..rights.workflow import RIGHTS_STEPS
from ..services import rights as services

NOT_YOURS = "Only the Data Protection Officer or the request's handler can change it."


class RightsRequestListView(RegisterListView):
    model = RightsRequest
    table_class = RightsRequestTable
    filterset_class = RightsRequestFilterSet


class RightsRequestExportView(RegisterExportView):
    model = RightsRequest
    table_class = RightsRequestTable
    filterset_class = RightsRequestFilterSet


class RightsRequestCreateView(RegisterCreateView):
    model = RightsRequest
    form_class = RightsRequestForm
    save_service = services.rights_request_update
    save_service_takes_links = True
    success_verb = "logged"

    def get_initial(self) -> dict[str, Any]:
        return {"handler": self.request.user.pk, "received_on": timezone.localdate()}


class _MayActMixin:
    """Edits and steps are the DPO's or the handler's (403 for anyone else who may see it)."""

    object: RightsRequest
    request: HttpRequest

    def get_object(self, queryset: Any = None) -> Any:
        obj = super().get_object(queryset)  # type: ignore[misc]
        if not services.may_act(self.request.user, obj):
            raise PermissionDenied(NOT_YOURS)
        return obj


class RightsRequestUpdateView(_MayActMixin, RegisterUpdateView):
    model = RightsRequest
    form_class = RightsRequestForm
    save_service = services.rights_request_update
    save_service_takes_links = True

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        if self.object.status == RightsRequestStatus.RESPONDED:
            messages.warning(request, f"{self.object} has been responded to: it cannot change.")
            return HttpResponseRedirect(self.object.get_absolute_url())
        return self.render_to_response(self.get_context_data())


class _RecordMixin:
    object: RightsRequest
    request: HttpRequest

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["status_colour"] = RIGHTS_STATUS_COLOURS.get(self.object.status, "grey")
        context["clock"] = services.request_clock(self.object)
        return context


class RightsRequestDetailView(_RecordMixin, RegisterDetailView):
    model = RightsRequest

    def get_queryset(self) -> Any:
        return super().get_queryset().prefetch_related("activities", "data_sources")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        rights_request = self.object
        user: Any = self.request.user
        may_act = services.may_act(user, rights_request)
        context.update(
            {
                "may_act": may_act,
                "may_edit": may_act and rights_request.is_open,
                "may_see_requester": services.may_see_requester(user, rights_request),
                "workflow_actions": RightsRequestTransitionView.actions_for(rights_request, user),
                "searches": list(
                    rights_request.searches.select_related("organisation", "answered_by")
                ),
            }
        )
        return context


class RightsRequestHistoryView(_RecordMixin, RegisterHistoryView):
    model = RightsRequest


class RightsRequestTransitionView(_MayActMixin, RegisterTransitionView):
    model = RightsRequest
    transitions = RIGHTS_STEPS

    @classmethod
    def actions_for(
        cls, obj: Any, user: Any, *, skip: tuple[str, ...] = ()
    ) -> list[dict[str, Any]]:
        """The steps open now, for the DPO or the handler only; FOI requests are not
        extended."""
        if not services.may_act(user, obj):
            return []
        if obj.kind == "foi":
            skip = (*skip, "extend")
        return super().actions_for(obj, user, skip=skip)

    def form_valid(self, form: forms.Form) -> HttpResponse:
        try:
            return super().form_valid(form)
        except EditConflict:
            form.add_error(
                None,
                "This request was changed after you opened this page, so nothing has been "
                "saved. Check the request's page, then try again.",
            )
            return self.form_invalid(form)


# --- Searches by partner organisations ------------------------------------------------------------


class RightsSearchListView(RegisterListView):
    """Partners see the searches asked of their own organisation only."""

    model = RightsSearch
    table_class = RightsSearchTable
    filterset_class = RightsSearchFilterSet


class RightsSearchExportView(RegisterExportView):
    model = RightsSearch
    table_class = RightsSearchTable
    filterset_class = RightsSearchFilterSet


class RightsSearchDetailView(RegisterDetailView):
    model = RightsSearch

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        search: RightsSearch = self.object
        user: Any = self.request.user
        parent = search.rights_request
        context["may_answer"] = parent.is_open and services.may_answer(user, search)
        context["may_edit"] = parent.is_open and services.may_act(user, parent)
        context["is_partner"] = getattr(user, "is_partner", False)
        return context


class RightsSearchHistoryView(RegisterHistoryView):
    model = RightsSearch


class RightsSearchCreateView(RegisterCreateView):
    """Ask a partner organisation to search for one request."""

    model = RightsSearch
    form_class = RightsSearchForm
    save_service = services.rights_search_ask
    success_verb = "asked"

    def get_rights_request(self) -> RightsRequest:
        if not hasattr(self, "_rights_request"):
            found = get_object_or_404(
                RightsRequest.objects.visible_to(self.request.user), pk=self.kwargs["request_pk"]
            )
            if not services.may_act(self.request.user, found):
                raise PermissionDenied(NOT_YOURS)
            self._rights_request = found
        return self._rights_request

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "rights_request": self.get_rights_request()}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "rights_request": self.get_rights_request()}


class RightsSearchUpdateView(RegisterUpdateView):
    model = RightsSearch
    form_class = RightsSearchUpdateForm
    save_service = services.rights_search_ask

    def get_object(self, queryset: Any = None) -> Any:
        obj = super().get_object(queryset)
        if not services.may_act(self.request.user, obj.rights_request):
            raise PermissionDenied(NOT_YOURS)
        return obj


class RightsSearchAnswerView(RegisterAccessMixin, SingleObjectMixin, FormView):
    """The partner answers a search asked of its organisation (or the DPO or the handler
    records an answer received another way)."""

    model = RightsSearch
    form_class = RightsSearchAnswerForm
    template_name = "governance/rightssearch_answer.html"
    object: RightsSearch

    def get_permission_required(self) -> tuple[str, ...]:
        return ("governance.view_rightssearch",)

    def get_object(self, queryset: Any = None) -> Any:
        search = super().get_object(queryset)
        if not services.may_answer(self.request.user, search):
            raise PermissionDenied("Only the organisation asked, the DPO or the handler answer.")
        return search

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        return super().post(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        search = self.object
        initial: dict[str, Any] = {"row_version": search.row_version}
        if search.answer != "pending":
            initial.update(answer=search.answer, notes=search.notes)
        return initial

    def form_valid(self, form: forms.Form) -> HttpResponse:
        try:
            services.rights_search_answer(
                self.object,
                actor=self.request.user,
                answer=form.cleaned_data["answer"],
                notes=form.cleaned_data["notes"],
                expected_version=form.cleaned_data.get("row_version"),
            )
        except EditConflict as conflict:
            form.add_error(
                None,
                f"This search was {conflict} after you opened it, so your answer has not been "
                "saved. Check the answer now recorded, then send yours again.",
            )
            form.data = {**form.data.dict(), "row_version": str(conflict.current.row_version)}  # type: ignore[attr-defined]
            return self.form_invalid(form)
        except ValidationError as error:
            attach_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"The answer for {self.object} has been recorded.")
        return HttpResponseRedirect(self.object.get_absolute_url())
