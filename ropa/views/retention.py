"""Retention rules, the records due for disposal, and the disposal log."""

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from vpp_portal.documents import private_file_response
from vpp_portal.permissions import RegisterAccessMixin
from vpp_portal.registers import (
    RegisterCreateView,
    RegisterDetailView,
    RegisterExportView,
    RegisterHistoryView,
    RegisterListView,
    RegisterUpdateView,
    attach_errors,
)

from .. import services
from ..filters.retention import DisposalFilterSet, DisposalQueueFilterSet, RetentionRuleFilterSet
from ..forms.retention import (
    DisposalDecisionForm,
    DisposalForm,
    DisposalUpdateForm,
    RetentionRuleForm,
)
from ..models import Disposal, RetentionRule
from ..querysets import DisposalQuerySet
from ..selectors import (
    DUE_HORIZON_DAYS,
    DueList,
    DueRecord,
    DueShow,
    disposal_decision,
    disposal_waiting_text,
    due_counts,
    may_open_disposal_queue,
    records_held_under,
)
from ..tables.retention import DisposalQueueTable, DisposalTable, RetentionRuleTable

# --- Retention rules ---------------------------------------------------------------------------


class RetentionRuleListView(RegisterListView):
    model = RetentionRule
    table_class = RetentionRuleTable
    filterset_class = RetentionRuleFilterSet


class RetentionRuleExportView(RegisterExportView):
    model = RetentionRule
    table_class = RetentionRuleTable
    filterset_class = RetentionRuleFilterSet


class RetentionRuleDetailView(RegisterDetailView):
    model = RetentionRule

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context["held"] = records_held_under(self.object, self.request.user, today)
        context["horizon_days"] = DUE_HORIZON_DAYS
        return context


class RetentionRuleHistoryView(RegisterHistoryView):
    model = RetentionRule


class RetentionRuleCreateView(RegisterCreateView):
    model = RetentionRule
    form_class = RetentionRuleForm
    save_service = services.retention_rule_save


class RetentionRuleUpdateView(RegisterUpdateView):
    """Edit a rule; its service moves the due dates of the records held under it."""

    model = RetentionRule
    form_class = RetentionRuleForm
    save_service = services.retention_rule_save


# --- Due for disposal --------------------------------------------------------------------------


class RetentionDueView(RegisterAccessMixin, TemplateView):
    """Activities and data sources whose retention ends within the horizon, or has ended: one
    list of both registers, soonest first, 25 a page, selected and sorted on the stored due
    dates in SQL (two counts, one page of keys, then that page's records)."""

    model = RetentionRule
    template_name = "ropa/retention_due.html"
    paginate_by = 25

    #: ``?show=`` narrows the list to one kind of row (the dashboard's figures link here).
    SHOW: dict[DueShow, str] = {"overdue": "Overdue only", "due_soon": "Due soon only"}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # ``?within=N`` days (0 to 366) instead of the default horizon; anything else is ignored.
        within = self.request.GET.get("within", "")
        horizon = int(within) if within.isdigit() and int(within) <= 366 else DUE_HORIZON_DAYS
        today, user = timezone.localdate(), self.request.user
        counts = due_counts(user, today, horizon)
        requested = self.request.GET.get("show", "")
        show: DueShow = requested if requested in self.SHOW else ""  # type: ignore[assignment]
        shown = {"overdue": counts.overdue, "due_soon": counts.due_soon}.get(
            show, counts.overdue + counts.due_soon
        )
        paginator: Paginator[DueRecord] = Paginator(
            DueList(user, today, horizon, show, shown),  # type: ignore[arg-type]  # counted and sliced like a list
            self.paginate_by,
        )
        # ``get_page``: a page number past the end (the list shrank) shows the last page.
        page = paginator.get_page(self.request.GET.get("page"))
        context.update(
            page=page,
            due=list(page.object_list),
            showing=self.SHOW.get(show, ""),
            overdue_count=counts.overdue,
            due_soon_count=counts.due_soon,
            horizon_days=horizon,
            may_decide=may_open_disposal_queue(user),
        )
        return context


# --- Disposals ---------------------------------------------------------------------------------


class DisposalListView(RegisterListView):
    model = Disposal
    table_class = DisposalTable
    filterset_class = DisposalFilterSet

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["may_decide"] = may_open_disposal_queue(self.request.user)
        return context


class DisposalExportView(RegisterExportView):
    model = Disposal
    table_class = DisposalTable
    filterset_class = DisposalFilterSet


class _DisposalDeciderMixin:
    """Open to whoever may decide some disposals: the DPO, and the SIRO as deputy DPO."""

    request: HttpRequest

    def has_permission(self) -> bool:
        return may_open_disposal_queue(self.request.user)


