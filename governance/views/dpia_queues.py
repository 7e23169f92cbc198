"""The DPO's review queue and the Director's and SIRO's sign-off queues: each DPIA one click
from its step, or saying who takes it instead. The queues themselves are selectors
(``governance.selectors.queues``); these views only check the role and lay them out."""

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.views.generic import ListView

from vpp_portal.permissions import RegisterAccessMixin

from ..models import Dpia
from ..selectors import (
    ADVISE,
    SIGN_OFF,
    SIGN_OFF_HIGH_RISK,
    QueueRow,
    deputy_queue,
    review_queue,
    review_rows,
    sign_off_queue,
    sign_off_rows,
    with_activities,
    with_decision_facts,
)


def _count_text(count: int) -> str:
    return f"{count} DPIA{'' if count == 1 else 's'} waiting, oldest first"


class _DpiaQueueView(RegisterAccessMixin, ListView):
    model = Dpia
    template_name = "governance/dpia_queue.html"
    permission = ""
    kind = ""
    heading = ""
    intro = ""
    empty = ""
    waiting_label = ""

    def get_permission_required(self) -> tuple[str, ...]:
        return (self.permission,)

    def rows(self, dpias: list[Dpia], today: date) -> list[QueueRow]:
        raise NotImplementedError

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        rows = self.rows(list(context["object_list"]), timezone.localdate())
        context.update(
            {
                "rows": rows,
                "count": len(rows),
                "count_text": _count_text(len(rows)),
                "kind": self.kind,
                "heading": self.heading,
                "intro": self.intro,
                "empty": self.empty,
                "waiting_label": self.waiting_label,
            }
        )
        return context


class DpiaReviewQueueView(_DpiaQueueView):
    """The DPO's review queue: submitted DPIAs, oldest first, each one click from its form, or
    saying who takes the step on a DPIA this DPO wrote."""

    permission = ADVISE
    kind = "review"
    heading = "DPO review queue"
    intro = (
        "DPIAs submitted for your review. Give your advice, confirm a screening that found no "
        "DPIA needed, or return the DPIA to its author with comments. On a DPIA you wrote, "
        "another DPO, or the SIRO as deputy DPO, takes the step."
    )
    empty = "No DPIAs are waiting for your review."
    waiting_label = "Submitted"

    def get_queryset(self) -> QuerySet[Any]:
        user = self.request.user
        return with_decision_facts(with_activities(review_queue(user)), user)

    def rows(self, dpias: list[Dpia], today: date) -> list[QueueRow]:
        return review_rows(dpias, self.request.user, today)


class _SignOffQueueView(_DpiaQueueView):
    high_residual_risk = False
    waiting_label = "Advised"

    def get_queryset(self) -> QuerySet[Any]:
        user = self.request.user
        queue = sign_off_queue(user, high_residual_risk=self.high_residual_risk)
        return with_decision_facts(queue.select_related("author", "advised_by"), user)

    def rows(self, dpias: list[Dpia], today: date) -> list[QueueRow]:
        return sign_off_rows(dpias, self.request.user, today)


class DpiaDirectorQueueView(_SignOffQueueView):
    """DPIAs advised on by the DPO whose highest residual risk is low or medium."""

    permission = SIGN_OFF
    kind = "director"
    heading = "DPIAs for the Director's sign-off"
    intro = (
        "DPIAs the DPO has advised on whose highest residual risk is low or medium, oldest "
        "advice first. Approve the measures and accept the residual risks, or reject the DPIA."
    )
    empty = "No DPIAs are waiting for your sign-off."


class DpiaSiroQueueView(_SignOffQueueView):
    """DPIAs advised on by the DPO whose highest residual risk is high; then the DPIAs a DPO
    wrote, which await the SIRO as deputy DPO."""

    permission = SIGN_OFF_HIGH_RISK
    kind = "siro"
    high_residual_risk = True
    heading = "DPIAs for the SIRO's sign-off"
    intro = (
        "DPIAs the DPO has advised on whose highest residual risk is high, oldest advice "
        "first. High residual risk needs the prior consultation with the ICO (UK GDPR Art 36) "
        "recorded before approval."
    )
    empty = "No DPIAs are waiting for your sign-off."

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        deputy = review_rows(list(with_activities(deputy_queue(user))), user, timezone.localdate())
        context["deputy_rows"] = deputy
        context["deputy_count_text"] = _count_text(len(deputy))
        return context
