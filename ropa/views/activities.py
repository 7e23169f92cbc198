"""Processing activities: the register, one record's page in the ICO layout, its workflow, and
a printable page and PDF of the record under the controller header. The record's rows are
read by ``ropa.selectors.record_rows``."""

from typing import Any

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from sharing.selectors import current_dpo
from vpp_portal.documents import pdf_response, render_pdf
from vpp_portal.registers import (
    ActivationTransitionView,
    RegisterCreateView,
    RegisterDetailView,
    RegisterExportView,
    RegisterHistoryView,
    RegisterListView,
    RegisterUpdateView,
)

from .. import services
from ..choices import ActivityStatus
from ..filters.activities import ProcessingActivityFilterSet
from ..forms.activities import ProcessingActivityForm, field_anchor
from ..ico import activity_dpias, missing_columns
from ..models import ControllerDetails, ProcessingActivity
from ..selectors import (
    ICO_NUMBERS,
    OWN_ROWS,
    SECTIONS,
    Link,
    ico_order,
    is_review_overdue,
    record_rows,
    record_sections,
)
from ..tables.activities import ProcessingActivityTable
from ..workflows import ACTIVITY_STEPS

__all__ = ["PDF_TEMPLATE", "SECTIONS", "print_context", "render_activity_pdf"]

# --- The register --------------------------------------------------------------------------------


class ProcessingActivityListView(RegisterListView):
    model = ProcessingActivity
    table_class = ProcessingActivityTable
    filterset_class = ProcessingActivityFilterSet

    def get_queryset(self) -> Any:
        return ProcessingActivity.objects.visible_to(self.request.user).with_completeness()  # type: ignore[attr-defined]


class ProcessingActivityExportView(RegisterExportView):
    model = ProcessingActivity
    table_class = ProcessingActivityTable
    filterset_class = ProcessingActivityFilterSet

    def get_queryset(self) -> Any:
        return ProcessingActivity.objects.visible_to(self.request.user).with_completeness()  # type: ignore[attr-defined]


class ProcessingActivityDetailView(RegisterDetailView):
    model = ProcessingActivity

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        activity: ProcessingActivity = self.object
        user = self.request.user
        can_change = user.has_perm("ropa.change_processingactivity")
        available = {t.name for t in activity.get_available_status_transitions()}  # type: ignore[attr-defined]
        rows = record_rows(activity)
        edit_url = reverse("ropa:processingactivity_update", kwargs={"pk": activity.pk})
        if (
            user.has_perm("governance.add_dpia")
            and not activity_dpias(activity).approved_or_under_way
        ):
            # The DPIA is written in the DPIA register; the activity is linked from there.
            start = f"{reverse('governance:dpia_create')}?activities={activity.pk}"
            rows["dpia_link"].action = Link("Start a DPIA", start)
        context.update(
            {
                "sections": record_sections(rows),
                "missing_columns": [
                    {
                        "number": ICO_NUMBERS[column.field],
                        "heading": column.heading,
                        "url": f"{edit_url}#{field_anchor(column.field)}",
                    }
                    for column in missing_columns(activity)
                ],
                "can_change": can_change,
                "edit_url": edit_url,
                "is_review_overdue": is_review_overdue(activity),
                "workflow_actions": ProcessingActivityTransitionView.actions_for(activity, user),
                # Everything that stops activation (rule 3), while activation is on offer.
                "activation_problems": services.activity_problems(activity)
                if can_change and "activate" in available
                else [],
                # An active activity can fall out of the rules (its ISA expires, its policy is
                # withdrawn): everyone who reads it should know.
                "rule_breaches": services.activity_problems(activity)
                if activity.status == ActivityStatus.ACTIVE
                else [],
            }
        )
        return context


class ProcessingActivityHistoryView(RegisterHistoryView):
    model = ProcessingActivity


class ProcessingActivityCreateView(RegisterCreateView):
    model = ProcessingActivity
    form_class = ProcessingActivityForm
    save_service = services.activity_save
    save_service_takes_links = True

    def get_initial(self) -> dict[str, Any]:
        return {"owner": self.request.user.pk}


class ProcessingActivityUpdateView(RegisterUpdateView):
    model = ProcessingActivity
    form_class = ProcessingActivityForm
    save_service = services.activity_save
    save_service_takes_links = True


# --- Workflow ------------------------------------------------------------------------------------


class ProcessingActivityTransitionView(ActivationTransitionView):
    model = ProcessingActivity
    record_noun = "activity"
    transitions = ACTIVITY_STEPS

    def activation_problems(self) -> list[Any]:
        return services.activity_problems(self.object)


# --- Printable record and PDF --------------------------------------------------------------------


def print_context(activity: ProcessingActivity) -> dict[str, Any]:
    """What the printed record and the PDF show: the controller header, then every column."""
    rows = record_rows(activity)
    return {
        "activity": activity,
        "controller": ControllerDetails.objects.first(),
        "dpo": current_dpo(),
        "ico_rows": ico_order(rows),
        "own_rows": [rows[name] for name in OWN_ROWS],
        "missing_count": sum(1 for row in rows.values() if row.is_missing),
        "is_review_overdue": is_review_overdue(activity),
        "printed_at": timezone.localtime(),
    }


class ProcessingActivityPrintView(RegisterDetailView):
    """The record as one page to print: the controller header, then the 30 columns in order."""

    model = ProcessingActivity

    def get_template_names(self) -> list[str]:
        return ["ropa/processingactivity_print.html"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), **print_context(self.object)}


PDF_TEMPLATE = "ropa/processingactivity_pdf.html"


def render_activity_pdf(activity: ProcessingActivity) -> bytes:
    """The printed record as a PDF, built from the record alone."""
    return render_pdf(render_to_string(PDF_TEMPLATE, print_context(activity)))


class ProcessingActivityPdfView(RegisterDetailView):
    """The printed record as a PDF download."""

    model = ProcessingActivity

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        activity: ProcessingActivity = self.object
        stamp = timezone.localdate().isoformat()
        filename = f"ropa-{slugify(activity.name)}-{stamp}.pdf"
        return pdf_response(render_activity_pdf(activity), filename)