class DisposalQueueView(_DisposalDeciderMixin, DisposalListView):
    """The DPO's queue: proposals awaiting a decision, oldest first, each saying whether the
    viewer may decide it or who can."""

    table_class = DisposalQueueTable  # type: ignore[assignment]
    filterset_class = DisposalQueueFilterSet  # type: ignore[assignment]

    def get_queryset(self) -> QuerySet[Disposal]:
        disposals = cast(DisposalQuerySet, super().get_queryset())
        return disposals.awaiting_decision().with_authorship(self.request.user)

    def get_table_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}

    def get_template_names(self) -> list[str]:
        return ["ropa/disposal_queue.html"]


class DisposalDetailView(RegisterDetailView):
    """A disposal's page; while it is proposed, the decision for whoever may take it, and
    otherwise who can."""

    model = Disposal

    def get_queryset(self) -> QuerySet[Disposal]:
        return cast(DisposalQuerySet, super().get_queryset()).with_authorship(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        disposal = self.object
        if disposal.is_proposed:
            decision = disposal_decision(self.request.user, disposal)
            context["decision"] = decision
            if decision:
                context.setdefault("decision_form", DisposalDecisionForm())
            else:
                context["waiting_text"] = disposal_waiting_text(
                    self.request.user, disposal, decision
                )
        return context


class _DisposalDecisionView(_DisposalDeciderMixin, DisposalDetailView):
    """POST only: run one decision service; a missing reason shows beside the field on the
    disposal's page, and nothing changes."""

    http_method_names = ["post"]
    verb = ""

    def decide(self, disposal: Disposal, reason: str) -> Disposal:
        raise NotImplementedError

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = disposal = self.get_object()
        if disposal.is_proposed:
            # Offered only to who may take it; a forged request is refused, naming who can.
            decision = disposal_decision(request.user, disposal)
            if not decision:
                raise PermissionDenied(decision.refusal)
        form = DisposalDecisionForm(request.POST)
        if form.is_valid():
            try:
                decided = self.decide(disposal, form.cleaned_data["reason"])
            except ValidationError as error:
                if not hasattr(error, "error_dict"):  # e.g. decided meanwhile: not a field
                    for message in error.messages:
                        messages.error(request, message)
                    return HttpResponseRedirect(disposal.get_absolute_url())
                attach_errors(form, error)
            else:
                messages.success(request, f"{decided}: {self.verb}.")
                return HttpResponseRedirect(decided.get_absolute_url())
        return self.render_to_response(self.get_context_data(decision_form=form))


class DisposalApproveView(_DisposalDecisionView):
    verb = "approved, and the record retired"

    def decide(self, disposal: Disposal, reason: str) -> Disposal:
        return services.disposal_approve(disposal, actor=self.request.user, reason=reason)


class DisposalRefuseView(_DisposalDecisionView):
    verb = "refused; the record stays as it was"

    def decide(self, disposal: Disposal, reason: str) -> Disposal:
        return services.disposal_refuse(disposal, actor=self.request.user, reason=reason)


class DisposalHistoryView(RegisterHistoryView):
    model = Disposal


class DisposalCreateView(RegisterCreateView):
    """Propose a disposal; ``?activity=<pk>`` or ``?data_source=<pk>`` names the record."""

    model = Disposal
    form_class = DisposalForm
    save_service = services.disposal_propose
    success_verb = "proposed: it now awaits the DPO's approval"

    def get_initial(self) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "disposed_on": timezone.localdate(),
            "carried_out_by": self.request.user.pk,
        }
        for name in ("activity", "data_source"):
            value = self.request.GET.get(name, "")
            if value.isdigit():
                initial[name] = int(value)
        return initial


class DisposalUpdateView(RegisterUpdateView):
    """Correct a proposal; once decided, a disposal is what the DPO decided on."""

    model = Disposal
    form_class = DisposalUpdateForm
    save_service = services.disposal_save

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        disposal = self.get_object()
        if not disposal.is_proposed:
            messages.info(
                request,
                f"{disposal} has been {disposal.get_status_display().lower()}, so it can no "
                "longer be changed.",
            )
            return HttpResponseRedirect(disposal.get_absolute_url())
        return super().get(request, *args, **kwargs)


class DisposalEvidenceView(RegisterAccessMixin, View):
    """Serve a disposal's uploaded evidence to the core team; it has no public address."""

    model = Disposal

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        disposal = get_object_or_404(
            Disposal.objects.visible_to(request.user).exclude(evidence=""), pk=pk
        )
        return private_file_response(disposal.evidence)
