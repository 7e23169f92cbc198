from typing import Any, cast

from django.views.generic import TemplateView

from accounts.models import User
from accounts.selectors import active_colleague_count, active_users_by_role
from sharing.models import Organisation
from sharing.selectors import (
    consultations_awaiting_answer,
    organisations_by_kind,
    recent_organisation_changes,
    sharing_figures,
)

from ..waiting import waiting_for


class HomeView(TemplateView):
    """Each role's home page: what waits for this person first, then real figures of what
    exists, each linking to its list."""

    template_name = "governance/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # LoginRequiredMiddleware guarantees a signed-in user here.
        user = cast(User, self.request.user)
        context["waiting"] = waiting_for(user)
        context["figures"] = sharing_figures(user)
        if user.is_partner:
            context["organisation"] = user.organisation
            context["colleague_count"] = active_colleague_count(user)
            context["awaiting_answer"] = consultations_awaiting_answer(user)
            return context
        by_kind = organisations_by_kind(user)
        # The kinds add up to the total: one read of the organisation table, not two.
        context["organisation_count"] = sum(row["count"] for row in by_kind)
        context["organisations_by_kind"] = by_kind
        context["core_team_host"] = Organisation.objects.filter(is_core_team_host=True).first()
        context["recent_changes"] = recent_organisation_changes(user)
        context["may_view_dashboard"] = user.has_perm("governance.view_dashboard")
        if user.has_perm("accounts.view_user"):
            context["users_by_role"] = active_users_by_role()
        return context
