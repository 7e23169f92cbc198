"""Processing activities: the register, one record's page in the ICO layout, its workflow, and
a printable page and PDF of the record under the controller header."""

import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Model
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import URLPattern, path, reverse
from django.utils import formats, timezone
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
    Transition,
)

from .. import services
from ..choices import ActivityStatus
from ..filters.activities import ProcessingActivityFilterSet
from ..forms.activities import ProcessingActivityForm, field_anchor
from ..ico import (
    APPROVED,
    ICO_COLUMNS,
    OPEN_STATUSES,
    dpia_label,
    dpia_progress,
    linked_dpias,
    missing_columns,
)
from ..models import ControllerDetails, ProcessingActivity
from ..tables.activities import ProcessingActivityTable

# --- Presenting one record ---------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    text: str
    url: str
    #: For a linked record with a status (a DPIA): its status value and label, shown as a tag.
    status: str = ""
    status_label: str = ""
    #: Something the reader must notice about it, e.g. "Review overdue" (a red tag).
    warning: str = ""

    @property
    def is_external(self) -> bool:
        return self.url.startswith(("https://", "http://"))


@dataclass
class RecordRow:
    """One row of a record's summary list: an ICO column (with its number) or one of ours."""

    label: str
    field: str
    number: int | None = None
    text: str = ""
    links: list[Link] = dataclasses.field(default_factory=list)
    is_list: bool = False
    is_missing: bool = False  # a required ICO column left empty
    is_overdue: bool = False
    #: The id of the form field it is changed in ("" when it is derived, not edited).
    anchor: str = ""
    #: Another action than "Change" for the row, e.g. starting a DPIA for a derived column.
    action: Link | None = None
    #: Where a derived column's entry comes from.
    source: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.text and not self.links


ICO_NUMBERS = {column.field: number for number, column in enumerate(ICO_COLUMNS, start=1)}
#: The ICO columns read from other registers rather than the activity's own fields.
DERIVED_ROWS = {column.field for column in ICO_COLUMNS if column.is_derived}
#: Rows of our own shown beside the ICO columns: the processors behind column 7, and the
#: retention rule behind column 10 with the due date it gives.
OWN_ROWS = {
    "processors": "Processors",
    "retention_rule": "Retention rule",
    "retention_trigger_on": "Retention period runs from",
    "retention_due_on": "Retention due date",
}

#: The record page's headings and the rows under each: every ICO column exactly once, in the
#: template's order within a heading.
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("The purpose", ("business_function", "purpose")),
    (
        "Individuals, data and recipients",
        ("individual_categories", "data_categories", "recipient_categories"),
    ),
    (
        "Sharing and transfers",
        (
            "joint_controllers",
            "processors",
            "processor_contracts",
            "third_countries",
            "transfer_safeguards",
        ),
    ),
    (
        "Lawful basis",
        (
            "art6_basis",
            "art9_condition",
            "legitimate_interests",
            "lia_link",
            "schedule1_condition",
            "schedule1_art6_basis",
        ),
    ),
    ("Rights", ("rights_available", "automated_decision_making")),
    (
        "Sources, location and security",
        ("security_measures", "sources", "consent_record_link", "location"),
    ),
    ("Data protection impact assessment", ("dpia_required", "dpia_progress", "dpia_link")),
    ("Breaches", ("has_breach", "breach_reference")),
    (
        "Retention",
        (
            "retention_schedule",
            "retention_rule",
            "retention_trigger_on",
            "retention_due_on",
            "retention_policy",
            "retained_in_line",
            "retention_reasons_if_not",
        ),
    ),
)


def _display(activity: ProcessingActivity, name: str, value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, date):
        return formats.date_format(value, "j F Y")
    display = getattr(activity, f"get_{name}_display", None)
    return str(display()) if display else str(value)


def dpia_record_links(activity: ProcessingActivity, today: date | None = None) -> list[Link]:
    """Column 23 on the record: each DPIA that counts for the activity (``ropa.ico``), with its
    status and whether its review is due."""
    today = today or timezone.localdate()
    links = []
    for dpia in linked_dpias(activity):
        warning = (
            "Review overdue"
            if dpia.is_review_overdue(today)
            else "Review due"
            if dpia.is_review_due(today)
            else ""
        )
        links.append(
            Link(
                f"{dpia_label(dpia)}: {dpia.title}",
                dpia.get_absolute_url(),
                status=dpia.status,
                status_label=dpia.get_status_display(),
                warning=warning,
            )
        )
    return links


