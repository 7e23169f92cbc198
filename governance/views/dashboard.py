"""The accountability dashboard: what the SIRO, the DPO and the Director open every Monday."""

from typing import Any

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.utils import timezone
from django.views.generic import TemplateView

from ..dashboard import build_panels
from ..trends import charts


class DashboardView(PermissionRequiredMixin, TemplateView):
    """One panel per Accountability Framework category, then the twelve-month trends."""

    template_name = "governance/dashboard.html"
    permission_required = "governance.view_dashboard"
    raise_exception = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context["today"] = today
        context["panels"] = build_panels(self.request.user, today)
        # Read from the stored monthly figures (one query), never from history.
        context["charts"] = charts(months=12, end=today)
        return context
