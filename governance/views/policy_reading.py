"""Required reading: a person's list of the policies they must read, one policy's reading page
with the confirmation button, and the POST that records the confirmation.

Every signed-in user has these pages, partners included. Each is scoped by the reading
selectors: the list and the confirmation by what is required reading for the user, the reading
page also by what they may see on the register. Anything else is a 404. A confirmation is only
ever the signed-in user's own.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import DetailView, TemplateView

from ..models import Policy
from ..selectors.policy_reading import (
    is_required_for,
    my_confirmation,
    policies_required_for,
    readable_by,
    reading_due_on,
    reading_for,
)
from ..services.policy_reading import policy_confirm_reading


class PolicyReadingListView(TemplateView):
    """The signed-in user's required reading: still to confirm first, then confirmed."""

    template_name = "governance/policy_reading.html"
    paginate_by = 25

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        request = self.request
        page = Paginator(reading_for(request.user), self.paginate_by).get_page(
            request.GET.get("page")
        )
        context.update(page=page, policies=list(page), here=request.get_full_path())
        return context


class PolicyReadView(DetailView):
    """One policy as its reader sees it: the version, where to read it, and the button to
    confirm (or when they confirmed)."""

    template_name = "governance/policy_read.html"
    context_object_name = "policy"

    def get_queryset(self) -> Any:
        return readable_by(self.request.user).select_related("owner_organisation")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        policy: Policy = self.object
        user = self.request.user
        required = is_required_for(policy, user)
        confirmation = my_confirmation(policy, user) if required else None
        context.update(
            is_required=required,
            confirmation=confirmation,
            must_confirm=required and confirmation is None,
            due_on=reading_due_on(policy),
            may_see_record=user.has_perm("governance.view_policy"),
            here=self.request.get_full_path(),
        )
        return context


def _back(request: HttpRequest, policy: Policy) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("governance:policy_read", kwargs={"pk": policy.pk})


class PolicyConfirmView(View):
    """POST: the signed-in user confirms they have read and will follow the version of the
    policy they were shown (the form's ``version``). Only their own confirmation, only for a
    policy that is required reading for them: any other policy is a 404."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        policy = get_object_or_404(policies_required_for(request.user), pk=pk)
        version = request.POST.get("version", "")
        try:
            confirmation = policy_confirm_reading(policy, actor=request.user, version=version)
        except (ValidationError, PermissionDenied) as error:
            text = error.messages[0] if isinstance(error, ValidationError) else str(error)
            messages.error(request, text)
            return HttpResponseRedirect(reverse("governance:policy_read", kwargs={"pk": pk}))
        messages.success(
            request,
            f"You have confirmed that you have read and will follow {policy.title}, version "
            f"{confirmation.version}.",
        )
        return HttpResponseRedirect(_back(request, policy))
