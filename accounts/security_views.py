"""The security log (DPO and Admin) and the role changes (DPO and SIRO): read-only lists."""

from vpp_portal.registers import RegisterListView

from .models import RoleChange, SecurityEvent
from .security_filters import RoleChangeFilterSet, SecurityEventFilterSet
from .security_tables import RoleChangeTable, SecurityEventTable


class SecurityEventListView(RegisterListView):
    """``accounts.view_securityevent``: sign-ins, failures, lockouts, MFA and password changes,
    role changes, deactivations and refused pages, newest first."""

    model = SecurityEvent
    table_class = SecurityEventTable
    filterset_class = SecurityEventFilterSet
    table_pagination = {"per_page": 50}


class RoleChangeListView(RegisterListView):
    """``accounts.view_rolechange``: every role given or changed, by whom and why."""

    model = RoleChange
    table_class = RoleChangeTable
    filterset_class = RoleChangeFilterSet