def record_rows(activity: ProcessingActivity, today: date | None = None) -> dict[str, RecordRow]:
    """Every ICO column of ``activity`` and our own rows, by field name, ready to show.

    Reads only what ``with_related()`` loaded, so it costs no queries.
    """
    today = today or timezone.localdate()
    missing = {column.field for column in missing_columns(activity)}
    rows: dict[str, RecordRow] = {}
    for name in (*ICO_NUMBERS, *OWN_ROWS):
        number = ICO_NUMBERS.get(name)
        label = ICO_COLUMNS[number - 1].heading if number else OWN_ROWS[name]
        row = RecordRow(
            label=label,
            field=name,
            number=number,
            is_missing=name in missing,
            anchor=field_anchor(name),
        )
        rows[name] = row
        if name in DERIVED_ROWS:
            row.source = "from the DPIA register"
            continue
        value = getattr(activity, name)
        if hasattr(value, "all"):  # many-to-many: each linked record by name
            row.is_list = True
            row.links = [Link(str(obj), obj.get_absolute_url()) for obj in value.all()]
        elif isinstance(value, Model):
            row.links = [Link(str(value), value.get_absolute_url())]  # type: ignore[attr-defined]
        else:
            row.text = _display(activity, name, value)
            if row.text.startswith(("https://", "http://")):
                row.links, row.text = [Link(row.text, row.text)], ""
    # Columns 22 and 23, from the DPIA register.
    rows["dpia_progress"].text = dpia_progress(activity)
    rows["dpia_link"].is_list = True
    rows["dpia_link"].links = dpia_record_links(activity, today)
    due = activity.retention_due_on
    rows["retention_due_on"].is_overdue = (
        due is not None and due < today and activity.status != ActivityStatus.RETIRED
    )
    return rows


def record_sections(rows: dict[str, RecordRow]) -> list[tuple[str, list[RecordRow]]]:
    return [(heading, [rows[name] for name in names]) for heading, names in SECTIONS]


def ico_order(rows: dict[str, RecordRow]) -> list[RecordRow]:
    """The 30 columns in the ICO template's order, as the printed record lists them."""
    return [rows[column.field] for column in ICO_COLUMNS]


def is_review_overdue(activity: ProcessingActivity, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        activity.next_review_on is not None
        and activity.next_review_on < today
        and activity.status != ActivityStatus.RETIRED
    )


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
        if user.has_perm("governance.add_dpia") and not any(
            dpia.status in (APPROVED, *OPEN_STATUSES) for dpia in linked_dpias(activity)
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

    def get_initial(self) -> dict[str, Any]:
        return {"owner": self.request.user.pk}


class ProcessingActivityUpdateView(RegisterUpdateView):
    model = ProcessingActivity
    form_class = ProcessingActivityForm
    save_service = services.activity_save


# --- Workflow ------------------------------------------------------------------------------------


def _activity_step(name: str) -> Any:
    service = services.ACTIVITY_TRANSITIONS[name]
    return lambda *, actor, obj, reason: service(actor=actor, activity=obj, reason=reason)


class ProcessingActivityTransitionView(ActivationTransitionView):
    model = ProcessingActivity
    record_noun = "activity"
    transitions = {
        "activate": Transition(
            _activity_step("activate"),
            "Make the activity active",
            "Make active",
            hint="The processing may go ahead as recorded. An activity with personal data needs "
            "an agreement that allows it, an Art 6 basis and, from the DPIA register, an approved "
            "DPIA when ‘DPIA required?’ is yes, or the DPO’s confirmed screening that none is "
            "needed when it is no; special category or criminal offence data also needs its "
            "condition and a safeguards policy.",
        ),
        "start_review": Transition(
            _activity_step("start_review"),
            "Start a review of the activity",
            "Start review",
            hint="While under review the record can be changed freely; make it active again "
            "when the review is finished.",
        ),
        "retire": Transition(
            _activity_step("retire"),
            "Retire the activity",
            "Retire",
            hint="The processing has stopped. The record and its history are kept.",
            reason_required=True,
            is_warning=True,
        ),
    }

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


urlpatterns: list[URLPattern] = [
    path(
        "activities/<int:pk>/print/",
        ProcessingActivityPrintView.as_view(),
        name="processingactivity_print",
    ),
    path(
        "activities/<int:pk>/pdf/",
        ProcessingActivityPdfView.as_view(),
        name="processingactivity_pdf",
    ),
    path(
        "activities/<int:pk>/<slug:transition>/",
        ProcessingActivityTransitionView.as_view(),
        name="processingactivity_transition",
    ),
]
