from typing import Any, cast

from django.views.generic import TemplateView

from accounts.models import User
from accounts.selectors import active_colleague_count, active_users_by_role
from ropa.selectors import disposals_awaiting_count
from sharing.models import Organisation
from sharing.selectors import (
    consultations_awaiting_answer,
    organisations_by_kind,
    recent_organisation_changes,
    sharing_figures,
)


class HomeView(TemplateView):
    """Each role's home page: real figures of what exists, each linking to its list."""

    template_name = "governance/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # LoginRequiredMiddleware guarantees a signed-in user here.
        user = cast(User, self.request.user)
        context["figures"] = sharing_figures(user)
        if user.is_partner:
            context["organisation"] = user.organisation
            context["colleague_count"] = active_colleague_count(user)
            context["awaiting_answer"] = consultations_awaiting_answer(user)
            return context
        context["organisation_count"] = Organisation.objects.visible_to(user).count()
        context["organisations_by_kind"] = organisations_by_kind(user)
        context["core_team_host"] = Organisation.objects.filter(is_core_team_host=True).first()
        context["recent_changes"] = recent_organisation_changes(user)
        # What waits for the DPO (or the SIRO as deputy): one COUNT, asked of them only.
        context["disposals_awaiting"] = disposals_awaiting_count(user)
        if user.has_perm("accounts.view_user"):
            context["users_by_role"] = active_users_by_role()
        return context
