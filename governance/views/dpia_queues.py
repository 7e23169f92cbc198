"""The DPO's review queue and the Director's and SIRO's sign-off queues: each DPIA one click
from its step, or saying who takes it instead. The queues themselves are selectors
(``governance.selectors.queues``); these views only check the role and lay them out, 25 DPIAs
a page: the database counts, orders and slices the queue, and only the page's rows are read
and given their step."""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils import timezone
from django.views.generic import TemplateView

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

PER_PAGE = 25


def _count_text(count: int) -> str:
    return f"{count} DPIA{'' if count == 1 else 's'} waiting, oldest first"


#: Builds the rows of a page of DPIAs for a reader on a day (``review_rows``, ``sign_off_rows``).
RowBuilder = Callable[[list[Dpia], Any, date], list[QueueRow]]


def queue_page(
    request: Any, queryset: QuerySet[Dpia], rows: RowBuilder, page_field: str = "page"
) -> tuple[Page[Dpia], list[QueueRow]]:
    """The page of ``queryset`` that ``page_field`` asks for (the last one for a number past
    it, the first for anything else) and its rows: one COUNT, then the page's DPIAs."""
    paginator: Paginator[Dpia] = Paginator(queryset, PER_PAGE)
    page = paginator.get_page(request.GET.get(page_field))
    return page, rows(list(page.object_list), request.user, timezone.localdate())


class _DpiaQueueView(RegisterAccessMixin, TemplateView):
    model = Dpia
    template_name = "governance/dpia_queue.html"
    permission = ""
    kind = ""
    heading = ""
    intro = ""
    empty = ""
    waiting_label = ""

    def row_builder(self) -> RowBuilder:
        raise NotImplementedError

    def get_permission_required(self) -> tuple[str, ...]:
        return (self.permission,)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        page, rows = queue_page(self.request, self.get_queryset(), self.row_builder())
        count = page.paginator.count
        context.update(
            {
                "page": page,
                "rows": rows,
                "count": count,
                "count_text": _count_text(count),
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

    def row_builder(self) -> RowBuilder:
        return review_rows

    def get_queryset(self) -> QuerySet[Any]:
        user = self.request.user
        return with_decision_facts(with_activities(review_queue(user)), user)


class _SignOffQueueView(_DpiaQueueView):
    high_residual_risk = False
    waiting_label = "Advised"

    def row_builder(self) -> RowBuilder:
        return sign_off_rows

    def get_queryset(self) -> QuerySet[Any]:
        user = self.request.user
        queue = sign_off_queue(user, high_residual_risk=self.high_residual_risk)
        return with_decision_facts(queue.select_related("author", "advised_by"), user)


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
    wrote, which await the SIRO as deputy DPO (paged on their own, by ``deputy_page``)."""

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
        deputy = with_activities(deputy_queue(self.request.user))  # type: ignore[arg-type]
        page, rows = queue_page(self.request, deputy, review_rows, "deputy_page")
        context["deputy_page"] = page
        context["deputy_rows"] = rows
        context["deputy_count_text"] = _count_text(page.paginator.count)
        return context
