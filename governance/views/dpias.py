"""The DPIA register: the list and its export, starting a DPIA and changing what it assesses,
one DPIA's page (its steps, the task list while it is written, the DPO's comments), its
timeline and history tabs, and marking a DPO comment resolved.

Every write goes through ``governance.services.dpias``; these views only show and route.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import formats, timezone

from vpp_portal.history import history_entries_by_row
from vpp_portal.registers import (
    RecordFormView,
    RegisterCreateView,
    RegisterDetailView,
    RegisterExportView,
    RegisterHistoryView,
    RegisterListView,
    RegisterUpdateView,
    attach_errors,
)

from ..choices import (
    RISK_COLOURS,
    DpiaAction,
    DpiaStatus,
    DpiaStep,
    RiskLevel,
)
from ..filters import DpiaFilterSet
from ..forms.dpias import CommentResolveForm, DpiaForm
from ..models import Dpia, DpiaComment, DpiaEvent, DpiaRisk
from ..selectors import dpia_facts, with_decision_facts
from ..services import dpias as services
from ..tables import DpiaTable
from .dpia_page import RiskRow, by_whom, step_sections, task_list

# --- The register --------------------------------------------------------------------------------


def _listed(user: Any) -> QuerySet[Dpia]:
    """The DPIAs ``user`` may see, with what the list shows: author, activities (the highest
    risk is stored on the DPIA, so a page reads its 25 rows and no risks)."""
    return (
        Dpia.objects.visible_to(user)
        .select_related("author")
        .prefetch_related("activities")
        .order_by("-created_at", "-pk")
    )


class DpiaListView(RegisterListView):
    model = Dpia
    table_class = DpiaTable
    filterset_class = DpiaFilterSet

    def get_queryset(self) -> QuerySet[Dpia]:
        return _listed(self.request.user)


class DpiaExportView(RegisterExportView):
    model = Dpia
    table_class = DpiaTable
    filterset_class = DpiaFilterSet

    def get_queryset(self) -> QuerySet[Dpia]:
        return _listed(self.request.user)


class DpiaCreateView(RegisterCreateView):
    model = Dpia
    form_class = DpiaForm
    save_service = services.dpia_save
    success_verb = "started"

    def get_initial(self) -> dict[str, Any]:
        """Starting a DPIA from an activity, agreement or data source ticks that record."""
        initial = super().get_initial()
        for name in ("activities", "agreements", "data_sources"):
            ids = [value for value in self.request.GET.getlist(name) if value.isdigit()]
            if ids:
                initial[name] = ids
        return initial


def not_editable_message(dpia: Dpia) -> str:
    return (
        f"{dpia.reference} is ‘{dpia.get_status_display()}’: it can only be changed while it is "
        "a draft or returned for changes."
    )


class DpiaUpdateView(RegisterUpdateView):
    """The title and the links; the steps have their own pages. A DPIA that cannot be changed
    now sends the editor back to its page, saying why (a save racing a submission is refused
    by ``dpia_save`` and shown on the form, with the editor's input kept)."""

    model = Dpia
    form_class = DpiaForm
    save_service = services.dpia_save

    def get_queryset(self) -> QuerySet[Dpia]:
        return super().get_queryset().prefetch_related("activities", "agreements", "data_sources")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        if not self.object.is_editable:
            messages.warning(request, not_editable_message(self.object))
            return HttpResponseRedirect(self.object.get_absolute_url())
        return self.render_to_response(self.get_context_data())


# --- One DPIA: the header every tab shares -------------------------------------------------------


def risk_level(level: str) -> dict[str, str] | None:
    """A risk level for a tag: its word and its colour (never the colour alone)."""
    if not level:
        return None
    return {"value": level, "label": str(RiskLevel(level).label), "colour": RISK_COLOURS[level]}


class _DpiaRecordMixin:
    """One DPIA's header (reference, revision, status, author, risk levels) and its tabs:
    Details, Timeline and History. Everything it reads is loaded with the DPIA."""

    request: HttpRequest
    object: Any

    def get_queryset(self) -> QuerySet[Dpia]:
        return (
            Dpia.objects.visible_to(self.request.user)
            .with_related()
            .select_related("revision_of", "snapshot")
            .prefetch_related(
                "risks",
                Prefetch("revisions", queryset=Dpia.objects.order_by("revision", "pk")),
            )
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        dpia: Dpia = self.object
        risks = list(dpia.risks.all())
        context.update(
            {
                "risks": risks,
                "highest_overall_risk": risk_level(services.highest_overall_risk(risks)),
                "highest_residual_risk": risk_level(
                    services.highest_residual_risk(risks) if risks else ""
                ),
                "is_review_due": dpia.is_review_due(),
                "is_review_overdue": dpia.is_review_overdue(),
                "newer_revisions": list(dpia.revisions.all()),
                "has_snapshot": hasattr(dpia, "snapshot"),
                "timeline_url": reverse("governance:dpia_timeline", kwargs={"pk": dpia.pk}),
            }
        )
        return context


# --- One DPIA: its page --------------------------------------------------------------------------


class DpiaDetailView(_DpiaRecordMixin, RegisterDetailView):
    model = Dpia

    def get_queryset(self) -> QuerySet[Dpia]:
        comments = DpiaComment.objects.select_related("made_by", "resolved_by")
        queryset = (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch("comments", queryset=comments),
                "activities",
                "agreements",
                "data_sources",
            )
        )
        # Where the reader stands on it (wrote it, reviewed it): what the steps offered ask.
        return with_decision_facts(queryset, self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        # Imported here: the workflow module builds on the DPIA pages, not the other way.
        from .dpia_workflow import dpia_offer

        context = super().get_context_data(**kwargs)
        dpia: Dpia = self.object
        user: Any = self.request.user
        risks: list[DpiaRisk] = context["risks"]
        comments = list(dpia.comments.all())
        open_comments = [c for c in comments if not c.is_resolved]
        # The DPO who returned it is told what the author does next, not offered to do it.
        can_change = (
            dpia.is_editable
            and user.has_perm("governance.change_dpia")
            and not dpia_facts(dpia, user).user_was_dpo
        )
        offer = dpia_offer(dpia, user, risks=risks)
        problems = services.dpia_problems(dpia, risks) if can_change else []
        rows = [
            RiskRow(risk, risk_level(risk.overall_risk), risk_level(risk.residual_risk))
            for risk in risks
        ]
        context.update(
            {
                "can_change": can_change,
                "can_resolve": can_change and dpia.status == DpiaStatus.RETURNED,
                "sections": step_sections(dpia, risks, comments, can_change=can_change),
                "open_comments": open_comments,
                "problems": problems,
                "tasks": task_list(dpia, risks, problems, open_comments) if can_change else [],
                "risk_rows": rows,
                "measured_rows": [row for row in rows if row.risk.needs_measure],
                "links": [
                    ("Processing activities", list(dpia.activities.all())),
                    ("Agreements", list(dpia.agreements.all())),
                    ("Data sources", list(dpia.data_sources.all())),
                ],
                "measures_approved": by_whom(dpia.signed_off_by, dpia.signed_off_at),
                "workflow_actions": [
                    action for action in offer.actions if can_change or action["name"] != "submit"
                ],
                "workflow_refusals": offer.refusals,
            }
        )
        return context


# --- One DPIA: its timeline and its history ------------------------------------------------------


def timeline_items(dpia: Dpia, events: list[DpiaEvent]) -> list[dict[str, Any]]:
    """``events`` as the MOJ timeline shows them, newest first, each linking to the revision it
    concerns where it started or ended one."""
    revisions = list(dpia.revisions.all())
    items = []
    for event in events:
        link = None
        if event.action == DpiaAction.REVIEW_STARTED:
            if not event.status_before and dpia.revision_of is not None:
                link = ("Revision of", dpia.revision_of)
            elif revisions:
                # The revision this review created: the one started closest to the event.
                started = min(
                    revisions, key=lambda r: abs((r.created_at - event.at).total_seconds())
                )
                link = ("New revision", started)
        elif event.action == DpiaAction.SUPERSEDED and revisions:
            link = ("Superseded by", revisions[-1])
        items.append(
            {
                "title": event.get_action_display(),
                "actor": event.actor,
                "at": event.at,
                # The services' default comment is often the action itself: say it once.
                "comment": "" if event.comment == event.get_action_display() else event.comment,
                "status": event.status_after,
                "status_label": event.get_status_after_display() if event.status_after else "",
                "link_label": link[0] if link else "",
                "link_text": str(link[1]) if link else "",
                "link_url": link[1].get_absolute_url() if link else "",
            }
        )
    return items


class DpiaTimelineView(_DpiaRecordMixin, RegisterDetailView):
    """The Timeline tab: who did what to the DPIA, and when, newest first."""

    model = Dpia
    active_tab = "timeline"

    def get_queryset(self) -> QuerySet[Dpia]:
        events = DpiaEvent.objects.select_related("actor").order_by("-at", "-pk")
        return super().get_queryset().prefetch_related(Prefetch("events", queryset=events))

    def get_template_names(self) -> list[str]:
        return ["governance/dpia_timeline.html"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["timeline_items"] = timeline_items(self.object, list(self.object.events.all()))
        return context


@dataclass
class HistoryGroup:
    """The history of one risk or comment of a DPIA, under its own heading."""

    title: str
    entries: list[Any]
    text: str = ""
    is_deleted: bool = False


def _leave_out(entries: list[Any], *labels: str) -> list[Any]:
    """``entries`` without the changes to ``labels``, which the heading above them says."""
    for entry in entries:
        entry.changes = [change for change in entry.changes if change.label not in labels]
    return entries


class DpiaHistoryView(_DpiaRecordMixin, RegisterHistoryView):
    """The History tab: the DPIA's own changes, then each risk's (removed ones too) and each
    DPO comment's, with who, when and why."""

    model = Dpia

    def get_queryset(self) -> QuerySet[Dpia]:
        comments = DpiaComment.objects.select_related("made_by")
        return super().get_queryset().prefetch_related(Prefetch("comments", queryset=comments))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        dpia: Dpia = self.object
        newest_first = ("-history_date", "-history_id")
        risk_records = list(
            DpiaRisk.history.filter(dpia_id=dpia.pk)  # type: ignore[attr-defined]
            .select_related("history_user")
            .order_by(*newest_first)
        )
        comment_records = list(
            DpiaComment.history.filter(dpia_id=dpia.pk)  # type: ignore[attr-defined]
            .select_related("history_user")
            .order_by(*newest_first)
        )
        risk_groups = [
            HistoryGroup(
                f"Risk {entries[0].record.number}",
                _leave_out(entries, "Dpia"),
                is_deleted=entries[0].record.history_type == "-",
            )
            for entries in history_entries_by_row(DpiaRisk, risk_records).values()
        ]
        risk_groups.sort(key=lambda group: (int(group.title.split()[-1]), group.is_deleted))
        # Comments are written with the return, in bulk: their later changes have history.
        comment_entries = history_entries_by_row(DpiaComment, comment_records)
        context["risk_histories"] = risk_groups
        context["comment_histories"] = [
            HistoryGroup(
                f"Comment on step {comment.step} from {comment.made_by}, "
                f"{formats.date_format(timezone.localtime(comment.made_at), 'j M Y, H:i')}",
                _leave_out(
                    comment_entries.get(comment.pk, []),
                    "Dpia",
                    "Step",
                    "Comment",
                    "Made by",
                    "Made at",
                ),
                text=comment.text,
            )
            for comment in dpia.comments.all()
        ]
        return context


# --- Resolving a DPO comment ---------------------------------------------------------------------


class DpiaCommentResolveView(RecordFormView):
    """The author marks one of the DPO's comments resolved, with an optional reply."""

    model = DpiaComment
    form_class = CommentResolveForm
    template_name = "governance/dpiacomment_resolve.html"
    context_object_name = "comment"
    object: DpiaComment

    def get_permission_required(self) -> tuple[str, ...]:
        return ("governance.change_dpia",)

    def get_queryset(self) -> QuerySet[DpiaComment]:
        return DpiaComment.objects.filter(
            dpia__in=Dpia.objects.visible_to(self.request.user)
        ).select_related("dpia", "made_by", "resolved_by")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["dpia"] = self.object.dpia
        context["step_label"] = DpiaStep(self.object.step).label
        context["back_url"] = f"{self.object.dpia.get_absolute_url()}#comment-{self.object.pk}"
        return context

    def form_valid(self, form: CommentResolveForm) -> HttpResponse:
        comment = self.object
        try:
            services.dpia_comment_resolve(
                comment,
                actor=self.request.user,
                resolution=form.cleaned_data.get("resolution", ""),
            )
        except ValidationError as error:
            attach_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, f"The DPO's comment on step {comment.step} is marked as resolved."
        )
        return HttpResponseRedirect(f"{comment.dpia.get_absolute_url()}#step-{comment.step}")
