"""The role-holder register: who holds SIRO, DPO and Director at each organisation, and when."""

from typing import Any

from django.db.models import QuerySet

from vpp_portal.registers import (
    RegisterCreateView,
    RegisterDetailView,
    RegisterExportView,
    RegisterHistoryView,
    RegisterListView,
    RegisterUpdateView,
)

from ..choices import HolderRole
from ..filters.role_holders import RoleHolderFilterSet
from ..forms.role_holders import RoleHolderForm
from ..models import Organisation, RoleHolder
from ..selectors import holders_of_role
from ..services import role_holder_save
from ..tables.role_holders import RoleHolderTable, holder_status, with_role_rank


class _RankedRolesMixin:
    """Lists sort roles in the strategy's order (SIRO, DPO, Director), not alphabetically."""

    def get_queryset(self) -> QuerySet[RoleHolder]:
        return with_role_rank(super().get_queryset())  # type: ignore[misc]


class RoleHolderListView(_RankedRolesMixin, RegisterListView):
    model = RoleHolder
    table_class = RoleHolderTable
    filterset_class = RoleHolderFilterSet


class RoleHolderExportView(_RankedRolesMixin, RegisterExportView):
    model = RoleHolder
    table_class = RoleHolderTable
    filterset_class = RoleHolderFilterSet


class RoleHolderDetailView(RegisterDetailView):
    model = RoleHolder

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        holder: RoleHolder = self.object
        context["status"] = holder_status(holder)
        # Everyone who has held this role at the organisation: the handovers at a glance.
        context["holders_of_role"] = holders_of_role(holder, self.request.user)
        return context


class RoleHolderHistoryView(RegisterHistoryView):
    model = RoleHolder


class RoleHolderCreateView(RegisterCreateView):
    """Add a holder; ``?organisation=<id>&role=<role>`` (the organisation page's links) fills
    those in, and anything else there is ignored."""

    model = RoleHolder
    form_class = RoleHolderForm
    save_service = role_holder_save

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        organisation = self.request.GET.get("organisation", "")
        if organisation.isdigit() and len(organisation) < 12:
            found = (
                Organisation.objects.visible_to(self.request.user)
                .filter(pk=int(organisation))
                .first()
            )
            if found is not None:
                initial["organisation"] = found
        role = self.request.GET.get("role", "")
        if role in HolderRole.values:
            initial["role"] = role
        return initial


class RoleHolderUpdateView(RegisterUpdateView):
    model = RoleHolder
    form_class = RoleHolderForm
    save_service = role_holder_save
